import { type ViteDevServer } from 'vite'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { hashPassword } from '~/auth/password.server'
import { prisma } from '~/db.server'
import { type AppServer, startApp, startVite } from '../support/app-server'
import { rawRequest } from '../support/raw-http'

// Through the real Express app and the real routes: what a client on the
// wire can make the HTTP layer do (issue 12, items 2, 3, 7 and 8).
const SITE_URL = 'https://hoc-so.example'
const SITE_HOST = 'hoc-so.example'

let vite: ViteDevServer
let app: AppServer
let proxied: AppServer

beforeAll(async () => {
  vite = await startVite()
  app = await startApp(vite, { SITE_URL })
  // Behind a proxy: X-Forwarded-* are believed.
  proxied = await startApp(vite, { SITE_URL, TRUST_PROXY: '1' })
}, 120_000)

afterAll(async () => {
  await app?.close()
  await proxied?.close()
  await vite?.close()
})

const form = (fields: Record<string, string>) => [Buffer.from(new URLSearchParams(fields).toString())]
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' }
// A browser on the site, reaching the server by its own name.
const SAME_SITE = { ...FORM, Origin: SITE_URL, Host: SITE_HOST }

let phones = 0
function newPhone() {
  phones += 1
  return `097${String(process.pid % 1000).padStart(3, '0')}${String(phones).padStart(4, '0')}`
}
const asStored = (phone: string) => `+84${phone.slice(1)}`

async function signupWith(redirectTo: string) {
  const login = newPhone()
  const reply = await rawRequest(app.base, {
    path: '/dang-ky',
    headers: SAME_SITE,
    chunks: form({ name: 'Nguyễn Thị Hoa', login, password: 'Hoa đi học máy tính ở phường', kind: 'RESIDENT', consent: 'on', redirectTo }),
  })
  return { reply, accounts: await prisma.user.count({ where: { phone: asStored(login) } }) }
}

test('a chunked 30 MB post to /dang-nhap is refused with 413 at once, without reading it', async () => {
  const chunk = Buffer.from(`login=${'a'.repeat(64 * 1024 - 6)}`)
  const filler = Buffer.alloc(64 * 1024, 97)
  function* thirtyMegabytes() {
    yield chunk
    for (let sent = chunk.length; sent < 30 * 1024 * 1024; sent += filler.length) yield filler
  }
  const before = process.memoryUsage().rss
  const reply = await rawRequest(app.base, { path: '/dang-nhap', headers: SAME_SITE, chunks: thirtyMegabytes() })
  expect(reply.status).toBe(413)
  expect(reply.headers.connection).toBe('close')
  expect(reply.body).toContain('Dữ liệu gửi lên quá lớn')
  expect(reply.body.length).toBeLessThan(4096)
  expect(reply.ms).toBeLessThan(5000)
  const socket = app.lastSocket()!
  await new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())))
  // Of 30 MB, the server read the 1 MB limit and what was in flight.
  expect(socket.bytesRead).toBeLessThan(2 * 1024 * 1024)
  expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024)
}, 30_000)

test('a form field over its limit is an error under the field, and is not echoed into the page', async () => {
  const post = (login: string) => rawRequest(app.base, { path: '/dang-nhap', headers: SAME_SITE, chunks: form({ login, password: 'sai' }) })
  const short = await post('y')
  const reply = await post('x'.repeat(50_000))
  expect(reply.status).toBe(400)
  expect(reply.body).toContain('Nội dung quá dài (tối đa 2000 ký tự).')
  expect(reply.body).not.toContain('xxxxxxxxxx')
  // The same page as for any wrong input, give or take the message.
  expect(reply.body.length).toBeLessThan(short.body.length + 1000)
})

test('a way back that a browser would read as another site is refused after login', async () => {
  const login = newPhone()
  await prisma.user.create({
    data: { name: 'Trần Văn Bình', phone: asStored(login), password: { create: { hash: await hashPassword('Bình học VNeID mỗi tối') } } },
  })
  for (const redirectTo of ['/\t/evil.example/phish', '/\n/evil.example', '/\\evil.example', '/.//evil.example', '//evil.example']) {
    const reply = await rawRequest(app.base, {
      path: '/dang-nhap',
      headers: SAME_SITE,
      chunks: form({ login, password: 'Bình học VNeID mỗi tối', redirectTo }),
    })
    expect(reply.status, JSON.stringify(redirectTo)).toBe(302)
    expect(reply.headers.location, JSON.stringify(redirectTo)).toBe('/tai-khoan')
  }
})

test('sign-up with Vietnamese letters in the way back lands on the encoded path, with one account', async () => {
  const { reply, accounts } = await signupWith('/tim-kiem?q=Nguyễn')
  expect(reply.status).toBe(302)
  expect(reply.headers.location).toBe('/tim-kiem?q=Nguy%E1%BB%85n')
  expect(reply.headers['set-cookie']?.some((cookie) => cookie.startsWith('hs_session='))).toBe(true)
  expect(accounts).toBe(1)
})

test('sign-up with CR or LF in the way back goes to the welcome page, with one account', async () => {
  for (const redirectTo of ['/tim-kiem?q=a\r\nSet-Cookie: x=1', '/tim-kiem\n', '/tim-kiem?q=\r']) {
    const { reply, accounts } = await signupWith(redirectTo)
    expect(reply.status, JSON.stringify(redirectTo)).toBe(302)
    expect(reply.headers.location).toBe('/hoc-tap?chao-mung=1')
    expect(accounts).toBe(1)
  }
})

test('login and preferences with Vietnamese letters in the way back answer with an encoded Location', async () => {
  const login = newPhone()
  await prisma.user.create({
    data: { name: 'Lê Thị Cúc', phone: asStored(login), password: { create: { hash: await hashPassword('Cúc tập dùng dịch vụ công') } } },
  })
  const loggedIn = await rawRequest(app.base, {
    path: '/dang-nhap',
    headers: SAME_SITE,
    chunks: form({ login, password: 'Cúc tập dùng dịch vụ công', redirectTo: '/tim-kiem?q=Nguyễn' }),
  })
  expect(loggedIn.status).toBe(302)
  expect(loggedIn.headers.location).toBe('/tim-kiem?q=Nguy%E1%BB%85n')
  const prefs = await rawRequest(app.base, { path: '/preferences', headers: SAME_SITE, chunks: form({ text: 'large', redirectTo: '/tim-kiem?q=Nguyễn\r\n' }) })
  expect(prefs.status).toBe(302)
  expect(prefs.headers.location).toBe('/')
})

test('a post from the site reaching us under another Host (a proxy rewrote it) runs the action', async () => {
  // A page's action (resource routes skip Remix's own origin comparison).
  const login = newPhone()
  await prisma.user.create({
    data: { name: 'Đỗ Văn Hải', phone: asStored(login), password: { create: { hash: await hashPassword('Hải học làm thủ tục trực tuyến') } } },
  })
  const post = (target: AppServer, headers: Record<string, string>) =>
    rawRequest(target.base, { path: '/dang-nhap', headers, chunks: form({ login, password: 'Hải học làm thủ tục trực tuyến', redirectTo: '/khoa-hoc' }) })
  for (const target of [app, proxied]) {
    const reply = await post(target, { ...FORM, Origin: SITE_URL, Host: 'app-internal:3000' })
    expect(reply.status).toBe(302)
    expect(reply.headers.location).toBe('/khoa-hoc')
    expect(reply.headers['set-cookie']?.some((cookie) => cookie.startsWith('hs_session='))).toBe(true)
  }
  // Nor does a client's own X-Forwarded-Host turn an accepted post into a 500.
  for (const target of [app, proxied]) {
    const reply = await post(target, { ...SAME_SITE, 'X-Forwarded-Host': 'elsewhere.example' })
    expect(reply.status).toBe(302)
  }
})

test('a foreign Origin is refused with 403 even when X-Forwarded-Host claims to match it', async () => {
  for (const target of [app, proxied]) {
    for (const headers of [
      { ...FORM, Origin: 'https://evil.example', Host: SITE_HOST, 'X-Forwarded-Host': 'evil.example' },
      { ...FORM, Origin: 'https://evil.example', Host: SITE_HOST, 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https' },
      { ...FORM, Origin: 'null', Host: SITE_HOST },
      { ...FORM, Host: SITE_HOST },
    ]) {
      const reply = await rawRequest(target.base, { path: '/preferences', headers, chunks: form({ lang: 'en' }) })
      expect(reply.status).toBe(403)
      expect(reply.body).toContain('Yêu cầu bị từ chối')
    }
  }
})

test('a 429 reaches the browser with Retry-After, on the login page and on /verify', async () => {
  const login = newPhone()
  let reply = await rawRequest(app.base, { path: '/dang-nhap', headers: SAME_SITE, chunks: form({ login, password: 'sai mật khẩu' }) })
  for (let i = 0; i < 6 && reply.status !== 429; i++) {
    reply = await rawRequest(app.base, { path: '/dang-nhap', headers: SAME_SITE, chunks: form({ login, password: `sai mật khẩu ${i}` }) })
  }
  expect(reply.status).toBe(429)
  expect(Number(reply.headers['retry-after'])).toBeGreaterThan(0)
  expect(reply.body).toContain('vui lòng đợi')

  let verify = await rawRequest(app.base, { method: 'GET', path: '/verify/HS-2345-6789', headers: { Host: SITE_HOST } })
  for (let i = 0; i < 40 && verify.status !== 429; i++) {
    verify = await rawRequest(app.base, { method: 'GET', path: '/verify/HS-2345-6789', headers: { Host: SITE_HOST } })
  }
  expect(verify.status).toBe(429)
  expect(Number(verify.headers['retry-after'])).toBeGreaterThan(0)
  expect(verify.headers['cache-control']).toBe('no-store')
})
