// Run by html.spec.ts in a child process against the e2e database: makes one
// of each kind of account, a class with a learner in it and a certificate,
// so the HTML check can fetch every signed-in page type.
//   tsx html-fixture.ts '<json {password}>'
import { hashPassword } from '../../../app/auth/password.server'
import { issueCertificate } from '../../../app/certificates/issue.server'
import { generateCode } from '../../../app/certificates/code'
import { createClass, joinClass } from '../../../app/classes/classes.server'
import { prisma } from '../../../app/db.server'
import { normalizeVietnamesePhone } from '../../../app/lib/phone'

const { password } = JSON.parse(process.argv[2]!) as { password: string }
const ward = await prisma.organization.findFirstOrThrow({ where: { kind: 'WARD' }, orderBy: { code: 'asc' }, include: { parent: true } })
const hash = await hashPassword(password)
const stamp = Date.now().toString().slice(-7)

async function account(role: 'LEARNER' | 'TRAINER' | 'ORG_ADMIN' | 'ADMIN', name: string, digit: string, organizationId: string | null) {
  const phone = `09${digit}${stamp}`
  const user = await prisma.user.create({ data: { name, phone: normalizeVietnamesePhone(phone), role, organizationId, password: { create: { hash } } } })
  return { id: user.id, phone }
}

const learner = await account('LEARNER', 'Nguyễn Thị Học Viên', '1', ward.id)
const trainer = await account('TRAINER', 'Trần Văn Tập Huấn', '2', ward.id)
const orgAdmin = await account('ORG_ADMIN', 'Lê Thị Quản Lý', '3', ward.parent?.id ?? ward.id)
const admin = await account('ADMIN', 'Phạm Văn Quản Trị', '4', null)

const created = await createClass({ id: trainer.id, role: 'TRAINER', organizationScope: [ward.id] }, { name: 'Lớp tối thứ Năm', organizationId: ward.id })
if (!created.ok) throw new Error(`class not created: ${JSON.stringify(created)}`)
const cls = await prisma.class.findUniqueOrThrow({ where: { id: created.id } })
await joinClass(learner.id, cls.joinCode)
// The same class with work to do: assignments, a session with attendance.
const week = new Date(Date.now() + 7 * 24 * 3600 * 1000)
await prisma.assignment.createMany({
  data: [
    { classId: cls.id, kind: 'course', targetId: 'phan-anh-kien-nghi', dueAt: week },
    { classId: cls.id, kind: 'simulator', targetId: 'vneid-kich-hoat-tai-khoan', dueAt: week },
  ],
})
await prisma.attendanceSession.create({ data: { classId: cls.id, day: '2026-12-03', present: { create: [{ userId: learner.id }] } } })
// And one with a learner but nothing assigned yet (its matrix once crashed).
const bare = await createClass({ id: trainer.id, role: 'TRAINER', organizationScope: [ward.id] }, { name: 'Lớp mới mở', organizationId: ward.id })
if (!bare.ok) throw new Error(`class not created: ${JSON.stringify(bare)}`)
await joinClass(learner.id, (await prisma.class.findUniqueOrThrow({ where: { id: bare.id } })).joinCode)

const course = 'phan-anh-kien-nghi'
const now = new Date()
await prisma.courseProgress.create({
  data: { userId: learner.id, courseSlug: course, lessonsCompleted: 6, quizBestPercent: 100, quizPassedAt: now, completedAt: now, lastActivityAt: now },
})
const certificate = await issueCertificate(learner.id, course, now)
if (!certificate) throw new Error('certificate not issued')

console.log(
  JSON.stringify({
    learner,
    trainer,
    orgAdmin,
    admin,
    classId: cls.id,
    bareClassId: bare.id,
    joinCode: cls.joinCode,
    orgId: ward.parent?.id ?? ward.id,
    wardId: ward.id,
    certificate: certificate.code,
    unknownCertificate: generateCode(),
  }),
)
await prisma.$disconnect()
