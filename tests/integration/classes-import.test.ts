import { expect, test } from 'vitest'
import { logIn } from '~/auth/accounts.server'
import { actorFor } from '~/auth/manage.server'
import { type RosterPreview, applyRosterImport, previewRosterImport } from '~/classes/import.server'
import { prisma } from '~/db.server'
import { loader as classLoader } from '~/routes/classes/class'
import { action as importAction } from '~/routes/classes/import'
import { action as indexAction } from '~/routes/classes/index'
import { loader as learnerLoader } from '~/routes/classes/learner'
import { loader as matrixLoader } from '~/routes/classes/matrix'
import { formRequest, getRequest, run } from '../support/http'
import { organization, person as makePerson } from '../support/people'

type Role = 'LEARNER' | 'TRAINER' | 'ORG_ADMIN' | 'ADMIN'

async function person(role: Role, organizationId: string | null = null, extra: { phone?: string } = {}) {
  const { user, cookie } = await makePerson(role, organizationId, extra)
  return { user, cookie, actor: await actorFor(user) }
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
  expect(preview.counts).toEqual({ add: 3, alreadyMember: 0, notAllowed: 0, invalid: 0 })
  expect(preview.canImportAll).toBe(true)
  expect(await prisma.user.count({ where: { email } })).toBe(0)

  const result = await applyRosterImport(trainer.actor, cls.id, text, { validRowsOnly: false })
  if (!result.ok) throw new Error(JSON.stringify(result))
  expect(result.counts).toEqual({ created: 3, invited: 0, declinedBefore: 0, alreadyMembers: 0, skipped: 0 })
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
  expect(JSON.parse(audit.details!)).toMatchObject({ rows: 3, created: 3, invited: 0 })
  expect(await prisma.auditLog.count({ where: { action: 'account.created-for-learner', targetId: binh.id } })).toBe(1)

  // The slip's temporary password works, and the learner must change it.
  const slip = result.slips[1]!
  const login = await logIn({ login: p2, password: slip.temporaryPassword }, { ip: null })
  expect(login.ok).toBe(true)
  if (login.ok) expect(login.user.mustChangePassword).toBe(true)

  const usersBefore = await prisma.user.count()
  const again = await applyRosterImport(trainer.actor, cls.id, text, { validRowsOnly: false })
  expect(again).toMatchObject({ ok: true, slips: [], counts: { created: 0, invited: 0, alreadyMembers: 3, skipped: 0 } })
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
  expect(preview).toMatchObject({ ok: true, canImportAll: false, canImportValidRows: true, counts: { add: 1, invalid: 3 } })

  const partial = await applyRosterImport(trainer.actor, cls.id, text, { validRowsOnly: true })
  if (!partial.ok) throw new Error(JSON.stringify(partial))
  expect(partial.counts).toEqual({ created: 1, invited: 0, declinedBefore: 0, alreadyMembers: 0, skipped: 3 })
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

test("importing an existing learner's phone invites them: no membership, and the trainer's drill-down is 404 until they accept", async () => {
  const { city, trainer, cls } = await setup()
  const elsewhere = await organization('Phường Khác', city.id)
  const learnerPhone = phone()
  const existing = await makePerson('LEARNER', elsewhere.id, { phone: `+84${learnerPhone.slice(1)}`, name: 'Tên Thật Trong Tài Khoản' })
  const list = `Họ và tên,Số điện thoại\nCô Ba Bán Xôi,${learnerPhone}\n`
  const post = (fields: Record<string, string>) => run(importAction, formRequest(`/lop-hoc/${cls.id}/them-hoc-vien`, fields, trainer.cookie), { id: cls.id })

  const done = await post({ intent: 'apply', text: list })
  expect(done.body).toMatchObject({ step: 'done', slips: [], counts: { created: 0, invited: 1, alreadyMembers: 0, skipped: 0 } })
  expect(await prisma.classMember.count({ where: { classId: cls.id } })).toBe(0)
  const invitation = await prisma.classInvitation.findUniqueOrThrow({ where: { classId_userId: { classId: cls.id, userId: existing.user.id } } })
  expect(invitation).toMatchObject({ status: 'pending', displayName: 'Cô Ba Bán Xôi', invitedById: trainer.user.id, respondedAt: null })
  expect(await prisma.auditLog.count({ where: { action: 'class.invitation-sent', targetId: existing.user.id } })).toBe(1)
  // The existing account is untouched: its own organisation, name and password.
  expect(await prisma.user.findUniqueOrThrow({ where: { id: existing.user.id } })).toMatchObject({ organizationId: elsewhere.id, name: 'Tên Thật Trong Tài Khoản', mustChangePassword: false })

  const params = { id: cls.id, userId: existing.user.id }
  expect((await run(learnerLoader, getRequest('/', trainer.cookie), params)).status).toBe(404)
  const matrix = await run(matrixLoader, getRequest(`/lop-hoc/${cls.id}/tien-do`, trainer.cookie), { id: cls.id })
  expect((matrix.body as { rows: { id: string }[] }).rows.map((row) => row.id)).not.toContain(existing.user.id)
  // The class page lists the invitation under the typed name, and nothing of the account.
  const page = await run(classLoader, getRequest(`/lop-hoc/${cls.id}`, trainer.cookie), { id: cls.id })
  expect(page.body).toMatchObject({ members: [], invitations: [{ id: invitation.id, displayName: 'Cô Ba Bán Xôi' }] })
  expect(JSON.stringify(page.body)).not.toContain('Tên Thật Trong Tài Khoản')
  expect(JSON.stringify(page.body)).not.toContain(existing.user.id)

  // Importing the same list again sends nothing new.
  expect((await post({ intent: 'apply', text: list })).body).toMatchObject({ counts: { created: 0, invited: 1 } })
  expect(await prisma.classInvitation.count({ where: { classId: cls.id } })).toBe(1)
  expect(await prisma.auditLog.count({ where: { action: 'class.invitation-sent', targetId: existing.user.id } })).toBe(1)

  const accepted = await run(indexAction, formRequest('/lop-hoc', { intent: 'accept-invitation', invitationId: invitation.id }, existing.cookie))
  expect(accepted.status).toBe(302)
  expect(await prisma.classMember.findUniqueOrThrow({ where: { classId_userId: { classId: cls.id, userId: existing.user.id } } })).toMatchObject({ source: 'invitation' })
  expect((await run(learnerLoader, getRequest('/', trainer.cookie), params)).status).toBe(200)
})

test('the preview reads the same for an existing learner, a staff account and a fresh phone', async () => {
  const { city, trainer, cls } = await setup()
  const elsewhere = await organization('Phường Xa Lạ', city.id)
  const [learnerPhone, staffPhone, adminPhone, freshPhone] = [phone(), phone(), phone(), phone()]
  const learner = await makePerson('LEARNER', elsewhere.id, { phone: `+84${learnerPhone.slice(1)}`, name: 'Học Viên Có Sẵn' })
  const otherTrainer = await makePerson('TRAINER', elsewhere.id, { phone: `+84${staffPhone.slice(1)}`, name: 'Giảng Viên Phường Khác' })
  const admin = await makePerson('ADMIN', null, { phone: `+84${adminPhone.slice(1)}`, name: 'Quản Trị Hệ Thống' })
  const text = ['Họ và tên,Số điện thoại', `Người Một,${learnerPhone}`, `Người Hai,${staffPhone}`, `Người Ba,${adminPhone}`, `Người Bốn,${freshPhone}`].join('\n')

  const outcome = await run(importAction, formRequest(`/lop-hoc/${cls.id}/them-hoc-vien`, { intent: 'preview', text }, trainer.cookie), { id: cls.id })
  expect(outcome.status).toBe(200)
  const { preview } = outcome.body as { preview: RosterPreview }
  const shapes = preview.rows.map(({ line: _line, name: _name, login: _login, ...rest }) => rest)
  expect(shapes).toEqual(Array.from({ length: 4 }, () => ({ loginType: 'phone', kind: 'RESIDENT', agency: null, position: null, outcome: 'add', reason: null })))
  expect(preview).toMatchObject({ errors: [], canImportAll: true, counts: { add: 4, alreadyMember: 0, notAllowed: 0, invalid: 0 } })
  // Nothing of any account travels in the response.
  const body = JSON.stringify(outcome.body)
  for (const name of ['Học Viên Có Sẵn', 'Giảng Viên Phường Khác', 'Quản Trị Hệ Thống', 'Phường Xa Lạ', 'TRAINER', 'ADMIN']) expect(body).not.toContain(name)

  // Confirmed: the fresh phone becomes a member with a slip; the three accounts, staff included, are invited.
  const result = await applyRosterImport(trainer.actor, cls.id, text, { validRowsOnly: false })
  expect(result).toMatchObject({ ok: true, counts: { created: 1, invited: 3, declinedBefore: 0, alreadyMembers: 0, skipped: 0 } })
  expect(await prisma.classMember.count({ where: { classId: cls.id } })).toBe(1)
  const invited = await prisma.classInvitation.findMany({ where: { classId: cls.id }, select: { userId: true, status: true } })
  expect(invited.map((row) => row.userId).sort()).toEqual([learner.user.id, otherTrainer.user.id, admin.user.id].sort())
  expect(new Set(invited.map((row) => row.status))).toEqual(new Set(['pending']))
})

test('only a real membership of this class, and the trainer themselves, read differently in the preview', async () => {
  const { trainer, cls } = await setup()
  const member = await person('LEARNER', null, { phone: `+84${phone().slice(1)}` })
  await prisma.classMember.create({ data: { classId: cls.id, userId: member.user.id, source: 'code' } })
  const ownPhone = phone()
  await prisma.user.update({ where: { id: trainer.user.id }, data: { phone: `+84${ownPhone.slice(1)}` } })
  const existingPhone = phone()
  await person('LEARNER', null, { phone: `+84${existingPhone.slice(1)}` })
  const text = ['Họ và tên,Số điện thoại', `Đã Trong Lớp,${member.user.phone}`, `Chính Tôi,${ownPhone}`, `Người Có Tài Khoản,${existingPhone}`, `Người Mới,${phone()}`].join('\n')

  const preview = await previewRosterImport(trainer.actor, cls.id, text)
  if (!preview.ok) throw new Error('not found')
  expect(preview.rows.map((row) => row.outcome)).toEqual(['already-member', 'not-allowed', 'add', 'add'])
  expect(preview.errors).toEqual([{ line: 3, message: 'Dòng 3: đây là tài khoản của bạn, không thêm vào lớp như một học viên.' }])
  expect(preview.canImportAll).toBe(false)

  // Refused as a whole: not one account, membership or invitation is written.
  const usersBefore = await prisma.user.count()
  expect(await applyRosterImport(trainer.actor, cls.id, text, { validRowsOnly: false })).toMatchObject({ ok: false, error: 'invalid' })
  expect(await prisma.user.count()).toBe(usersBefore)
  expect(await prisma.classMember.count({ where: { classId: cls.id } })).toBe(1)
  expect(await prisma.classInvitation.count({ where: { classId: cls.id } })).toBe(0)

  const result = await applyRosterImport(trainer.actor, cls.id, text, { validRowsOnly: true })
  expect(result).toMatchObject({ ok: true, counts: { created: 1, invited: 1, alreadyMembers: 1, skipped: 1 } })
  expect(await prisma.classMember.count({ where: { classId: cls.id } })).toBe(2)
  expect(await prisma.classInvitation.count({ where: { classId: cls.id, userId: trainer.user.id } })).toBe(0)
})

test('a declined invitation is not sent again by a later import; someone who accepted and left is asked afresh', async () => {
  const { trainer, cls } = await setup()
  const [declinerPhone, leaverPhone] = [phone(), phone()]
  const decliner = await makePerson('LEARNER', null, { phone: `+84${declinerPhone.slice(1)}` })
  const leaver = await makePerson('LEARNER', null, { phone: `+84${leaverPhone.slice(1)}` })
  const text = `Họ và tên,Số điện thoại\nNgười Từ Chối,${declinerPhone}\nNgười Rời Lớp,${leaverPhone}\n`
  expect(await applyRosterImport(trainer.actor, cls.id, text, { validRowsOnly: false })).toMatchObject({ ok: true, counts: { invited: 2 } })
  const invitationOf = (userId: string) => prisma.classInvitation.findUniqueOrThrow({ where: { classId_userId: { classId: cls.id, userId } } })
  const answer = async (who: { cookie: string; user: { id: string } }, intent: string) =>
    run(indexAction, formRequest('/lop-hoc', { intent, invitationId: (await invitationOf(who.user.id)).id }, who.cookie))
  expect((await answer(decliner, 'decline-invitation')).status).toBe(302)
  expect((await answer(leaver, 'accept-invitation')).status).toBe(302)
  await prisma.classMember.delete({ where: { classId_userId: { classId: cls.id, userId: leaver.user.id } } })

  const again = await applyRosterImport(trainer.actor, cls.id, text, { validRowsOnly: false })
  expect(again).toMatchObject({ ok: true, counts: { created: 0, invited: 1, declinedBefore: 1, alreadyMembers: 0 } })
  expect(await invitationOf(decliner.user.id)).toMatchObject({ status: 'declined' })
  expect(await invitationOf(leaver.user.id)).toMatchObject({ status: 'pending', respondedAt: null })
  expect(await prisma.classMember.count({ where: { classId: cls.id } })).toBe(0)
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
