import { expect, test } from 'vitest'
import { generateTemporaryPassword } from '~/auth/manage.server'
import { passwordProblem } from '~/auth/password-policy.server'
import { type Actor, assignableRoles, canManageUser, hasPermission } from '~/auth/permissions'
import { SESSION_TTL_MS, readSessionToken, sessionCookie, shouldSlide } from '~/auth/session.server'
import { FREE_FAILURES, lockoutSeconds, remainingLockout } from '~/auth/throttle'
import { generateToken, hashToken } from '~/auth/tokens.server'

test('session tokens carry at least 160 random bits and only their SHA-256 is stored', () => {
  const token = generateToken()
  expect(token).toMatch(/^[a-z2-7]{32}$/) // 20 bytes in base32
  expect(generateToken()).not.toBe(token)
  expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/)
})

test('a session slides forward only once half of its 30 days have passed', () => {
  const now = new Date('2026-11-23T00:00:00Z')
  const days = (n: number) => new Date(now.getTime() + n * 24 * 60 * 60 * 1000)
  expect(SESSION_TTL_MS).toBe(30 * 24 * 60 * 60 * 1000)
  expect(shouldSlide(days(29), now)).toBe(false)
  expect(shouldSlide(days(15.5), now)).toBe(false)
  expect(shouldSlide(days(14.9), now)).toBe(true)
  expect(shouldSlide(days(1), now)).toBe(true)
})

test('the session cookie is HttpOnly, SameSite=Lax, Secure over HTTPS, and is read back strictly', () => {
  const expires = new Date('2026-12-23T00:00:00Z')
  const cookie = sessionCookie('a'.repeat(32), expires, { secure: true })
  expect(cookie).toContain('HttpOnly')
  expect(cookie).toContain('SameSite=Lax')
  expect(cookie).toContain('Secure')
  expect(cookie).toContain(`Expires=${expires.toUTCString()}`)
  expect(sessionCookie('a'.repeat(32), expires, { secure: false })).not.toContain('Secure')
  const request = (value: string) => new Request('http://x/', { headers: { Cookie: `x=1; hs_session=${value}` } })
  expect(readSessionToken(request('a'.repeat(32)))).toBe('a'.repeat(32))
  expect(readSessionToken(request('not-a-token'))).toBeNull()
  expect(readSessionToken(new Request('http://x/'))).toBeNull()
})

test('five failures are free, then the wait doubles up to fifteen minutes', () => {
  expect(lockoutSeconds(4, FREE_FAILURES.login)).toBe(0)
  expect(lockoutSeconds(5, FREE_FAILURES.login)).toBe(30)
  expect(lockoutSeconds(6, FREE_FAILURES.login)).toBe(60)
  expect(lockoutSeconds(8, FREE_FAILURES.login)).toBe(240)
  expect(lockoutSeconds(50, FREE_FAILURES.login)).toBe(900)
  // A shared ward-office address gets far more room than one account.
  expect(lockoutSeconds(29, FREE_FAILURES.ip)).toBe(0)
  const last = new Date('2026-11-23T08:00:00Z')
  expect(remainingLockout(5, last, 5, new Date('2026-11-23T08:00:10Z'))).toBe(20)
  expect(remainingLockout(5, last, 5, new Date('2026-11-23T08:00:31Z'))).toBe(0)
  expect(remainingLockout(9, null, 5, last)).toBe(0)
})

test('passwords: long enough, not common, not the login itself', () => {
  expect(passwordProblem('ngắn')).toBe('validation.passwordTooShort')
  expect(passwordProblem('x'.repeat(129))).toBe('validation.passwordTooLong')
  expect(passwordProblem('password1')).toBe('validation.passwordCommon')
  expect(passwordProblem('Matkhau123')).toBe('validation.passwordCommon')
  expect(passwordProblem('0912345678', '+84912345678')).toBe('validation.passwordIsLogin')
  expect(passwordProblem('0912 345 678', '+84912345678')).toBe('validation.passwordIsLogin')
  expect(passwordProblem('lan.nguyen', 'lan.nguyen@example.com')).toBe('validation.passwordIsLogin')
  expect(passwordProblem('Bà đi chợ sáng thứ bảy', '+84912345678')).toBeNull()
})

test('temporary passwords are easy to read off paper and pass the policy', () => {
  for (let i = 0; i < 50; i++) {
    const password = generateTemporaryPassword()
    expect(password).toMatch(/^[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}$/)
    expect(passwordProblem(password)).toBeNull()
  }
})

const actor = (role: Actor['role'], scope: string[] = ['ward-1']): Actor => ({ id: 'me', role, organizationScope: scope })
const target = (role: Actor['role'], organizationId: string | null = 'ward-1', createdById: string | null = null) => ({
  id: 'them',
  role,
  organizationId,
  createdById,
})

test('each role has exactly the permissions written down', () => {
  expect(hasPermission('LEARNER', 'user:list')).toBe(false)
  expect(hasPermission('TRAINER', 'account:create')).toBe(true)
  expect(hasPermission('TRAINER', 'user:change-role')).toBe(false)
  expect(hasPermission('ORG_ADMIN', 'user:change-role')).toBe(true)
  expect(hasPermission('ORG_ADMIN', 'organization:import')).toBe(false)
  expect(hasPermission('ADMIN', 'organization:import')).toBe(true)
})

test('who may manage whom', () => {
  expect(canManageUser(actor('TRAINER'), target('LEARNER'))).toBe(true)
  expect(canManageUser(actor('TRAINER'), target('LEARNER', 'ward-2'))).toBe(false)
  expect(canManageUser(actor('TRAINER'), target('LEARNER', 'ward-2', 'me'))).toBe(true)
  expect(canManageUser(actor('TRAINER'), target('TRAINER'))).toBe(false)
  expect(canManageUser(actor('ORG_ADMIN', ['city', 'ward-1']), target('TRAINER'))).toBe(true)
  expect(canManageUser(actor('ORG_ADMIN'), target('ADMIN'))).toBe(false)
  expect(canManageUser(actor('ORG_ADMIN'), target('LEARNER', null))).toBe(false)
  expect(canManageUser(actor('ADMIN', []), target('ADMIN', null))).toBe(true)
  expect(canManageUser(actor('ADMIN'), { ...target('LEARNER'), id: 'me' })).toBe(false)
  expect(canManageUser(actor('LEARNER'), target('LEARNER'))).toBe(false)
  expect(assignableRoles(actor('ORG_ADMIN'))).toEqual(['LEARNER', 'TRAINER'])
  expect(assignableRoles(actor('TRAINER'))).toEqual([])
})
