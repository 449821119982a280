import { expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { action as loginAction } from '~/routes/login'
import { loader as accountLoader } from '~/routes/account'
import { action as passwordAction } from '~/routes/account-password'
import { action as userAction, loader as userLoader } from '~/routes/manage/user'
import { action as newUserAction } from '~/routes/manage/user-new'
import { loader as usersLoader } from '~/routes/manage/users'
import { formRequest, getRequest, run, sessionCookieFrom } from '../support/http'
import { organization, person } from '../support/people'

test('a learner calling a trainer action gets 403; an anonymous visitor is sent to log in', async () => {
  const learner = await person('LEARNER')
  const forbidden = await run(newUserAction, formRequest('/quan-ly/nguoi-dung/moi', { name: 'X', login: '0911111111', kind: 'RESIDENT' }, learner.cookie))
  expect(forbidden.status).toBe(403)
  expect((await run(usersLoader, getRequest('/quan-ly/nguoi-dung', learner.cookie))).status).toBe(403)
  const anonymous = await run(usersLoader, getRequest('/quan-ly/nguoi-dung'))
  expect(anonymous.status).toBe(302)
  expect(anonymous.headers.get('Location')).toBe('/dang-nhap?redirectTo=%2Fquan-ly%2Fnguoi-dung')
})

test('a trainer creates an account with a slip; the learner must choose a password at first login', async () => {
  const ward = await organization('Phường Thử Nghiệm')
  const trainer = await person('TRAINER', ward.id)
  const created = await run(
    newUserAction,
    formRequest('/quan-ly/nguoi-dung/moi', { name: 'Lê Thị Bảy', login: '0903 222 333', kind: 'RESIDENT' }, trainer.cookie),
  )
  expect(created.status).toBe(200)
  expect(created.headers.get('Cache-Control')).toBe('no-store')
  const slip = (created.body as { slip: { name: string; login: string; temporaryPassword: string; siteUrl: string } }).slip
  expect(slip).toMatchObject({ name: 'Lê Thị Bảy', login: '+84903222333', siteUrl: 'http://localhost:3000' })
  const learner = await prisma.user.findUniqueOrThrow({ where: { phone: '+84903222333' } })
  expect(learner).toMatchObject({ mustChangePassword: true, organizationId: ward.id, createdById: trainer.user.id })
  expect(await prisma.auditLog.count({ where: { action: 'account.created-for-learner', targetId: learner.id } })).toBe(1)

  // First login goes straight to "choose your password", and nothing else opens until then.
  const login = await run(loginAction, formRequest('/dang-nhap', { login: '0903222333', password: slip.temporaryPassword }))
  expect(login.headers.get('Location')).toBe('/tai-khoan/mat-khau')
  const cookie = sessionCookieFrom(login)
  expect((await run(accountLoader, getRequest('/tai-khoan', cookie))).headers.get('Location')).toBe('/tai-khoan/mat-khau')
  const changed = await run(
    passwordAction,
    formRequest('/tai-khoan/mat-khau', { currentPassword: slip.temporaryPassword, newPassword: 'Cháu tôi học lớp năm', confirmPassword: 'Cháu tôi học lớp năm' }, cookie),
  )
  expect(changed.status).toBe(200)
  expect((await run(accountLoader, getRequest('/tai-khoan', cookie))).status).toBe(200)

  // Listed for the trainer; a duplicate login is refused.
  const list = await run(usersLoader, getRequest('/quan-ly/nguoi-dung?q=Bảy', trainer.cookie))
  expect((list.body as { rows: { name: string }[] }).rows.map((row) => row.name)).toEqual(['Lê Thị Bảy'])
  const duplicate = await run(
    newUserAction,
    formRequest('/quan-ly/nguoi-dung/moi', { name: 'Ai đó', login: '+84903222333', kind: 'RESIDENT' }, trainer.cookie),
  )
  expect(JSON.stringify(duplicate.body)).toContain('validation.loginTaken')
})

test('a trainer resets a learner password in their ward but cannot touch other wards', async () => {
  const city = await organization('Thành phố Thử')
  const wardA = await organization('Phường A', city.id)
  const wardB = await organization('Phường B', city.id)
  const trainer = await person('TRAINER', wardA.id)
  const mine = await person('LEARNER', wardA.id)
  const theirs = await person('LEARNER', wardB.id)

  const reset = await run(userAction, formRequest(`/quan-ly/nguoi-dung/${mine.user.id}`, { intent: 'reset-password' }, trainer.cookie), { id: mine.user.id })
  expect(reset.status).toBe(200)
  expect((reset.body as { slip: { temporaryPassword: string } }).slip.temporaryPassword).toMatch(/^\w{4}-\w{4}$/)
  // The learner's sessions end and the old password stops working.
  expect((await run(accountLoader, getRequest('/tai-khoan', mine.cookie))).status).toBe(302)
  expect(await prisma.user.findUniqueOrThrow({ where: { id: mine.user.id } })).toMatchObject({ mustChangePassword: true })

  const other = await run(userAction, formRequest(`/quan-ly/nguoi-dung/${theirs.user.id}`, { intent: 'reset-password' }, trainer.cookie), { id: theirs.user.id })
  expect(other.status).toBe(404)
  expect((await run(userLoader, getRequest(`/quan-ly/nguoi-dung/${theirs.user.id}`, trainer.cookie), { id: theirs.user.id })).status).toBe(404)
  // Trainers cannot change roles at all.
  const promote = await run(userAction, formRequest(`/quan-ly/nguoi-dung/${mine.user.id}`, { intent: 'change-role', role: 'ADMIN' }, trainer.cookie), { id: mine.user.id })
  expect(promote.status).toBe(403)
})

test('role changes are limited by the actor, audited, and never remove the last admin', async () => {
  const city = await organization('Tỉnh Thử')
  const orgAdmin = await person('ORG_ADMIN', city.id)
  const learner = await person('LEARNER', city.id)
  const toTrainer = await run(
    userAction,
    formRequest(`/quan-ly/nguoi-dung/${learner.user.id}`, { intent: 'change-role', role: 'TRAINER' }, orgAdmin.cookie),
    { id: learner.user.id },
  )
  expect(toTrainer.status).toBe(200)
  const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'user.role-changed', targetId: learner.user.id } })
  expect(JSON.parse(audit.details!)).toEqual({ from: 'LEARNER', to: 'TRAINER' })
  expect(audit.actorId).toBe(orgAdmin.user.id)

  const toAdmin = await run(
    userAction,
    formRequest(`/quan-ly/nguoi-dung/${learner.user.id}`, { intent: 'change-role', role: 'ADMIN' }, orgAdmin.cookie),
    { id: learner.user.id },
  )
  expect(toAdmin.status).toBe(403)

  await prisma.user.updateMany({ where: { role: 'ADMIN' }, data: { role: 'LEARNER' } })
  const admin = await person('ADMIN')
  const helper = await person('ADMIN')
  const demoteOther = await run(
    userAction,
    formRequest(`/quan-ly/nguoi-dung/${helper.user.id}`, { intent: 'change-role', role: 'LEARNER' }, admin.cookie),
    { id: helper.user.id },
  )
  expect(demoteOther.status).toBe(200)
  // Now `admin` is the only one; another admin cannot exist to demote them, and they cannot demote themselves.
  const self = await run(
    userAction,
    formRequest(`/quan-ly/nguoi-dung/${admin.user.id}`, { intent: 'change-role', role: 'LEARNER' }, admin.cookie),
    { id: admin.user.id },
  )
  expect(self.status).toBe(404)
})
