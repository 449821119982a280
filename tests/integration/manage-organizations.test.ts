import { expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { createSession } from '~/auth/session.server'
import { action, loader } from '~/routes/manage/organizations'
import { getRequest, run } from '../support/http'

async function signedIn(role: 'ADMIN' | 'ORG_ADMIN') {
  const user = await prisma.user.create({ data: { name: role, email: `${role}-${Date.now()}-${Math.random()}@example.com`, role } })
  const { token } = await createSession(user.id)
  return { user, cookie: `hs_session=${token}` }
}

function upload(cookie: string, content: BlobPart, name = 'don-vi.csv') {
  const form = new FormData()
  form.append('file', new File([content], name, { type: 'text/csv' }))
  return new Request('http://localhost/quan-ly/to-chuc', { method: 'POST', headers: { Cookie: cookie }, body: form })
}

test('an administrator imports a CSV of units; errors are listed by line and nothing is written', async () => {
  const { user, cookie } = await signedIn('ADMIN')
  const code = `T${Date.now()}`
  const ok = await run(action, upload(cookie, `code,name,kind,parent_code\n${code},Tỉnh Thử Nghiệm,tỉnh,\n${code}-1,Xã Một,xã,${code}\n`))
  expect(ok.status).toBe(200)
  expect(ok.body).toEqual({ status: 'done', created: 2, updated: 0, unchanged: 0 })
  expect(await prisma.organization.count({ where: { code: { startsWith: code } } })).toBe(2)
  expect(await prisma.auditLog.count({ where: { action: 'organizations.imported', actorId: user.id } })).toBe(1)

  const bad = await run(action, upload(cookie, `code,name,kind,parent_code\n${code}-2,,xã,${code}\n${code}-3,Xã Ba,làng,${code}\n`))
  expect(bad.status).toBe(400)
  const errors = (bad.body as { errors: { line: number; message: string }[] }).errors
  expect(errors.map((error) => error.line)).toEqual([2, 3])
  expect(errors[0]!.message).toMatch(/^Dòng 2:/)
  expect(await prisma.organization.count({ where: { code: { startsWith: code } } })).toBe(2)

  const binary = await run(action, upload(cookie, new Uint8Array([0xff, 0xfe, 0x00, 0xc3])))
  expect(binary.body).toEqual({ status: 'file', message: 'orgs.fileNotText' })
  const missing = await run(action, upload(cookie, ''))
  expect(missing.body).toEqual({ status: 'file', message: 'orgs.fileMissing' })

  const page = await run(loader, getRequest('/quan-ly/to-chuc', cookie))
  expect((page.body as { counts: { provinces: number } }).counts.provinces).toBeGreaterThanOrEqual(1)
})

test('only administrators may import organisations', async () => {
  const { cookie } = await signedIn('ORG_ADMIN')
  expect((await run(loader, getRequest('/quan-ly/to-chuc', cookie))).status).toBe(403)
  expect((await run(action, upload(cookie, 'code,name,kind,parent_code\n'))).status).toBe(403)
})
