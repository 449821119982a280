import { expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { vietnamDay } from '~/lib/dates'
import { action as attendanceAction, loader as attendanceLoader } from '~/routes/classes/attendance'
import { action as classAction, loader as classLoader } from '~/routes/classes/class'
import { action as editAction, loader as editLoader } from '~/routes/classes/edit'
import { loader as indexLoader } from '~/routes/classes/index'
import { action as joinAction, loader as joinLoader } from '~/routes/classes/join'
import { action as newAction } from '~/routes/classes/new'
import { loader as posterLoader } from '~/routes/classes/poster'
import { loader as progressLoader } from '~/routes/progress'
import { action as signupAction } from '~/routes/signup'
import { loader as dataLoader } from '~/routes/account-data'
import { context, formRequest, getRequest, run } from '../support/http'
import { organization, person } from '../support/people'

const today = () => vietnamDay(new Date())
const inDays = (days: number) => vietnamDay(new Date(Date.now() + days * 86_400_000))

async function classOf(trainer: { cookie: string; user: { organizationId: string | null } }, name = 'Lớp VNeID tổ 5') {
  const outcome = await run(newAction, formRequest('/lop-hoc/moi', { name, organizationId: trainer.user.organizationId!, scheduleNotes: 'Tối thứ Ba' }, trainer.cookie))
  expect(outcome.status).toBe(302)
  const id = outcome.headers.get('Location')!.match(/^\/lop-hoc\/([^?]+)\?moi=1$/)![1]!
  return prisma.class.findUniqueOrThrow({ where: { id } })
}

test('a trainer creates a class with a join code; bad input is refused in Vietnamese and kept', async () => {
  const ward = await organization('Phường Bến Thành')
  const trainer = await person('TRAINER', ward.id)
  const cls = await classOf(trainer)
  expect(cls).toMatchObject({ name: 'Lớp VNeID tổ 5', trainerId: trainer.user.id, organizationId: ward.id, scheduleNotes: 'Tối thứ Ba' })
  expect(cls.joinCode).toMatch(/^[2-9A-HJKMNP-TW-Z]{6}$/)
  expect(await prisma.auditLog.count({ where: { action: 'class.create', targetId: cls.id } })).toBe(1)

  const empty = await run(newAction, formRequest('/lop-hoc/moi', { name: '  ', organizationId: ward.id, scheduleNotes: 'giữ lại' }, trainer.cookie))
  expect(empty.status).toBe(400)
  expect(JSON.stringify(empty.body)).toContain('validation.required')
  expect(JSON.stringify(empty.body)).toContain('giữ lại')

  const elsewhere = await organization('Phường Khác')
  const outside = await run(newAction, formRequest('/lop-hoc/moi', { name: 'Lớp lạ', organizationId: elsewhere.id }, trainer.cookie))
  expect(outside.status).toBe(400)
  expect(JSON.stringify(outside.body)).toContain('validation.organizationOutOfScope')
})

test('a learner cannot create classes or open class pages; anonymous visitors are sent to log in', async () => {
  const ward = await organization('Phường Một')
  const learner = await person('LEARNER', ward.id)
  expect((await run(newAction, formRequest('/lop-hoc/moi', { name: 'X', organizationId: ward.id }, learner.cookie))).status).toBe(403)
  const trainer = await person('TRAINER', ward.id)
  const cls = await classOf(trainer)
  expect((await run(classLoader, getRequest(`/lop-hoc/${cls.id}`, learner.cookie), { id: cls.id })).status).toBe(403)
  const anonymous = await run(classLoader, getRequest(`/lop-hoc/${cls.id}`), { id: cls.id })
  expect(anonymous.status).toBe(302)
})

test("a trainer guessing another trainer's class id gets 404 on every class page and action", async () => {
  const ward = await organization('Phường Hai')
  const owner = await person('TRAINER', ward.id)
  const other = await person('TRAINER', ward.id)
  const cls = await classOf(owner)
  const params = { id: cls.id }
  for (const loader of [classLoader, editLoader, posterLoader, attendanceLoader]) {
    expect((await run(loader, getRequest(`/lop-hoc/${cls.id}`, other.cookie), params)).status).toBe(404)
  }
  const assign = await run(classAction, formRequest(`/lop-hoc/${cls.id}`, { intent: 'assign', target: 'course:lam-quen-vneid', dueDay: inDays(7) }, other.cookie), params)
  expect(assign.status).toBe(404)
  const attendance = await run(attendanceAction, formRequest(`/lop-hoc/${cls.id}/diem-danh`, { day: today() }, other.cookie), params)
  expect(attendance.status).toBe(404)
  expect(await prisma.assignment.count({ where: { classId: cls.id } })).toBe(0)
  expect(await prisma.attendanceSession.count({ where: { classId: cls.id } })).toBe(0)
  // The index lists only one's own classes.
  const list = (await run(indexLoader, getRequest('/lop-hoc', other.cookie))).body as { managed: { id: string }[] }
  expect(list.managed.map((row) => row.id)).not.toContain(cls.id)
})

test('an organisation admin sees classes in their subtree only; an administrator sees all', async () => {
  const province = await organization('Tỉnh Thử')
  const wardA = await organization('Phường A', province.id)
  const wardB = await organization('Phường B', province.id)
  const trainerA = await person('TRAINER', wardA.id)
  const trainerB = await person('TRAINER', wardB.id)
  const clsA = await classOf(trainerA)
  const clsB = await classOf(trainerB)
  const adminA = await person('ORG_ADMIN', wardA.id)
  const provinceAdmin = await person('ORG_ADMIN', province.id)
  const admin = await person('ADMIN')
  expect((await run(classLoader, getRequest('/', adminA.cookie), { id: clsA.id })).status).toBe(200)
  expect((await run(classLoader, getRequest('/', adminA.cookie), { id: clsB.id })).status).toBe(404)
  expect((await run(classLoader, getRequest('/', provinceAdmin.cookie), { id: clsB.id })).status).toBe(200)
  expect((await run(classLoader, getRequest('/', admin.cookie), { id: clsB.id })).status).toBe(200)
})

test('assignments: add, change the due date, refuse a past date and unknown targets, remove', async () => {
  const ward = await organization('Phường Ba')
  const trainer = await person('TRAINER', ward.id)
  const cls = await classOf(trainer)
  const params = { id: cls.id }
  const post = (fields: Record<string, string>) => run(classAction, formRequest(`/lop-hoc/${cls.id}`, fields, trainer.cookie), params)

  expect((await post({ intent: 'assign', target: 'course:lam-quen-vneid', dueDay: inDays(7) })).status).toBe(200)
  const first = await prisma.assignment.findFirstOrThrow({ where: { classId: cls.id } })
  // Due at midnight Vietnam time at the end of that day.
  expect(vietnamDay(first.dueAt)).toBe(inDays(7))
  expect(first.dueAt.toISOString()).toMatch(/T16:59:59\.999Z$/)

  expect((await post({ intent: 'assign', target: 'course:lam-quen-vneid', dueDay: inDays(14) })).status).toBe(200)
  expect(await prisma.assignment.count({ where: { classId: cls.id } })).toBe(1)
  expect(vietnamDay((await prisma.assignment.findFirstOrThrow({ where: { classId: cls.id } })).dueAt)).toBe(inDays(14))

  // An assigned item's date moves back, even into the past (a missed deadline
  // recorded as such), and forward again.
  expect((await post({ intent: 'assign', target: 'course:lam-quen-vneid', dueDay: inDays(2) })).status).toBe(200)
  expect(vietnamDay((await prisma.assignment.findFirstOrThrow({ where: { classId: cls.id } })).dueAt)).toBe(inDays(2))
  expect((await post({ intent: 'assign', target: 'course:lam-quen-vneid', dueDay: inDays(-3) })).status).toBe(200)
  expect(vietnamDay((await prisma.assignment.findFirstOrThrow({ where: { classId: cls.id } })).dueAt)).toBe(inDays(-3))
  expect(await prisma.auditLog.count({ where: { targetId: cls.id, action: 'class.assignment-change' } })).toBe(3)
  expect((await post({ intent: 'assign', target: 'course:lam-quen-vneid', dueDay: inDays(14) })).status).toBe(200)
  // A new one due before today is refused.
  const past = await post({ intent: 'assign', target: 'course:dich-vu-cong-truc-tuyen', dueDay: inDays(-1) })
  expect(past.status).toBe(400)
  expect(JSON.stringify(past.body)).toContain('classes.duePast')
  expect(await prisma.assignment.count({ where: { classId: cls.id } })).toBe(1)
  const unknown = await post({ intent: 'assign', target: 'course:khong-co', dueDay: inDays(3) })
  expect(unknown.status).toBe(400)
  expect(JSON.stringify(unknown.body)).toContain('classes.targetRequired')
  const badDay = await post({ intent: 'assign', target: 'course:lam-quen-vneid', dueDay: '2026-02-30' })
  expect(badDay.status).toBe(400)
  expect(JSON.stringify(badDay.body)).toContain('validation.dayInvalid')

  const scenario = await post({ intent: 'assign', target: 'simulator:vneid-kich-hoat-tai-khoan', dueDay: inDays(3) })
  expect(scenario.status).toBe(200)
  const view = (await run(classLoader, getRequest(`/lop-hoc/${cls.id}`, trainer.cookie), params)).body as { assignments: { id: string; kind: string }[] }
  expect(view.assignments.map((row) => row.kind)).toEqual(['simulator', 'course'])

  expect((await post({ intent: 'unassign', assignmentId: view.assignments[0]!.id })).status).toBe(200)
  expect(await prisma.assignment.count({ where: { classId: cls.id } })).toBe(1)
  // Someone else's assignment id is not found, not removed.
  const otherTrainer = await person('TRAINER', ward.id)
  const otherClass = await classOf(otherTrainer)
  await run(classAction, formRequest(`/lop-hoc/${otherClass.id}`, { intent: 'assign', target: 'course:lam-quen-vneid', dueDay: inDays(3) }, otherTrainer.cookie), { id: otherClass.id })
  const foreign = await prisma.assignment.findFirstOrThrow({ where: { classId: otherClass.id } })
  expect((await post({ intent: 'unassign', assignmentId: foreign.id })).status).toBe(404)
  expect(await prisma.assignment.count({ where: { id: foreign.id } })).toBe(1)
})

test('a learner joins by code (forgiving about case and spaces) once, and a wrong code says so', async () => {
  const ward = await organization('Phường Bốn')
  const trainer = await person('TRAINER', ward.id)
  const cls = await classOf(trainer)
  const learner = await person('LEARNER')
  const typed = ` ${cls.joinCode.slice(0, 3).toLowerCase()} ${cls.joinCode.slice(3)} `
  const redirect = await run(joinLoader, getRequest(`/vao-lop?ma=${encodeURIComponent(typed)}`, learner.cookie))
  expect(redirect.status).toBe(302)
  expect(redirect.headers.get('Location')).toBe(`/vao-lop/${cls.joinCode}`)
  const page = await run(joinLoader, getRequest(`/vao-lop/${cls.joinCode}`, learner.cookie), { code: cls.joinCode })
  expect(page.body).toMatchObject({ cls: { name: 'Lớp VNeID tổ 5' }, member: false, signedIn: true })
  for (let i = 0; i < 2; i++) {
    const joined = await run(joinAction, formRequest(`/vao-lop/${cls.joinCode}`, { code: cls.joinCode }, learner.cookie), { code: cls.joinCode })
    expect(joined.status).toBe(302)
  }
  expect(await prisma.classMember.count({ where: { classId: cls.id, userId: learner.user.id } })).toBe(1)
  expect((await run(joinLoader, getRequest(`/vao-lop/${cls.joinCode}`, learner.cookie), { code: cls.joinCode })).body).toMatchObject({ member: true })

  const wrong = await run(joinAction, formRequest('/vao-lop/ZZZZZZ', { code: 'ZZZZZZ' }, learner.cookie), { code: 'ZZZZZZ' })
  expect(wrong.status).toBe(400)
  expect(wrong.body).toMatchObject({ error: 'classes.codeUnknown' })
  expect((await run(joinLoader, getRequest('/vao-lop/ZZZZZZ'), { code: 'ZZZZZZ' })).status).toBe(404)
  // The class page shows no learner data to anonymous visitors, only the class name.
  const anonymous = await run(joinLoader, getRequest(`/vao-lop/${cls.joinCode}`), { code: cls.joinCode })
  expect(anonymous.body).toMatchObject({ signedIn: false, member: false })
})

test('signing up from a join link puts the new learner in the class', async () => {
  const ward = await organization('Phường Năm')
  const trainer = await person('TRAINER', ward.id)
  const cls = await classOf(trainer)
  const phone = `09${String(Date.now() % 1e8).padStart(8, '0')}`
  const outcome = await run(
    signupAction,
    formRequest('/dang-ky', {
      name: 'Đỗ Thị Hoa',
      login: phone,
      password: 'Bà đi chợ sáng thứ bảy',
      kind: 'RESIDENT',
      consent: 'on',
      redirectTo: `/vao-lop/${cls.joinCode}`,
    }),
  )
  expect(outcome.status).toBe(302)
  expect(outcome.headers.get('Location')).toBe(`/vao-lop/${cls.joinCode}`)
  const user = await prisma.user.findFirstOrThrow({ where: { phone: `+84${phone.slice(1)}` } })
  expect(await prisma.classMember.findUnique({ where: { classId_userId: { classId: cls.id, userId: user.id } } })).toMatchObject({ source: 'code' })
})

test('attendance records who was present, only members count, and saving a day again replaces it', async () => {
  const ward = await organization('Phường Sáu')
  const trainer = await person('TRAINER', ward.id)
  const cls = await classOf(trainer)
  const [a, b, stranger] = [await person('LEARNER'), await person('LEARNER'), await person('LEARNER')]
  await prisma.classMember.createMany({ data: [a, b].map((p) => ({ classId: cls.id, userId: p.user.id, source: 'trainer' })) })
  const params = { id: cls.id }
  const save = (fields: [string, string][]) =>
    run(
      attendanceAction,
      new Request(`http://localhost/lop-hoc/${cls.id}/diem-danh`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: trainer.cookie },
        body: new URLSearchParams(fields),
      }),
      params,
    )
  const day = '2026-11-20'
  const first = await save([['day', day], ['present', a.user.id], ['present', b.user.id], ['present', stranger.user.id], ['note', 'Buổi 1']])
  expect(first.body).toMatchObject({ saved: { day, present: 2 } })
  const again = await save([['day', day], ['present', b.user.id]])
  expect(again.body).toMatchObject({ saved: { day, present: 1 } })
  const sessions = await prisma.attendanceSession.findMany({ where: { classId: cls.id }, include: { present: true } })
  expect(sessions).toHaveLength(1)
  expect(sessions[0]!.present.map((row) => row.userId)).toEqual([b.user.id])
  const bad = await save([['day', '20/11/2026']])
  expect(bad.status).toBe(400)
  const view = (await run(attendanceLoader, getRequest(`/lop-hoc/${cls.id}/diem-danh?ngay=${day}`, trainer.cookie), params)).body as {
    present: string[]
    recorded: boolean
  }
  expect(view).toMatchObject({ present: [b.user.id], recorded: true })
})

test("a learner's data download includes their classes, assignments and attendance", async () => {
  const ward = await organization('Phường Bảy')
  const trainer = await person('TRAINER', ward.id)
  const cls = await classOf(trainer, 'Lớp dữ liệu')
  const learner = await person('LEARNER')
  await prisma.classMember.create({ data: { classId: cls.id, userId: learner.user.id, source: 'code' } })
  await prisma.assignment.create({ data: { classId: cls.id, kind: 'course', targetId: 'lam-quen-vneid', dueAt: new Date('2026-12-01T16:59:59.999Z') } })
  await prisma.attendanceSession.create({ data: { classId: cls.id, day: '2026-11-21', present: { create: [{ userId: learner.user.id }] } } })
  const response = await dataLoader({ request: getRequest('/tai-khoan/du-lieu', learner.cookie), params: {}, context })
  const body = (await response.json()) as { classes: { name: string; assignments: { title: string }[] }[]; attendance: unknown[]; certificates: unknown[] }
  expect(body.classes).toEqual([expect.objectContaining({ name: 'Lớp dữ liệu', joinedBy: 'code', assignments: [expect.objectContaining({ title: 'Làm quen với VNeID' })] })])
  expect(body.attendance).toEqual([{ class: 'Lớp dữ liệu', day: '2026-11-21' }])
  expect(body.certificates).toEqual([])
})

test('an archived class leaves the lists and dashboards, its code stops working, and it can be restored', async () => {
  const ward = await organization('Phường Tám')
  const trainer = await person('TRAINER', ward.id)
  const cls = await classOf(trainer, 'Lớp đã xong')
  const learner = await person('LEARNER')
  await prisma.classMember.create({ data: { classId: cls.id, userId: learner.user.id, source: 'code' } })
  await prisma.assignment.create({ data: { classId: cls.id, kind: 'course', targetId: 'lam-quen-vneid', dueAt: new Date(Date.now() + 86_400_000) } })
  const other = await person('TRAINER', ward.id)
  expect((await run(editAction, formRequest(`/lop-hoc/${cls.id}/sua`, { intent: 'archive' }, other.cookie), { id: cls.id })).status).toBe(404)
  const archived = await run(editAction, formRequest(`/lop-hoc/${cls.id}/sua`, { intent: 'archive' }, trainer.cookie), { id: cls.id })
  expect(archived.headers.get('Location')).toBe('/lop-hoc?luu-tru=1')
  const list = (await run(indexLoader, getRequest('/lop-hoc', trainer.cookie))).body as { managed: { id: string }[]; archived: { id: string }[] }
  expect(list.managed.map((row) => row.id)).not.toContain(cls.id)
  expect(list.archived.map((row) => row.id)).toContain(cls.id)
  expect((await run(progressLoader, getRequest('/hoc-tap', learner.cookie))).body).toMatchObject({ assignments: [] })
  const stranger = await person('LEARNER')
  expect((await run(joinAction, formRequest(`/vao-lop/${cls.joinCode}`, { code: cls.joinCode }, stranger.cookie), { code: cls.joinCode })).status).toBe(400)
  // The trainer still reaches the class and its records.
  expect((await run(classLoader, getRequest('/', trainer.cookie), { id: cls.id })).body).toMatchObject({ cls: { archived: true } })
  await run(editAction, formRequest(`/lop-hoc/${cls.id}/sua`, { intent: 'restore' }, trainer.cookie), { id: cls.id })
  expect(((await run(progressLoader, getRequest('/hoc-tap', learner.cookie))).body as { assignments: unknown[] }).assignments).toHaveLength(1)
  expect(await prisma.auditLog.count({ where: { targetId: cls.id, action: { in: ['class.archive', 'class.restore'] } } })).toBe(2)
})
