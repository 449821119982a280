import { expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { hashToken } from '~/auth/tokens.server'
import { action as accountAction, loader as accountLoader } from '~/routes/account'
import { loader as dataLoader } from '~/routes/account-data'
import { action as deleteAction } from '~/routes/account-delete'
import { action as passwordAction, loader as passwordLoader } from '~/routes/account-password'
import { action as loginAction, loader as loginLoader } from '~/routes/login'
import { action as logoutAction } from '~/routes/logout'
import { loader as progressLoader } from '~/routes/progress'
import { action as signupAction } from '~/routes/signup'
import { context, formRequest, getRequest, run, sessionCookieFrom } from '../support/http'

let counter = 0
function uniquePhone() {
  counter += 1
  return `09${String(Date.now() % 1e6).padStart(6, '0')}${String(counter % 100).padStart(2, '0')}`
}

async function signUp(fields: Partial<Record<string, string>> = {}) {
  const phone = fields.login ?? uniquePhone()
  const outcome = await run(
    signupAction,
    formRequest('/dang-ky', {
      name: 'Nguyễn Thị Hoa',
      login: phone,
      password: 'Bà đi chợ sáng thứ bảy',
      kind: 'RESIDENT',
      consent: 'on',
      ...fields,
    } as Record<string, string>),
  )
  return { outcome, phone }
}

test('sign up with a phone number written any way creates one account and signs in', async () => {
  const { outcome, phone } = await signUp({ login: '0912 000 111', redirectTo: '/khoa-hoc' })
  expect(outcome.status).toBe(302)
  expect(outcome.headers.get('Location')).toBe('/khoa-hoc')
  const cookie = sessionCookieFrom(outcome)
  expect(outcome.headers.get('Set-Cookie')).toMatch(/HttpOnly; SameSite=Lax/)

  const user = await prisma.user.findUniqueOrThrow({ where: { phone: '+84912000111' } })
  expect(user).toMatchObject({ name: 'Nguyễn Thị Hoa', role: 'LEARNER', kind: 'RESIDENT' })
  // The database holds the token's hash, never the token.
  const token = cookie.split('=')[1]!
  expect(await prisma.session.count({ where: { id: hashToken(token) } })).toBe(1)
  expect(await prisma.session.count({ where: { id: token } })).toBe(0)

  const again = await signUp({ login: '+84 912000111' })
  expect(again.outcome.status).toBe(400)
  const reply = again.outcome.body as { result: { error: Record<string, string[]> } }
  expect(reply.result.error.login).toEqual(['signup.loginUnavailable'])
  expect(phone).toBe('0912 000 111')
})

test('sign-up without a way back lands on the learning page, which welcomes the learner by name and says what to do next', async () => {
  const { outcome } = await signUp({ name: 'Đỗ Văn Tư' })
  expect(outcome.status).toBe(302)
  expect(outcome.headers.get('Location')).toBe('/hoc-tap?chao-mung=1')
  const cookie = sessionCookieFrom(outcome)
  const welcomed = await run(progressLoader, getRequest('/hoc-tap?chao-mung=1', cookie))
  expect((welcomed.body as { welcome: string | null }).welcome).toBe('Đỗ Văn Tư')
  // Only right after sign-up, and never for a visitor who types the address.
  expect(((await run(progressLoader, getRequest('/hoc-tap', cookie))).body as { welcome: string | null }).welcome).toBeNull()
  expect(((await run(progressLoader, getRequest('/hoc-tap?chao-mung=1'))).body as { welcome: string | null }).welcome).toBeNull()
})

test('sign-up errors name the field, keep the typed values and never echo the password', async () => {
  const { outcome } = await signUp({ name: '', login: '0212 345', password: 'password1', kind: 'CIVIL_SERVANT', consent: '' })
  expect(outcome.status).toBe(400)
  const result = (outcome.body as { result: { error: Record<string, string[]>; initialValue: Record<string, unknown> } }).result
  expect(result.error).toMatchObject({
    name: ['validation.required'],
    login: ['validation.loginInvalid'],
    agency: ['validation.agencyRequired'],
    position: ['validation.positionRequired'],
    consent: ['validation.consentRequired'],
  })
  expect(result.initialValue.login).toBe('0212 345')
  expect(result.initialValue.password).toBeUndefined()

  const common = await signUp({ password: 'matkhau123' })
  expect((common.outcome.body as { result: { error: Record<string, string[]> } }).result.error.password).toEqual([
    'validation.passwordCommon',
  ])
})

test('unknown fields and a filled honeypot are refused without creating anything', async () => {
  const before = await prisma.user.count()
  const extra = await signUp({ isAdmin: 'true' })
  expect(extra.outcome.status).toBe(400)
  const bot = await signUp({ website: 'http://spam.example' })
  expect(bot.outcome.status).toBe(400)
  expect(await prisma.user.count()).toBe(before)
})

test('log out ends the session; log in again with any phone format; redirectTo is kept same-site', async () => {
  const { outcome } = await signUp({ login: '0987 111 222' })
  const cookie = sessionCookieFrom(outcome)
  const logout = await run(logoutAction, formRequest('/dang-xuat', {}, cookie))
  expect(logout.status).toBe(302)
  expect(logout.headers.get('Set-Cookie')).toContain('Max-Age=0')
  const afterLogout = await run(accountLoader, getRequest('/tai-khoan', cookie))
  expect(afterLogout.status).toBe(302)
  expect(afterLogout.headers.get('Location')).toBe('/dang-nhap?redirectTo=%2Ftai-khoan')

  const login = await run(
    loginAction,
    formRequest('/dang-nhap', { login: '+84987111222', password: 'Bà đi chợ sáng thứ bảy', redirectTo: '//evil.example' }),
  )
  expect(login.status).toBe(302)
  expect(login.headers.get('Location')).toBe('/tai-khoan')
  const page = await run(accountLoader, getRequest('/tai-khoan', sessionCookieFrom(login)))
  expect(page.status).toBe(200)

  // Signed-in people are sent away from the login page.
  expect((await run(loginLoader, getRequest('/dang-nhap', sessionCookieFrom(login)))).status).toBe(302)
})

test('a wrong password and an unknown account get the same answer', async () => {
  const { phone } = await signUp()
  const wrong = await run(loginAction, formRequest('/dang-nhap', { login: phone, password: 'sai mật khẩu rồi' }))
  const unknown = await run(loginAction, formRequest('/dang-nhap', { login: '0399 999 999', password: 'sai mật khẩu rồi' }))
  expect(wrong.status).toBe(400)
  expect(unknown.status).toBe(400)
  expect((wrong.body as { result: { error: unknown } }).result.error).toEqual((unknown.body as { result: { error: unknown } }).result.error)
  expect(JSON.stringify(wrong.body)).toContain('login.invalid')
})

test('five failures lock the account for a while, even with the right password, and survive a restart', async () => {
  const { phone } = await signUp()
  const ip = { ...context, clientIp: `198.51.100.${counter}` }
  for (let i = 0; i < 5; i++) {
    const outcome = await run(loginAction, formRequest('/dang-nhap', { login: phone, password: `sai ${i} lần rồi` }), {}, ip)
    expect(outcome.status).toBe(400)
  }
  const locked = await run(loginAction, formRequest('/dang-nhap', { login: phone, password: 'Bà đi chợ sáng thứ bảy' }), {}, ip)
  expect(locked.status).toBe(429)
  expect(JSON.stringify(locked.body)).toMatch(/login\.throttled\|minutes=1/)
  // The count lives in the database, not in memory.
  expect((await prisma.rateCounter.findMany({ where: { key: { startsWith: 'login:+84' } } })).some((row) => row.count >= 5)).toBe(true)
  // An unknown account is throttled the same way: no hint that it does not exist.
  for (let i = 0; i < 5; i++) await run(loginAction, formRequest('/dang-nhap', { login: '0388 000 000', password: 'đoán bừa thôi' }), {}, ip)
  const ghost = await run(loginAction, formRequest('/dang-nhap', { login: '0388 000 000', password: 'đoán bừa thôi' }), {}, ip)
  expect(ghost.status).toBe(429)
})

test('changing the password keeps this session, ends the others, and checks the current one', async () => {
  const { outcome, phone } = await signUp()
  const here = sessionCookieFrom(outcome)
  const other = sessionCookieFrom(await run(loginAction, formRequest('/dang-nhap', { login: phone, password: 'Bà đi chợ sáng thứ bảy' })))

  const wrong = await run(
    passwordAction,
    formRequest('/tai-khoan/mat-khau', { currentPassword: 'không đúng đâu', newPassword: 'Ông đi câu cá chiều chủ nhật', confirmPassword: 'Ông đi câu cá chiều chủ nhật' }, here),
  )
  expect(wrong.status).toBe(400)
  expect(JSON.stringify(wrong.body)).toContain('validation.passwordWrong')

  const mismatch = await run(
    passwordAction,
    formRequest('/tai-khoan/mat-khau', { currentPassword: 'Bà đi chợ sáng thứ bảy', newPassword: 'Ông đi câu cá chiều chủ nhật', confirmPassword: 'khác' }, here),
  )
  expect(JSON.stringify(mismatch.body)).toContain('validation.passwordMismatch')

  const changed = await run(
    passwordAction,
    formRequest('/tai-khoan/mat-khau', { currentPassword: 'Bà đi chợ sáng thứ bảy', newPassword: 'Ông đi câu cá chiều chủ nhật', confirmPassword: 'Ông đi câu cá chiều chủ nhật' }, here),
  )
  expect(changed.status).toBe(200)
  expect((await run(accountLoader, getRequest('/tai-khoan', here))).status).toBe(200)
  expect((await run(accountLoader, getRequest('/tai-khoan', other))).status).toBe(302)
  const oldPassword = await run(loginAction, formRequest('/dang-nhap', { login: phone, password: 'Bà đi chợ sáng thứ bảy' }))
  expect(oldPassword.status).toBe(400)
})

test('sign out everywhere ends every session of the account', async () => {
  const { outcome, phone } = await signUp()
  const first = sessionCookieFrom(outcome)
  const second = sessionCookieFrom(await run(loginAction, formRequest('/dang-nhap', { login: phone, password: 'Bà đi chợ sáng thứ bảy' })))
  const out = await run(accountAction, formRequest('/tai-khoan', { intent: 'sign-out-everywhere' }, first))
  expect(out.status).toBe(302)
  expect((await run(accountLoader, getRequest('/tai-khoan', first))).status).toBe(302)
  expect((await run(accountLoader, getRequest('/tai-khoan', second))).status).toBe(302)
})

test('an expired session is refused and removed; one past half-life slides forward', async () => {
  const { outcome } = await signUp()
  const cookie = sessionCookieFrom(outcome)
  const id = hashToken(cookie.split('=')[1]!)
  await prisma.session.update({ where: { id }, data: { expiresAt: new Date(Date.now() + 5 * 24 * 60 * 60 * 1000) } })
  const { sessionRefreshCookie } = await import('~/auth/guards.server')
  const refresh = await sessionRefreshCookie(getRequest('/', cookie))
  expect(refresh).toMatch(/^hs_session=[a-z2-7]{32}; Path=\/; HttpOnly; SameSite=Lax; Expires=/)
  const slid = await prisma.session.findUniqueOrThrow({ where: { id } })
  expect(slid.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 60 * 60 * 1000)

  await prisma.session.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } })
  expect((await run(accountLoader, getRequest('/tai-khoan', cookie))).status).toBe(302)
  expect(await prisma.session.count({ where: { id } })).toBe(0)
})

test('the profile is updated, a civil servant must give agency and position', async () => {
  const { outcome } = await signUp()
  const cookie = sessionCookieFrom(outcome)
  const base = { intent: 'profile', name: 'Trần Văn Nam', login: 'nam@example.com', locale: 'en', textSize: 'large' }
  const missing = await run(accountAction, formRequest('/tai-khoan', { ...base, kind: 'CIVIL_SERVANT' }, cookie))
  expect(missing.status).toBe(400)
  const saved = await run(
    accountAction,
    formRequest('/tai-khoan', { ...base, kind: 'CIVIL_SERVANT', agency: 'UBND phường Bến Thành', position: 'Chuyên viên' }, cookie),
  )
  expect(saved.status).toBe(200)
  expect(saved.headers.get('Set-Cookie')).toContain('lang%3Den%26text%3Dlarge')
  const user = await prisma.user.findUniqueOrThrow({ where: { email: 'nam@example.com' } })
  expect(user).toMatchObject({ name: 'Trần Văn Nam', phone: null, kind: 'CIVIL_SERVANT', agency: 'UBND phường Bến Thành', locale: 'en' })
})

test('my data downloads as JSON without secrets', async () => {
  const { outcome } = await signUp({ login: '0977 123 456' })
  const response = await dataLoader({ request: getRequest('/tai-khoan/du-lieu', sessionCookieFrom(outcome)), params: {}, context })
  expect(response.headers.get('Content-Disposition')).toContain('attachment')
  const text = await response.text()
  const body = JSON.parse(text)
  expect(body.account).toMatchObject({ name: 'Nguyễn Thị Hoa', phone: '+84977123456' })
  expect(body.accountHistory[0].action).toBe('account.signed-up')
  expect(text).not.toMatch(/argon2|hash/i)
})

test('deleting the account removes personal data and sessions but keeps the row', async () => {
  const { outcome, phone } = await signUp()
  const cookie = sessionCookieFrom(outcome)
  const user = await prisma.user.findFirstOrThrow({ orderBy: { createdAt: 'desc' } })
  const unconfirmed = await run(deleteAction, formRequest('/tai-khoan/xoa', { password: 'Bà đi chợ sáng thứ bảy' }, cookie))
  expect(unconfirmed.status).toBe(400)
  const wrong = await run(deleteAction, formRequest('/tai-khoan/xoa', { password: 'sai rồi', confirm: 'on' }, cookie))
  expect(JSON.stringify(wrong.body)).toContain('validation.passwordWrong')

  const deleted = await run(deleteAction, formRequest('/tai-khoan/xoa', { password: 'Bà đi chợ sáng thứ bảy', confirm: 'on' }, cookie))
  expect(deleted.status).toBe(200)
  const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } })
  expect(row).toMatchObject({ name: '', phone: null, email: null, agency: null })
  expect(row.deletedAt).not.toBeNull()
  expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0)
  expect(await prisma.password.count({ where: { userId: user.id } })).toBe(0)
  const login = await run(loginAction, formRequest('/dang-nhap', { login: phone, password: 'Bà đi chợ sáng thứ bảy' }))
  expect(login.status).toBe(400)
  // The phone number is free for a new account.
  expect((await signUp({ login: phone })).outcome.status).toBe(302)
})

test('anonymous visitors are sent to log in with the page they wanted', async () => {
  for (const [loader, path] of [
    [accountLoader, '/tai-khoan'],
    [passwordLoader, '/tai-khoan/mat-khau'],
  ] as const) {
    const outcome = await run(loader, getRequest(path))
    expect(outcome.status).toBe(302)
    expect(outcome.headers.get('Location')).toBe(`/dang-nhap?redirectTo=${encodeURIComponent(path)}`)
  }
})
