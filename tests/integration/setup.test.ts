import { expect, test } from 'vitest'
import { createAdmin, hasAdmin, isSetupTokenValid, issueSetupToken } from '~/auth/setup.server'
import { verifyPassword } from '~/auth/password.server'
import { hashToken } from '~/auth/tokens.server'
import { prisma } from '~/db.server'
import { action, loader } from '~/routes/setup'

const context = { cspNonce: 'n', requestId: 'r', clientIp: '127.0.0.1' }

function post(token: string, fields: Record<string, string>) {
  const request = new Request(`http://localhost/setup/${token}`, {
    method: 'POST',
    body: new URLSearchParams(fields),
  })
  return action({ request, params: { token }, context })
}

async function readData(response: unknown) {
  // Remix `data()` returns a DataWithResponseInit: { data, init }.
  const value = response as { data: unknown; init: { status?: number } | null }
  return { status: value.init?.status ?? 200, body: value.data as Record<string, unknown> }
}

test('the first-run link creates exactly one administrator, once', async () => {
  await prisma.user.deleteMany({})
  const token = await issueSetupToken()
  expect(token).toMatch(/^[a-z2-7]{32}$/)
  // Only the hash is stored.
  const stored = await prisma.setupToken.findMany()
  expect(stored).toHaveLength(1)
  expect(stored[0]?.tokenHash).toBe(hashToken(token!))

  const page = await loader({ request: new Request(`http://localhost/setup/${token}`), params: { token: token! }, context })
  expect((await readData(page)).body.valid).toBe(true)

  const ok = await readData(
    await post(token!, { name: 'Nguyễn Thị Lan', login: '0912 345 678', password: 'một câu rất dài để nhớ' }),
  )
  expect(ok.body.done).toBe(true)

  const admin = await prisma.user.findUniqueOrThrow({ where: { phone: '+84912345678' }, include: { password: true } })
  expect(admin.role).toBe('ADMIN')
  expect(admin.password?.hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
  expect(await verifyPassword(admin.password!.hash, 'một câu rất dài để nhớ')).toBe(true)
  expect(await prisma.auditLog.count({ where: { action: 'admin.created', targetId: admin.id } })).toBe(1)

  // The link is spent, and no new one is issued while an admin exists.
  expect(await isSetupTokenValid(token!)).toBe(false)
  const again = await readData(await post(token!, { name: 'Kẻ gian', login: 'x@example.com', password: 'mật khẩu đủ dài' }))
  expect(again.status).toBe(403)
  expect(await issueSetupToken()).toBeNull()
  expect(await prisma.user.count({ where: { role: 'ADMIN' } })).toBe(1)
})

test('bad input is answered in Vietnamese keys, keeps what was typed and hides the password', async () => {
  await prisma.user.deleteMany({})
  const token = (await issueSetupToken())!
  const response = await readData(await post(token, { name: '', login: '0212 345', password: 'ngắn' }))
  expect(response.status).toBe(400)
  const result = response.body.result as { error: Record<string, string[]>; initialValue: Record<string, string> }
  expect(result.error.name).toEqual(['validation.required'])
  expect(result.error.login).toEqual(['validation.loginInvalid'])
  expect(result.error.password).toEqual(['validation.passwordTooShortAdmin'])
  expect(result.initialValue.login).toBe('0212 345')
  expect(result.initialValue.password).toBeUndefined()
  expect(await hasAdmin()).toBe(false)
})

test('a wrong or expired token is refused', async () => {
  await prisma.user.deleteMany({})
  const token = (await issueSetupToken(new Date(Date.now() - 25 * 60 * 60 * 1000)))!
  expect(await isSetupTokenValid(token)).toBe(false)
  expect(await isSetupTokenValid('not-a-token')).toBe(false)
  const page = await loader({ request: new Request('http://localhost/setup/x'), params: { token: 'x' }, context })
  expect((await readData(page)).status).toBe(404)
})

test('the command-line path refuses a login that already exists', async () => {
  await prisma.user.deleteMany({})
  const first = await createAdmin({ name: 'A', login: 'a@example.com', password: 'mật khẩu đủ dài' }, { via: 'cli' })
  expect(first.ok).toBe(true)
  const second = await createAdmin({ name: 'B', login: 'A@Example.com', password: 'mật khẩu đủ dài' }, { via: 'cli' })
  expect(second).toEqual({ ok: false, reason: 'login-taken' })
})
