import { spawnSync } from 'node:child_process'
import { copyFileSync } from 'node:fs'
import { type AddressInfo } from 'node:net'
import path from 'node:path'
import Database from 'better-sqlite3'
import express from 'express'
import { expect, test } from 'vitest'
import { hashPassword } from '~/auth/password.server'
import { getCatalog, getCourse } from '~/content/catalog.server'
import { prisma } from '~/db.server'
import { parseEnv } from '~/env.server'
import { encodeGuest, emptyGuest, guestCompletedLesson, guestQuiz } from '~/progress/guest.server'
import { action as progressEventsAction } from '~/routes/api/progress-events'
import { action as accountAction } from '~/routes/account'
import { action as loginAction } from '~/routes/login'
import { loader as usersLoader } from '~/routes/manage/users'
import { action as manageUserAction, loader as manageUserLoader } from '~/routes/manage/user'
import { action as userNewAction } from '~/routes/manage/user-new'
import { action as signupAction } from '~/routes/signup'
import { context, formRequest, getRequest, run } from '../support/http'
import { TEST_PASSWORD, organization, person } from '../support/people'

// Issue 12's holes, each found by trying the product as an attacker would.
// Every test here failed on the code before the fix.

let seq = 0
function uniquePhone() {
  seq += 1
  return `09${String((Date.now() + seq * 7919) % 1e8).padStart(8, '0')}`
}
const e164 = (phone: string) => `+84${phone.slice(1)}`
const fromIp = (clientIp: string) => ({ ...context, clientIp })

function profileFields(user: { name: string; email: string | null; phone: string | null }, extra: Record<string, string> = {}) {
  return { intent: 'profile', name: user.name, login: user.email ?? user.phone ?? '', kind: 'RESIDENT', locale: 'vi', textSize: 'normal', ...extra }
}

test('staff cannot move themselves into another unit through the profile; the unit stays and nothing widens', async () => {
  const province = await organization('Tỉnh A')
  const ward = await organization('Phường A1', province.id)
  const other = await organization('Tỉnh B')
  const otherWard = await organization('Phường B1', other.id)
  const victim = await person('LEARNER', otherWard.id)

  for (const role of ['TRAINER', 'ORG_ADMIN'] as const) {
    const staff = await person(role, ward.id)
    const moved = await run(accountAction, formRequest('/tai-khoan', profileFields(staff.user, { organizationId: otherWard.id }), staff.cookie))
    expect(moved.status).toBe(400)
    expect(JSON.stringify(moved.body)).toContain('account.organizationLocked')
    expect((await prisma.user.findUniqueOrThrow({ where: { id: staff.user.id } })).organizationId).toBe(ward.id)

    // The form shows no choice to staff; saving it without one keeps the unit.
    const saved = await run(accountAction, formRequest('/tai-khoan', profileFields(staff.user, { name: 'Tên mới' }), staff.cookie))
    expect(saved.status).toBe(200)
    const after = await prisma.user.findUniqueOrThrow({ where: { id: staff.user.id } })
    expect(after).toMatchObject({ name: 'Tên mới', organizationId: ward.id })

    // What the hole led to: the other unit's learners stay out of sight.
    const list = await run(usersLoader, getRequest('/quan-ly/nguoi-dung', staff.cookie))
    expect(JSON.stringify(list.body)).not.toContain(victim.user.id)
    expect((await run(manageUserLoader, getRequest(`/quan-ly/nguoi-dung/${victim.user.id}`, staff.cookie), { id: victim.user.id })).status).toBe(404)
  }
})

test('a learner still chooses their own unit, and the move is audited with where from and where to', async () => {
  const province = await organization('Tỉnh C')
  const ward = await organization('Phường C1', province.id)
  const learner = await person('LEARNER', null)
  const saved = await run(accountAction, formRequest('/tai-khoan', profileFields(learner.user, { organizationId: ward.id }), learner.cookie))
  expect(saved.status).toBe(200)
  expect((await prisma.user.findUniqueOrThrow({ where: { id: learner.user.id } })).organizationId).toBe(ward.id)
  const audit = await prisma.auditLog.findFirstOrThrow({ where: { targetId: learner.user.id, action: 'user.organization-changed' } })
  expect(JSON.parse(audit.details!)).toEqual({ from: null, to: ward.id })
})

test('an organisation admin moves staff only between units they reach, audited; a trainer cannot move anyone', async () => {
  const province = await organization('Tỉnh D')
  const wardA = await organization('Phường D1', province.id)
  const wardB = await organization('Phường D2', province.id)
  const other = await organization('Tỉnh E')
  const admin = await person('ORG_ADMIN', province.id)
  const trainer = await person('TRAINER', wardA.id)
  const outsider = await person('TRAINER', other.id)
  const post = (cookie: string, id: string, organizationId: string) =>
    run(manageUserAction, formRequest(`/quan-ly/nguoi-dung/${id}`, { intent: 'change-organization', organizationId }, cookie), { id })

  expect((await post(admin.cookie, trainer.user.id, wardB.id)).status).toBe(200)
  expect((await prisma.user.findUniqueOrThrow({ where: { id: trainer.user.id } })).organizationId).toBe(wardB.id)
  const audit = await prisma.auditLog.findFirstOrThrow({ where: { targetId: trainer.user.id, action: 'user.organization-changed' } })
  expect(audit.actorId).toBe(admin.user.id)
  expect(JSON.parse(audit.details!)).toEqual({ from: wardA.id, to: wardB.id })

  // Into a unit outside their reach: refused, nothing written.
  expect((await post(admin.cookie, trainer.user.id, other.id)).status).toBe(403)
  expect((await prisma.user.findUniqueOrThrow({ where: { id: trainer.user.id } })).organizationId).toBe(wardB.id)
  // Someone outside their reach: not found.
  expect((await post(admin.cookie, outsider.user.id, wardA.id)).status).toBe(404)
  // Themselves: not found (nobody manages their own account here).
  expect((await post(admin.cookie, admin.user.id, wardA.id)).status).toBe(404)
  // A trainer has no such permission, even for a learner they look after.
  const learner = await person('LEARNER', wardB.id)
  const trainerB = await person('TRAINER', wardB.id)
  expect((await post(trainerB.cookie, learner.user.id, wardA.id)).status).toBe(403)
  expect((await prisma.user.findUniqueOrThrow({ where: { id: learner.user.id } })).organizationId).toBe(wardB.id)
})

test('twenty wrong passwords sent at once are counted before any is checked: only five are verified', async () => {
  const phone = uniquePhone()
  expect((await run(signupAction, formRequest('/dang-ky', { name: 'Lê Văn Cường', login: phone, password: TEST_PASSWORD, kind: 'RESIDENT', consent: 'on' }), {}, fromIp('198.51.100.200'))).status).toBe(302)
  const ip = fromIp('198.51.100.201')
  const outcomes = await Promise.all(
    Array.from({ length: 20 }, (_, i) => run(loginAction, formRequest('/dang-nhap', { login: phone, password: `đoán sai lần ${i}` }), {}, ip)),
  )
  const statuses = outcomes.map((outcome) => outcome.status)
  expect(statuses.filter((status) => status === 400)).toHaveLength(5)
  expect(statuses.filter((status) => status === 429)).toHaveLength(15)
  // A 429 says when to come back.
  const limited = outcomes.find((outcome) => outcome.status === 429)!
  expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0)
  // Even the right password waits now.
  const right = await run(loginAction, formRequest('/dang-nhap', { login: phone, password: TEST_PASSWORD }), {}, ip)
  expect(right.status).toBe(429)
})

test('a class signing in from one ward office does not lock the office out', async () => {
  const ip = fromIp('198.51.100.210')
  const hash = await hashPassword(TEST_PASSWORD)
  for (let i = 0; i < 35; i++) {
    const phone = uniquePhone()
    await prisma.user.create({ data: { name: `Học viên ${i}`, phone: e164(phone), password: { create: { hash } } } })
    const outcome = await run(loginAction, formRequest('/dang-nhap', { login: phone, password: TEST_PASSWORD }), {}, ip)
    expect(outcome.status, `login ${i}`).toBe(302)
  }
})

test('one copied guest cookie gives its progress to the first account only', async () => {
  const course = getCourse('phan-anh-kien-nghi') ?? getCatalog().courses[0]!
  let guest = emptyGuest()
  for (const lesson of course.lessons) guest = guestCompletedLesson(guest, course.slug, lesson.slug)
  guest = guestQuiz(guest, course.slug, 100)
  const cookie = `hs_guest=${encodeGuest(guest)}`

  const accounts = []
  for (let i = 0; i < 3; i++) {
    const phone = uniquePhone()
    const outcome = await run(
      signupAction,
      formRequest('/dang-ky', { name: `Người ${i}`, login: phone, password: TEST_PASSWORD, kind: 'RESIDENT', consent: 'on' }, cookie),
      {},
      fromIp(`198.51.100.${220 + i}`),
    )
    expect(outcome.status).toBe(302)
    // Every copy is cleared from the browser that presented it.
    expect(outcome.headers.getSetCookie().some((value) => value.startsWith('hs_guest=;'))).toBe(true)
    accounts.push(await prisma.user.findUniqueOrThrow({ where: { phone: e164(phone) } }))
  }
  const events = await Promise.all(accounts.map((user) => prisma.learningEvent.count({ where: { actorId: user.id } })))
  expect(events[0]).toBeGreaterThan(0)
  expect(events.slice(1)).toEqual([0, 0])
  expect(await prisma.certificate.count({ where: { userId: { in: accounts.slice(1).map((user) => user.id) } } })).toBe(0)
})

test('sign-up answers "already has an account" only a few times per address and per number', async () => {
  const taken = uniquePhone()
  await prisma.user.create({ data: { name: 'Chủ số', phone: e164(taken) } })
  const attempt = (login: string, ip: string) =>
    run(signupAction, formRequest('/dang-ky', { name: 'Kẻ dò', login, password: TEST_PASSWORD, kind: 'RESIDENT', consent: 'on' }), {}, fromIp(ip))

  // Per number: five answers, from any addresses, then a wait.
  for (let i = 0; i < 5; i++) {
    const outcome = await attempt(taken, `203.0.113.${100 + i}`)
    expect(outcome.status).toBe(400)
    expect(JSON.stringify(outcome.body)).toContain('signup.loginUnavailable')
  }
  const sixth = await attempt(taken, '203.0.113.120')
  expect(sixth.status).toBe(429)
  expect(Number(sixth.headers.get('Retry-After'))).toBeGreaterThan(0)
  expect(JSON.stringify(sixth.body)).not.toContain('loginUnavailable')

  // Per address: ten "taken" answers for different numbers, then a wait even
  // for a number nobody has (the wait tells nothing either way).
  const ip = '203.0.113.130'
  for (let i = 0; i < 10; i++) {
    const phone = uniquePhone()
    await prisma.user.create({ data: { name: `Chủ ${i}`, phone: e164(phone) } })
    expect((await attempt(phone, ip)).status).toBe(400)
  }
  expect((await attempt(uniquePhone(), ip)).status).toBe(429)
  expect(await prisma.user.count({ where: { name: 'Kẻ dò' } })).toBe(0)
})

test('a ward office signs up a whole class from one address', async () => {
  for (let i = 0; i < 40; i++) {
    const outcome = await run(
      signupAction,
      formRequest('/dang-ky', { name: `Học viên ${i}`, login: uniquePhone(), password: TEST_PASSWORD, kind: 'RESIDENT', consent: 'on' }),
      {},
      fromIp('203.0.113.140'),
    )
    expect(outcome.status, `sign-up ${i}`).toBe(302)
  }
})

test('the profile is no oracle either: changing the login to others\u2019 numbers is rationed', async () => {
  const learner = await person('LEARNER', null)
  let last = 0
  for (let i = 0; i < 11; i++) {
    const phone = uniquePhone()
    await prisma.user.create({ data: { name: `Chủ hồ sơ ${i}`, phone: e164(phone) } })
    last = (await run(accountAction, formRequest('/tai-khoan', profileFields(learner.user, { login: phone }), learner.cookie))).status
  }
  expect(last).toBe(429)
})

test('staff creating accounts are told "already has an account" a bounded number of times', async () => {
  const ward = await organization('Phường F1', (await organization('Tỉnh F')).id)
  const trainer = await person('TRAINER', ward.id)
  const statuses: number[] = []
  for (let i = 0; i < 31; i++) {
    const phone = uniquePhone()
    await prisma.user.create({ data: { name: `Đã có ${i}`, phone: e164(phone) } })
    const outcome = await run(userNewAction, formRequest('/quan-ly/nguoi-dung/moi', { name: 'Người mới', login: phone, kind: 'RESIDENT' }, trainer.cookie))
    statuses.push(outcome.status)
  }
  expect(statuses.slice(0, 30).every((status) => status === 400)).toBe(true)
  expect(statuses[30]).toBe(429)
})

test('TRUST_PROXY believes only the hops it is told about, so a forged X-Forwarded-For changes nothing', async () => {
  expect(parseEnv({}).TRUST_PROXY).toBe(false)
  expect(parseEnv({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(1)
  expect(parseEnv({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2)
  expect(parseEnv({ TRUST_PROXY: '10.0.0.2, 172.16.0.0/12,loopback' }).TRUST_PROXY).toEqual(['10.0.0.2', '172.16.0.0/12', 'loopback'])
  expect(() => parseEnv({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY/)
  expect(() => parseEnv({ TRUST_PROXY: '10.0.0.0/40' })).toThrow(/TRUST_PROXY/)

  for (const setting of ['1', 'loopback']) {
    const app = express()
    app.set('trust proxy', parseEnv({ TRUST_PROXY: setting }).TRUST_PROXY)
    app.get('/ip', (req, res) => void res.send(req.ip))
    const server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      // The proxy (here: loopback) appends the address it saw; whatever the
      // client wrote before that is the client's own claim.
      const seen = new Set<string>()
      for (let i = 0; i < 5; i++) {
        const response = await fetch(`${base}/ip`, { headers: { 'X-Forwarded-For': `10.9.9.${i}, 198.51.100.77` } })
        seen.add(await response.text())
      }
      expect([...seen]).toEqual(['198.51.100.77'])
    } finally {
      server.close()
    }
  }
})

test('npm run admin:create works while the server has the database open', () => {
  const file = path.join(path.dirname(process.env.DATABASE_URL!.replace(/^file:/, '')), `busy-${process.pid}.db`)
  copyFileSync(path.join(path.dirname(file), 'template.db'), file)
  const server = new Database(file)
  server.pragma('journal_mode = WAL')
  server.prepare('SELECT count(*) FROM "User"').get()
  try {
    const result = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/admin-create.ts', '--name', 'Quản Trị Viên', '--login', '0912000999'], {
      env: { ...process.env, DATABASE_URL: `file:${file}`, ADMIN_PASSWORD: 'một mật khẩu quản trị đủ dài' },
      encoding: 'utf8',
    })
    expect(result.stderr + result.stdout).not.toMatch(/SQLITE_BUSY|in use/)
    expect(result.status).toBe(0)
    expect(server.prepare('SELECT role FROM "User" WHERE phone = ?').get('+84912000999')).toEqual({ role: 'ADMIN' })
  } finally {
    server.close()
  }
}, 60_000)

test('the progress API explains a malformed statement in Vietnamese', async () => {
  const learner = await person('LEARNER', null)
  const request = new Request('http://localhost/api/progress/events', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: learner.cookie },
    body: JSON.stringify({ events: [{ id: crypto.randomUUID(), verb: 'completed', object: { type: 'lesson', id: 'x'.repeat(500) }, timestamp: new Date().toISOString() }] }),
  })
  const outcome = await run(progressEventsAction, request)
  expect(outcome.status).toBe(400)
  const text = JSON.stringify(outcome.body)
  expect(text).not.toMatch(/Too big|expected|Invalid/)
  expect(text).toMatch(/Quá lớn|quá dài|ký tự/)
})
