import { expect, test } from 'vitest'
import { logIn } from '~/auth/accounts.server'
import { actorFor } from '~/auth/manage.server'
import { applyRosterImport, previewRosterImport } from '~/classes/import.server'
import { prisma } from '~/db.server'
import { organization, person as makePerson } from '../support/people'

type Role = 'LEARNER' | 'TRAINER' | 'ORG_ADMIN' | 'ADMIN'

async function person(role: Role, organizationId: string | null = null, extra: { phone?: string } = {}) {
  const { user } = await makePerson(role, organizationId, extra)
  return { user, actor: await actorFor(user) }
}

let phoneSeq = 0
// Unique per call, so test files sharing nothing still never collide.
function phone(): string {
  phoneSeq += 1
  return `09${String(10_000_000 + phoneSeq * 7919 + (Date.now() % 1000)).slice(-8)}`
}

async function setup() {
  const city = await organization('Thành phố Thử')
  const ward = await organization('Phường Một', city.id)
  const trainer = await person('TRAINER', ward.id)
  const cls = await prisma.class.create({
    data: { name: 'Lớp VNeID phường Một', organizationId: ward.id, trainerId: trainer.user.id, joinCode: `J${Math.random().toString(36).slice(2, 8)}${Date.now() % 1e5}`.toUpperCase() },
  })
  return { city, ward, trainer, cls }
}

const HEADER = 'Họ và tên,Số điện thoại,Email,Đối tượng,Cơ quan,Chức vụ'

test('an all-valid import creates accounts, memberships and slips; the slip logs in; re-import adds nothing', async () => {
  const { ward, trainer, cls } = await setup()
  const [p1, p2] = [phone(), phone()]
  const email = `hoa-${Date.now()}@example.com`
  const text = [HEADER, `Nguyễn Văn An,${p1},,người dân,,`, `Trần Thị Bình,${p2},,công chức,UBND phường Một,Chuyên viên`, `Lê Thị Hoa,,${email},,,`].join('\n')

  const preview = await previewRosterImport(trainer.actor, cls.id, text)
  if (!preview.ok) throw new Error('not found')
  expect(preview.counts).toEqual({ create: 3, add: 0, alreadyMember: 0, notAllowed: 0, invalid: 0 })
  expect(preview.canImportAll).toBe(true)
  expect(await prisma.user.count({ where: { email } })).toBe(0)

  const result = await applyRosterImport(trainer.actor, cls.id, text, { validRowsOnly: false })
  if (!result.ok) throw new Error(JSON.stringify(result))
  expect(result.counts).toEqual({ created: 3, added: 0, alreadyMembers: 0, skipped: 0 })
  expect(result.slips.map((slip) => [slip.name, slip.login])).toEqual([
    ['Nguyễn Văn An', `+84${p1.slice(1)}`],
    ['Trần Thị Bình', `+84${p2.slice(1)}`],
    ['Lê Thị Hoa', email],
  ])
  const binh = await prisma.user.findUniqueOrThrow({ where: { phone: `+84${p2.slice(1)}` } })
  expect(binh).toMatchObject({
    role: 'LEARNER',
    kind: 'CIVIL_SERVANT',
    agency: 'UBND phường Một',
    position: 'Chuyên viên',
    organizationId: ward.id,
    createdById: trainer.user.id,
    mustChangePassword: true,
  })
  expect(await prisma.classMember.count({ where: { classId: cls.id, source: 'import' } })).toBe(3)
  const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'class.roster-imported', targetId: cls.id } })
  expect(audit.actorId).toBe(trainer.user.id)
  expect(JSON.parse(audit.details!)).toMatchObject({ rows: 3, created: 3, added: 0 })
  expect(await prisma.auditLog.count({ where: { action: 'account.created-for-learner', targetId: binh.id } })).toBe(1)

  // The slip's temporary password works, and the learner must change it.
  const slip = result.slips[1]!
  const login = await logIn({ login: p2, password: slip.temporaryPassword }, { ip: null })
  expect(login.ok).toBe(true)
  if (login.ok) expect(login.user.mustChangePassword).toBe(true)

  const usersBefore = await prisma.user.count()
  const again = await applyRosterImport(trainer.actor, cls.id, text, { validRowsOnly: false })
  expect(again).toMatchObject({ ok: true, slips: [], counts: { created: 0, added: 0, alreadyMembers: 3, skipped: 0 } })
  expect(await prisma.user.count()).toBe(usersBefore)
  expect(await prisma.classMember.count({ where: { classId: cls.id } })).toBe(3)
  const previewAgain = await previewRosterImport(trainer.actor, cls.id, text)
  expect(previewAgain.ok && previewAgain.rows.map((row) => row.outcome)).toEqual(['already-member', 'already-member', 'already-member'])
})

test('any invalid row means nothing is written; validRowsOnly writes the valid rows only', async () => {
  const { trainer, cls } = await setup()
  const [p1, p2] = [phone(), phone()]
  const text = [HEADER, `Nguyễn Văn An,${p1},,,,`, 'Không Có Số,,,,,', `Phạm Văn Cường,${p2},,học sinh,,`, `Trùng Số,${p1},,,,`].join('\n')
  const usersBefore = await prisma.user.count()

  const refused = await applyRosterImport(trainer.actor, cls.id, text, { validRowsOnly: false })
  expect(refused).toEqual({
    ok: false,
    error: 'invalid',
    errors: [
      { line: 3, message: 'Dòng 3: cần số điện thoại hoặc email.' },
      { line: 4, message: 'Dòng 4: đối tượng “học sinh” không rõ (ghi “người dân” hoặc “cán bộ”, “công chức”, “viên chức”).' },
      { line: 5, message: `Dòng 5: trùng số điện thoại ${p1.slice(0, 4)} ${p1.slice(4, 7)} ${p1.slice(7)} với dòng 2.` },
    ],
  })
  expect(await prisma.user.count()).toBe(usersBefore)
  expect(await prisma.classMember.count({ where: { classId: cls.id } })).toBe(0)
  expect(await prisma.auditLog.count({ where: { targetId: cls.id } })).toBe(0)

  const preview = await previewRosterImport(trainer.actor, cls.id, text)
  expect(preview).toMatchObject({ ok: true, canImportAll: false, canImportValidRows: true, counts: { create: 1, invalid: 3 } })

  const partial = await applyRosterImport(trainer.actor, cls.id, text, { validRowsOnly: true })
  if (!partial.ok) throw new Error(JSON.stringify(partial))
  expect(partial.counts).toEqual({ created: 1, added: 0, alreadyMembers: 0, skipped: 3 })
  expect(partial.skipped.map((error) => error.line)).toEqual([3, 4, 5])
  expect(partial.slips.map((slip) => slip.name)).toEqual(['Nguyễn Văn An'])
  expect(await prisma.user.count()).toBe(usersBefore + 1)
  expect(await prisma.user.count({ where: { phone: `+84${p2.slice(1)}` } })).toBe(0)
})

test('a fatal file is refused even with validRowsOnly', async () => {
  const { trainer, cls } = await setup()
  const result = await applyRosterImport(trainer.actor, cls.id, 'Số điện thoại\n0912345678\n', { validRowsOnly: true })
  expect(result).toMatchObject({ ok: false, error: 'invalid', errors: [{ line: 0 }] })
})

test('existing learners are added once; staff accounts the trainer does not manage are refused', async () => {
  const { city, trainer, cls } = await setup()
  const elsewhere = await organization('Phường Khác', city.id)
  const learnerPhone = phone()
  const existing = await person('LEARNER', elsewhere.id, { phone: `+84${learnerPhone.slice(1)}` })
  const member = await person('LEARNER', null, { phone: `+84${phone().slice(1)}` })
  await prisma.classMember.create({ data: { classId: cls.id, userId: member.user.id, source: 'code' } })
  const otherTrainerPhone = phone()
  await person('TRAINER', elsewhere.id, { phone: `+84${otherTrainerPhone.slice(1)}` })
  const newPhone = phone()
  const text = [
    'Họ và tên,Số điện thoại',
    `Người Đã Có,${learnerPhone}`,
    `Đã Trong Lớp,${member.user.phone}`,
    `Giảng Viên Khác,${otherTrainerPhone}`,
    `Người Mới,${newPhone}`,
  ].join('\n')

  const preview = await previewRosterImport(trainer.actor, cls.id, text)
  if (!preview.ok) throw new Error('not found')
  expect(preview.rows.map((row) => row.outcome)).toEqual(['add', 'already-member', 'not-allowed', 'create'])
  expect(preview.errors).toEqual([{ line: 4, message: expect.stringContaining('Dòng 4: số điện thoại hoặc email này thuộc một tài khoản') }])
  expect(preview.canImportAll).toBe(false)

  expect(await applyRosterImport(trainer.actor, cls.id, text, { validRowsOnly: false })).toMatchObject({ ok: false, error: 'invalid' })
  expect(await prisma.classMember.count({ where: { classId: cls.id } })).toBe(1)

  const result = await applyRosterImport(trainer.actor, cls.id, text, { validRowsOnly: true })
  expect(result).toMatchObject({ ok: true, counts: { created: 1, added: 1, alreadyMembers: 1, skipped: 1 } })
  const membership = await prisma.classMember.findUniqueOrThrow({ where: { classId_userId: { classId: cls.id, userId: existing.user.id } } })
  expect(membership.source).toBe('import')
  // The existing learner keeps their own organisation and password.
  expect(await prisma.user.findUniqueOrThrow({ where: { id: existing.user.id } })).toMatchObject({ organizationId: elsewhere.id, mustChangePassword: false })
  expect(await prisma.classMember.count({ where: { classId: cls.id, userId: member.user.id } })).toBe(1)
})

test('only the trainer, an organisation admin above the class, or an admin may import; others get not-found', async () => {
  const { city, ward, cls } = await setup()
  const otherTrainer = await person('TRAINER', ward.id)
  const learner = await person('LEARNER', ward.id)
  const otherCity = await organization('Tỉnh Khác')
  const foreignAdmin = await person('ORG_ADMIN', otherCity.id)
  const cityAdmin = await person('ORG_ADMIN', city.id)
  const admin = await person('ADMIN')
  const text = `Họ và tên,Số điện thoại\nAi Đó,${phone()}\n`
  for (const outsider of [otherTrainer, learner, foreignAdmin]) {
    expect(await previewRosterImport(outsider.actor, cls.id, text)).toEqual({ ok: false, error: 'not-found' })
    expect(await applyRosterImport(outsider.actor, cls.id, text, { validRowsOnly: true })).toEqual({ ok: false, error: 'not-found' })
  }
  expect(await previewRosterImport(otherTrainer.actor, 'no-such-class', text)).toEqual({ ok: false, error: 'not-found' })
  expect(await prisma.classMember.count({ where: { classId: cls.id } })).toBe(0)
  for (const insider of [cityAdmin, admin]) {
    expect((await previewRosterImport(insider.actor, cls.id, text)).ok).toBe(true)
  }
  expect(await applyRosterImport(cityAdmin.actor, cls.id, text, { validRowsOnly: false })).toMatchObject({ ok: true, counts: { created: 1 } })
})

test('an archived class takes no import', async () => {
  const { trainer, cls } = await setup()
  await prisma.class.update({ where: { id: cls.id }, data: { archivedAt: new Date() } })
  const preview = await previewRosterImport(trainer.actor, cls.id, `Họ và tên,Số điện thoại\nAi Đó,${phone()}\n`)
  expect(preview).toMatchObject({ ok: true, archived: true, canImportAll: false, canImportValidRows: false })
  expect(await applyRosterImport(trainer.actor, cls.id, `Họ và tên,Số điện thoại\nAi Đó,${phone()}\n`, { validRowsOnly: false })).toEqual({
    ok: false,
    error: 'archived',
  })
})

test('a ward-sized list (150 people) imports in one go', async () => {
  const { trainer, cls } = await setup()
  const base = 930_000_000 + (Date.now() % 100_000) * 10
  const lines = ['Họ và tên\tSố điện thoại', ...Array.from({ length: 150 }, (_, index) => `Người Học ${index + 1}\t0${base + index * 7}`)]
  const result = await applyRosterImport(trainer.actor, cls.id, lines.join('\n'), { validRowsOnly: false })
  if (!result.ok) throw new Error(JSON.stringify(result).slice(0, 500))
  expect(result.counts.created).toBe(150)
  expect(new Set(result.slips.map((slip) => slip.temporaryPassword)).size).toBe(150)
  expect(await prisma.classMember.count({ where: { classId: cls.id } })).toBe(150)
})
