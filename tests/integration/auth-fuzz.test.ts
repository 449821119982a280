import fc from 'fast-check'
import { expect, test } from 'vitest'
import { action as setupAction } from '~/routes/setup'
import { action as deleteAction } from '~/routes/account-delete'
import { action as passwordAction } from '~/routes/account-password'
import { action as accountAction } from '~/routes/account'
import { action as loginAction } from '~/routes/login'
import { action as signupAction } from '~/routes/signup'
import { action as preferencesAction } from '~/routes/preferences'
import { action as newUserAction } from '~/routes/manage/user-new'
import { hashPassword } from '~/auth/password.server'
import { createSession } from '~/auth/session.server'
import { prisma } from '~/db.server'
import { context, run } from '../support/http'

// Whatever bytes arrive, an auth form answers with a redirect or a 4xx — never a 500.
const FIELDS = ['name', 'login', 'password', 'kind', 'agency', 'position', 'organizationId', 'consent', 'website', 'redirectTo', 'currentPassword', 'newPassword', 'confirmPassword', 'confirm', 'intent', 'locale', 'textSize', 'lang', 'text']

const bodies = fc.oneof(
  fc.uint8Array({ maxLength: 400 }).map((bytes) => ({ type: 'application/x-www-form-urlencoded', body: bytes })),
  fc.uint8Array({ maxLength: 400 }).map((bytes) => ({ type: 'multipart/form-data; boundary=zz', body: bytes })),
  fc
    .dictionary(fc.constantFrom(...FIELDS), fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 60 })), { maxKeys: 10 })
    .map((fields) => ({ type: 'application/x-www-form-urlencoded', body: new TextEncoder().encode(new URLSearchParams(fields).toString()) })),
)

test('random input to every auth form never produces a server error', async () => {
  const user = await prisma.user.create({
    data: { name: 'Fuzz', email: `fuzz-${Date.now()}@example.com`, role: 'ADMIN', password: { create: { hash: await hashPassword('mật khẩu thử nghiệm') } } },
  })
  const { token } = await createSession(user.id)
  const cookie = `hs_session=${token}`
  const actions = [
    ['/dang-ky', signupAction, false],
    ['/dang-nhap', loginAction, false],
    ['/setup/abc', setupAction, false],
    ['/preferences', preferencesAction, false],
    ['/tai-khoan', accountAction, true],
    ['/tai-khoan/mat-khau', passwordAction, true],
    ['/tai-khoan/xoa', deleteAction, true],
    ['/quan-ly/nguoi-dung/moi', newUserAction, true],
  ] as const
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...actions), bodies, async ([path, action, signedIn], { type, body }) => {
      const request = new Request(`http://localhost${path}`, {
        method: 'POST',
        headers: { 'Content-Type': type, ...(signedIn ? { Cookie: cookie } : {}) },
        body,
      })
      const outcome = await run(action, request, { token: 'abc' }, { ...context, clientIp: `192.0.2.${Math.floor(Math.random() * 250)}` })
      expect(outcome.status, `${path} answered ${outcome.status}`).toBeLessThan(500)
    }),
    { numRuns: 150 },
  )
  // The fuzzed delete form must not have deleted the account by chance.
  expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).deletedAt).toBeNull()
})
