import path from 'node:path'
import { type RouteConfigEntry } from '@remix-run/route-config'
import { beforeAll, describe, expect, test } from 'vitest'
import { createApiToken } from '~/auth/api-tokens.server'
import { actorFor } from '~/auth/manage.server'
import { createSession } from '~/auth/session.server'
import { generateCode } from '~/certificates/code'
import { issueCertificate } from '~/certificates/issue.server'
import { createClass } from '~/classes/classes.server'
import { getCourse } from '~/content/catalog.server'
import { prisma } from '~/db.server'
import { vietnamDay } from '~/lib/dates'
import routes from '~/routes'
import { listScenarios } from '~/simulators/catalog.server'
import { type Outcome, context, formRequest, getRequest, run } from '../support/http'
import { organization, person } from '../support/people'
import { ACTORS, type ActorName, type Expected, MATRIX, type Probe, type World } from './authorization-matrix'

// Issue 12: every loader and action of app/routes.ts × every kind of actor,
// against tests/integration/authorization-matrix.ts. Then the attempts that a
// route-level matrix cannot express: changing scope attributes, and reading or
// writing through the ids of another unit, each checked in the database.

// ——— Routes, read from app/routes.ts ———

const HANDLERS = ['loader', 'action'] as const
type HandlerName = (typeof HANDLERS)[number]
type Handler = Parameters<typeof run>[0]
type Discovered = { key: string; file: string; handlers: Partial<Record<HandlerName, Handler>> }

const APP_DIR = path.resolve(__dirname, '..', '..', 'app')

// A route's key is its full path ('/' for the index); a layout route without
// a path is keyed by its id.
function flatten(entries: readonly RouteConfigEntry[], parent = ''): { key: string; file: string }[] {
  return entries.flatMap((entry) => {
    const own = entry.index ? parent : [parent, entry.path ?? ''].filter(Boolean).join('/')
    const key = entry.index || entry.path ? own || '/' : `id:${entry.id ?? entry.file.replace(/\.[jt]sx?$/, '')}`
    return [{ key, file: entry.file }, ...flatten(entry.children ?? [], own)]
  })
}

const DISCOVERED: Discovered[] = await Promise.all(
  flatten(await routes).map(async ({ key, file }) => {
    const module = (await import(path.join(APP_DIR, file))) as Record<string, unknown>
    const handlers: Discovered['handlers'] = {}
    for (const name of HANDLERS) if (typeof module[name] === 'function') handlers[name] = module[name] as Handler
    return { key, file, handlers }
  }),
)

// ——— The fixture world ———

const COURSE = 'lam-quen-vneid' // assigned to C1
const CERTIFICATE_COURSE = 'chuyen-doi-so-cho-can-bo' // L1 holds its certificate

type Person = Awaited<ReturnType<typeof person>>
let world: World
const people = {} as Record<Exclude<ActorName, 'anonymous'>, Person>
let units: Record<'p' | 'w1' | 'w2' | 'q' | 'w3', { id: string }>
let c2: { id: string; joinCode: string }
let c2Assignment: { id: string }
let l3: Person // a learner of W3, member of C2
let apiToken: string

const inDays = (days: number) => vietnamDay(new Date(Date.now() + days * 86_400_000))

beforeAll(async () => {
  const p = await organization('Tỉnh P (quyền)')
  const w1 = await organization('Phường W1', p.id)
  const w2 = await organization('Phường W2', p.id)
  const q = await organization('Tỉnh Q (quyền)')
  const w3 = await organization('Phường W3', q.id)
  units = { p, w1, w2, q, w3 }
  const [learner, otherLearner, trainer, otherTrainer, orgAdminIn, orgAdminOut, admin, learnerOfC2] = await Promise.all([
    person('LEARNER', w1.id, { name: 'Học viên L1' }),
    person('LEARNER', w2.id, { name: 'Học viên L2' }),
    person('TRAINER', w1.id, { name: 'Giảng viên T1' }),
    person('TRAINER', w3.id, { name: 'Giảng viên T2' }),
    person('ORG_ADMIN', p.id, { name: 'Quản trị tỉnh P' }),
    person('ORG_ADMIN', q.id, { name: 'Quản trị tỉnh Q' }),
    person('ADMIN', null, { name: 'Quản trị hệ thống' }),
    person('LEARNER', w3.id, { name: 'Học viên L3' }),
  ])
  Object.assign(people, { learner, otherLearner, trainer, otherTrainer, orgAdminIn, orgAdminOut, admin })
  l3 = learnerOfC2

  const made1 = await createClass(await actorFor(trainer.user), { name: 'Lớp C1', organizationId: w1.id, scheduleNotes: 'Tối thứ Ba' })
  const made2 = await createClass(await actorFor(otherTrainer.user), { name: 'Lớp C2', organizationId: w3.id })
  if (!made1.ok || !made2.ok) throw new Error('fixture classes were not created')
  const c1 = await prisma.class.findUniqueOrThrow({ where: { id: made1.id } })
  c2 = await prisma.class.findUniqueOrThrow({ where: { id: made2.id } })
  await prisma.classMember.createMany({
    data: [
      { classId: c1.id, userId: learner.user.id, source: 'code' },
      { classId: c2.id, userId: l3.user.id, source: 'code' },
    ],
  })
  const dueAt = new Date(Date.now() + 7 * 86_400_000)
  await prisma.assignment.create({ data: { classId: c1.id, kind: 'course', targetId: COURSE, dueAt } })
  c2Assignment = await prisma.assignment.create({ data: { classId: c2.id, kind: 'course', targetId: COURSE, dueAt } })

  await prisma.courseProgress.create({ data: { userId: learner.user.id, courseSlug: CERTIFICATE_COURSE, completedAt: new Date(), lastActivityAt: new Date() } })
  const certificate = await issueCertificate(learner.user.id, CERTIFICATE_COURSE)
  if (!certificate) throw new Error('fixture certificate was not issued')
  apiToken = (await createApiToken(admin.user.id, 'LRS thử quyền')).token

  world = {
    classId: c1.id,
    joinCode: c1.joinCode,
    learnerId: learner.user.id,
    provinceId: p.id,
    certificateCode: certificate.code,
    course: COURSE,
    lesson: getCourse(COURSE)!.lessons[0]!.slug,
    scenario: listScenarios()[0]!.id,
  }
})

// ——— Calling a handler as an actor ———

let ipSeq = 0
// Each call from its own address: per-address limits (verification, login) must not decide a row.
const contextOnce = () => ({ ...context, clientIp: `198.51.100.${(ipSeq++ % 250) + 1}` })

// A fresh session per call, so that a row that ends a session (logout) never changes another row.
async function cookieOf(actor: ActorName): Promise<string | undefined> {
  if (actor === 'anonymous') return undefined
  const { token } = await createSession(people[actor].user.id)
  return `hs_session=${token}`
}

function urlFor(key: string, params: Record<string, string>): string {
  if (key === '/') return '/'
  return `/${key
    .split('/')
    .map((segment) => (segment === '*' ? params['*']! : segment.startsWith(':') ? encodeURIComponent(params[segment.slice(1)]!) : segment))
    .join('/')}`
}

function postRequest(url: string, probe: Probe = {}, cookie?: string): Request {
  if (probe.json !== undefined) {
    return new Request(new URL(url, 'http://localhost').toString(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
      body: JSON.stringify(probe.json),
    })
  }
  return formRequest(url, probe.form ?? {}, cookie)
}

function classify(outcome: Outcome): string {
  const { status } = outcome
  if (status >= 300 && status < 400) {
    const location = outcome.headers.get('Location') ?? ''
    if (location.startsWith('/dang-nhap?redirectTo=')) return 'login'
    if (location === '/tai-khoan') return 'to-account'
    return 'redirect'
  }
  if (status >= 200 && status < 300) return 'ok'
  const named: Record<number, Expected> = { 400: 'bad-request', 401: 'unauthorized', 403: 'forbidden', 404: 'not-found', 405: 'method-not-allowed' }
  return named[status] ?? `status ${status}`
}

function explain(outcome: Outcome): string {
  const location = outcome.headers.get('Location')
  const body = typeof outcome.body === 'string' ? outcome.body : JSON.stringify(outcome.body)
  return `answered ${outcome.status}${location ? ` → ${location}` : ''}: ${(body ?? '').slice(0, 160)}`
}

async function call(route: Discovered, handler: HandlerName, actor: ActorName): Promise<Outcome> {
  const entry = MATRIX[route.key]!
  const params = entry.params?.(world) ?? {}
  const url = urlFor(route.key, params)
  const cookie = await cookieOf(actor)
  const request = handler === 'loader' ? getRequest(url, cookie) : postRequest(url, entry.actionProbe, cookie)
  return run(route.handlers[handler]!, request, params, contextOnce())
}

const paramNames = (key: string) => key.split('/').flatMap((segment) => (segment === '*' ? ['*'] : segment.startsWith(':') ? [segment.slice(1)] : []))

// ——— The matrix ———

describe('authorization matrix', () => {
  test('route keys are unique (a new kind of route may need a new key)', () => {
    const keys = DISCOVERED.map((route) => route.key)
    expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([])
  })

  test("every row gives its route's parameters a value, and no other", () => {
    const wrong = DISCOVERED.filter(({ key }) => MATRIX[key]).flatMap(({ key }) => {
      const given = Object.keys(MATRIX[key]!.params?.(world) ?? {}).sort()
      const wanted = paramNames(key).sort()
      return given.join() === wanted.join() ? [] : [`${key}: gives [${given.join(', ')}], needs [${wanted.join(', ')}]`]
    })
    expect(wrong).toEqual([])
  })

  const known = new Set(DISCOVERED.map((route) => route.key))
  for (const key of Object.keys(MATRIX).filter((key) => !known.has(key))) {
    test(`the matrix's "${key}" is a route of app/routes.ts`, () => {
      expect.fail(`"${key}" is in the authorization matrix but not in app/routes.ts: remove its row or fix its path`)
    })
  }

  for (const route of DISCOVERED) {
    describe(route.key, () => {
      const entry = MATRIX[route.key]
      if (!entry) {
        test('has a row in the authorization matrix', () => {
          expect.fail(`${route.key} (${route.file}) has no entry in tests/integration/authorization-matrix.ts: write who may call it`)
        })
        return
      }
      if (HANDLERS.every((handler) => !route.handlers[handler] && !entry[handler])) {
        test('exports neither loader nor action: nothing to authorize', () => {
          expect(Object.keys(route.handlers)).toEqual([])
        })
      }
      for (const handler of HANDLERS) {
        const expected = entry[handler]
        if (!route.handlers[handler] && !expected) continue
        if (!route.handlers[handler]) {
          test(`${handler}: the route still exports it`, () => {
            expect.fail(`the matrix has a "${handler}" row for ${route.key} but ${route.file} exports no ${handler}: remove the row`)
          })
          continue
        }
        if (!expected) {
          test(`${handler}: has a row in the authorization matrix`, () => {
            expect.fail(`${route.file} exports "${handler}" but it has no row in tests/integration/authorization-matrix.ts: write who may call it`)
          })
          continue
        }
        describe(handler, () => {
          test.each(ACTORS.map((actor) => [actor, expected[actor]] as const))('%s → %s', async (actor, outcome) => {
            const got = await call(route, handler, actor)
            expect(classify(got), explain(got)).toBe(outcome)
          })
        })
      }
    })
  }
})

// ——— Scope attributes and ids of another unit ———

const post = (url: string, fields: Record<string, string>, who: { cookie: string }, params: Record<string, string> = {}) =>
  run(handlerOf(url, 'action'), formRequest(url, fields, who.cookie), params, contextOnce())
const get = (url: string, who: { cookie: string }, params: Record<string, string> = {}) =>
  run(handlerOf(url, 'loader'), getRequest(url, who.cookie), params, contextOnce())

// The handler of a concrete URL, found through app/routes.ts as Remix would
// (of the matching patterns, the one with the most static segments).
function handlerOf(url: string, handler: HandlerName): Handler {
  const segments = url.split('?')[0]!.split('/').filter(Boolean)
  const statics = (key: string) => key.split('/').filter((part) => !part.startsWith(':')).length
  const route = DISCOVERED.filter(({ key }) => {
    if (key === '*' || key.startsWith('id:')) return false
    const pattern = key === '/' ? [] : key.split('/')
    return pattern.length === segments.length && pattern.every((part, i) => part.startsWith(':') || part === segments[i])
  }).sort((a, b) => statics(b.key) - statics(a.key))[0]
  const found = route?.handlers[handler]
  if (!found) throw new Error(`no ${handler} for ${url}`)
  return found
}

const profileOf = (user: Person['user'], changes: Record<string, string>) => ({
  intent: 'profile',
  name: user.name,
  login: user.email ?? user.phone ?? '',
  kind: user.kind,
  organizationId: user.organizationId ?? '',
  locale: 'vi',
  textSize: 'normal',
  ...changes,
})

describe('scope attributes', () => {
  test.each([
    ['a trainer', 'TRAINER' as const],
    ['an organisation admin', 'ORG_ADMIN' as const],
  ])('(a) %s cannot move themselves to another province through the profile form', async (_label, role) => {
    const staff = await person(role, role === 'TRAINER' ? units.w1.id : units.p.id)
    const target = role === 'TRAINER' ? units.w3.id : units.q.id
    await post('/tai-khoan', profileOf(staff.user, { organizationId: target }), staff)
    const after = await prisma.user.findUniqueOrThrow({ where: { id: staff.user.id } })
    expect.soft(after.organizationId, 'organizationId after posting /tai-khoan with a unit of province Q').toBe(staff.user.organizationId)
    // What the move would buy: reach over province Q's people.
    const victim = await person('LEARNER', units.w3.id)
    const reset = await post(`/quan-ly/nguoi-dung/${victim.user.id}`, { intent: 'reset-password' }, staff, { id: victim.user.id })
    expect.soft(reset.status, "resetting the password of a learner of province Q afterwards").toBe(404)
    if (role === 'ORG_ADMIN') {
      const report = await get(`/quan-ly/bao-cao/${units.q.id}`, staff, { orgId: units.q.id })
      expect.soft(report.status, "reading province Q's report afterwards").toBe(404)
    }
  })

  test('(a) nobody gives themselves a role through the profile or sign-up form', async () => {
    const trainer = await person('TRAINER', units.w1.id)
    const profile = await post('/tai-khoan', profileOf(trainer.user, { role: 'ADMIN' }), trainer)
    expect(profile.status).toBe(400)
    expect((await prisma.user.findUniqueOrThrow({ where: { id: trainer.user.id } })).role).toBe('TRAINER')
    const email = `tu-phong-${Date.now()}@example.com`
    const signup = await run(
      handlerOf('/dang-ky', 'action'),
      formRequest('/dang-ky', { name: 'Tự phong', login: email, password: 'một mật khẩu đủ dài', kind: 'RESIDENT', consent: 'on', role: 'ADMIN' }),
      {},
      contextOnce(),
    )
    expect(signup.status).toBe(400)
    expect(await prisma.user.count({ where: { email } })).toBe(0)
  })

  test('(b) an organisation admin cannot change the role of, or reset, someone outside their subtree: 404, nothing changes', async () => {
    const outside = await person('LEARNER', units.w3.id)
    const url = `/quan-ly/nguoi-dung/${outside.user.id}`
    const params = { id: outside.user.id }
    expect((await get(url, people.orgAdminIn, params)).status).toBe(404)
    expect((await post(url, { intent: 'change-role', role: 'TRAINER' }, people.orgAdminIn, params)).status).toBe(404)
    expect((await post(url, { intent: 'reset-password' }, people.orgAdminIn, params)).status).toBe(404)
    expect((await post(url, { intent: 'reset-password' }, people.trainer, params)).status).toBe(404)
    const after = await prisma.user.findUniqueOrThrow({ where: { id: outside.user.id } })
    expect(after).toMatchObject({ role: 'LEARNER', mustChangePassword: false })
    expect(await prisma.auditLog.count({ where: { targetId: outside.user.id } })).toBe(0)
    // Their session survives (a reset would have ended it).
    expect((await get('/tai-khoan', outside)).status).toBe(200)
  })

  test('(c) an organisation admin cannot hand out ADMIN or ORG_ADMIN, nor touch another admin, even inside their subtree', async () => {
    const learner = await person('LEARNER', units.w1.id)
    const peer = await person('ORG_ADMIN', units.w2.id)
    for (const role of ['ADMIN', 'ORG_ADMIN']) {
      const outcome = await post(`/quan-ly/nguoi-dung/${learner.user.id}`, { intent: 'change-role', role }, people.orgAdminIn, { id: learner.user.id })
      expect(outcome.status, `assigning ${role}`).toBe(403)
    }
    const demote = await post(`/quan-ly/nguoi-dung/${peer.user.id}`, { intent: 'change-role', role: 'LEARNER' }, people.orgAdminIn, { id: peer.user.id })
    expect(demote.status).toBe(404)
    const admin = await post(`/quan-ly/nguoi-dung/${people.admin.user.id}`, { intent: 'change-role', role: 'LEARNER' }, people.orgAdminIn, { id: people.admin.user.id })
    expect(admin.status).toBe(404)
    expect((await prisma.user.findUniqueOrThrow({ where: { id: learner.user.id } })).role).toBe('LEARNER')
    expect((await prisma.user.findUniqueOrThrow({ where: { id: peer.user.id } })).role).toBe('ORG_ADMIN')
    expect((await prisma.user.findUniqueOrThrow({ where: { id: people.admin.user.id } })).role).toBe('ADMIN')
    expect(await prisma.auditLog.count({ where: { action: 'user.role-changed', targetId: { in: [learner.user.id, peer.user.id, people.admin.user.id] } } })).toBe(0)
  })

  test('(d) a trainer or organisation admin cannot edit, archive or restore a class outside their reach: 404, class unchanged', async () => {
    const before = await prisma.class.findUniqueOrThrow({ where: { id: c2.id } })
    const url = `/lop-hoc/${c2.id}/sua`
    const params = { id: c2.id }
    for (const actor of [people.trainer, people.orgAdminIn]) {
      expect((await get(url, actor, params)).status).toBe(404)
      expect((await post(url, { name: 'Đổi tên', organizationId: units.w3.id }, actor, params)).status).toBe(404)
      expect((await post(url, { name: 'Đổi tên', organizationId: units.w1.id }, actor, params)).status).toBe(404)
      expect((await post(url, { intent: 'archive' }, actor, params)).status).toBe(404)
      expect((await post(url, { intent: 'restore' }, actor, params)).status).toBe(404)
    }
    expect(await prisma.class.findUniqueOrThrow({ where: { id: c2.id } })).toEqual(before)
    expect(await prisma.auditLog.count({ where: { targetId: c2.id, action: { not: 'class.create' } } })).toBe(0)
  })

  test('(e) a class cannot be created in, or moved to, a unit outside the actor’s reach', async () => {
    const trainer = await person('TRAINER', units.w1.id)
    // A trainer's reach is their own ward (and below): not a sibling ward, not the province above, not another province.
    for (const organizationId of [units.w2.id, units.p.id, units.w3.id]) {
      const name = `Lớp ngoài tầm ${organizationId}`
      const created = await post('/lop-hoc/moi', { name, organizationId }, trainer)
      expect(created.status, `creating in ${organizationId}`).toBe(400)
      expect(JSON.stringify(created.body)).toContain('validation.organizationOutOfScope')
      expect(await prisma.class.count({ where: { name } })).toBe(0)
    }
    const outsideForAdmin = await post('/lop-hoc/moi', { name: 'Lớp của tỉnh khác', organizationId: units.w3.id }, people.orgAdminIn)
    expect(outsideForAdmin.status).toBe(400)
    expect(await prisma.class.count({ where: { name: 'Lớp của tỉnh khác' } })).toBe(0)

    const made = await createClass(await actorFor(trainer.user), { name: 'Lớp để chuyển', organizationId: units.w1.id })
    if (!made.ok) throw new Error('class not created')
    const params = { id: made.id }
    for (const [who, organizationId] of [
      [trainer, units.w2.id],
      [trainer, units.w3.id],
      [people.orgAdminIn, units.w3.id],
      [people.orgAdminIn, units.q.id],
    ] as const) {
      const moved = await post(`/lop-hoc/${made.id}/sua`, { name: 'Lớp để chuyển', organizationId }, who, params)
      expect(moved.status, `moving to ${organizationId}`).toBe(400)
      expect((await prisma.class.findUniqueOrThrow({ where: { id: made.id } })).organizationId).toBe(units.w1.id)
    }
    // The same reach applies to accounts a trainer creates.
    const login = `ngoai-tam-${Date.now()}@example.com`
    const account = await post('/quan-ly/nguoi-dung/moi', { name: 'Người ngoài tầm', login, kind: 'RESIDENT', organizationId: units.w3.id }, trainer)
    expect(account.status).toBe(400)
    expect(await prisma.user.count({ where: { email: login } })).toBe(0)
  })
})

describe('ids of another unit', () => {
  test('(f) an organisation admin reads no report of another province, nor of its wards: the 404 of an unknown unit', async () => {
    for (const orgId of [units.q.id, units.w3.id, 'khong-co-don-vi-nay']) {
      expect((await get(`/quan-ly/bao-cao/${orgId}`, people.orgAdminIn, { orgId })).status, `report ${orgId}`).toBe(404)
      expect((await get(`/quan-ly/bao-cao/${orgId}/csv`, people.orgAdminIn, { orgId })).status, `csv ${orgId}`).toBe(404)
    }
    // Their own subtree, down to a ward, is theirs; the index sends them to their own unit.
    expect((await get(`/quan-ly/bao-cao/${units.w1.id}`, people.orgAdminIn, { orgId: units.w1.id })).status).toBe(200)
    expect((await get('/quan-ly/bao-cao', people.orgAdminIn)).headers.get('Location')).toBe(`/quan-ly/bao-cao/${units.p.id}`)
  })

  test("(f) a class's learner page answers 404 for anyone not in that class, whoever asks", async () => {
    const cases: [Person, string, string][] = [
      [people.trainer, world.classId, l3.user.id], // a member of C2, through C1
      [people.trainer, world.classId, people.otherLearner.user.id], // in no class
      [people.trainer, c2.id, world.learnerId], // L1, through C2 (not T1's class)
      [people.orgAdminIn, world.classId, l3.user.id],
      [people.admin, world.classId, l3.user.id],
      [people.otherTrainer, world.classId, world.learnerId],
    ]
    for (const [who, id, userId] of cases) {
      const outcome = await get(`/lop-hoc/${id}/hoc-vien/${userId}`, who, { id, userId })
      expect(outcome.status, `${who.user.name} on /lop-hoc/${id}/hoc-vien/${userId}`).toBe(404)
    }
  })

  test("(f) L1's certificate pages are the holder's only: the same 404 as an unknown code for everyone else", async () => {
    const code = world.certificateCode
    for (const suffix of ['', '/pdf', '/huy-hieu.json']) {
      for (const who of [people.otherLearner, people.trainer, people.orgAdminIn, people.admin]) {
        expect((await get(`/chung-chi/${code}${suffix}`, who, { code })).status, `${who.user.name} on ${suffix || 'page'}`).toBe(404)
      }
      const unknown = generateCode()
      expect((await get(`/chung-chi/${unknown}${suffix}`, people.learner, { code: unknown })).status).toBe(404)
    }
  })

  test('(f) class exports of C1 are 404 to the trainer and the organisation admin of another unit, in every format', async () => {
    for (const who of [people.otherTrainer, people.orgAdminOut]) {
      for (const file of ['bang-tien-do.csv', 'bang-tien-do.xlsx']) {
        expect((await get(`/lop-hoc/${world.classId}/tien-do/${file}`, who, { id: world.classId, file })).status, file).toBe(404)
      }
      for (const file of ['chung-nhan.csv', 'chung-nhan.zip']) {
        expect((await get(`/lop-hoc/${world.classId}/chung-nhan/${file}`, who, { id: world.classId, file })).status, file).toBe(404)
      }
    }
  })

  test('(e) a roster import puts no existing account, staff of another unit included, into a class: it only invites', async () => {
    const params = { id: world.classId }
    const url = `/lop-hoc/${world.classId}/them-hoc-vien`
    const text = ['Họ và tên,Số điện thoại,Email,Đối tượng,Cơ quan,Chức vụ', `Giảng viên T2,,${people.otherTrainer.user.email},,,`, `Quản trị Q,,${people.orgAdminOut.user.email},,,`].join('\n')
    const preview = await post(url, { text }, people.trainer, params)
    // The preview does not tell staff accounts apart from anyone else.
    expect(JSON.stringify(preview.body)).not.toMatch(/TRAINER|ORG_ADMIN|notAllowed":[1-9]/)
    for (const intent of ['apply', 'apply-valid']) await post(url, { text, intent }, people.trainer, params)
    const ids = [people.otherTrainer.user.id, people.orgAdminOut.user.id]
    expect(await prisma.classMember.count({ where: { classId: world.classId, userId: { in: ids } } })).toBe(0)
    expect(await prisma.classInvitation.count({ where: { classId: world.classId, userId: { in: ids }, status: 'pending' } })).toBe(2)
  })

  test("(f) a trainer cannot reach another class's assignment or member through their own class's id", async () => {
    const params = { id: world.classId }
    const url = `/lop-hoc/${world.classId}`
    expect((await post(url, { intent: 'unassign', assignmentId: c2Assignment.id }, people.trainer, params)).status).toBe(404)
    expect((await post(url, { intent: 'remove-member', userId: l3.user.id }, people.trainer, params)).status).toBe(404)
    expect(await prisma.assignment.count({ where: { id: c2Assignment.id } })).toBe(1)
    expect(await prisma.classMember.count({ where: { classId: c2.id, userId: l3.user.id } })).toBe(1)
    // Attendance of C1 records members of C1 only.
    const day = '2026-03-02'
    const request = new Request(`http://localhost/lop-hoc/${world.classId}/diem-danh`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: people.trainer.cookie },
      body: new URLSearchParams([['day', day], ['present', world.learnerId], ['present', l3.user.id]]),
    })
    expect((await run(handlerOf(`/lop-hoc/${world.classId}/diem-danh`, 'action'), request, params, contextOnce())).status).toBe(200)
    const session = await prisma.attendanceSession.findFirstOrThrow({ where: { classId: world.classId, day }, include: { present: true } })
    expect(session.present.map((row) => row.userId)).toEqual([world.learnerId])
  })

  test('(f) valid writes to C1 by the trainer and organisation admin of another unit are 404 and write nothing', async () => {
    const params = { id: world.classId }
    const before = {
      cls: await prisma.class.findUniqueOrThrow({ where: { id: world.classId } }),
      assignments: await prisma.assignment.count({ where: { classId: world.classId } }),
      members: await prisma.classMember.count({ where: { classId: world.classId } }),
      sessions: await prisma.attendanceSession.count({ where: { classId: world.classId } }),
    }
    const roster = `Họ và tên,Số điện thoại,Email,Đối tượng,Cơ quan,Chức vụ\nNgười lạ,,la-${Date.now()}@example.com,người dân,,`
    for (const who of [people.otherTrainer, people.orgAdminOut]) {
      const attempts: [string, Record<string, string>][] = [
        [`/lop-hoc/${world.classId}`, { intent: 'assign', target: 'course:dich-vu-cong-truc-tuyen', dueDay: inDays(5) }],
        [`/lop-hoc/${world.classId}`, { intent: 'remove-member', userId: world.learnerId }],
        [`/lop-hoc/${world.classId}/diem-danh`, { day: '2026-03-03' }],
        [`/lop-hoc/${world.classId}/them-hoc-vien`, { text: roster }],
        [`/lop-hoc/${world.classId}/them-hoc-vien`, { text: roster, intent: 'apply' }],
        [`/lop-hoc/${world.classId}/sua`, { name: 'Chiếm lớp', organizationId: units.w3.id }],
        [`/lop-hoc/${world.classId}/sua`, { intent: 'archive' }],
      ]
      for (const [url, fields] of attempts) {
        expect((await post(url, fields, who, params)).status, `${who.user.name}: ${url} ${JSON.stringify(fields).slice(0, 60)}`).toBe(404)
      }
    }
    expect({
      cls: await prisma.class.findUniqueOrThrow({ where: { id: world.classId } }),
      assignments: await prisma.assignment.count({ where: { classId: world.classId } }),
      members: await prisma.classMember.count({ where: { classId: world.classId } }),
      sessions: await prisma.attendanceSession.count({ where: { classId: world.classId } }),
    }).toEqual(before)
  })

  test("(f) an organisation admin outside L1's subtree neither finds nor revokes L1's certificate", async () => {
    const code = world.certificateCode
    const search = await get(`/quan-ly/chung-chi?q=${code}`, people.orgAdminOut)
    expect((search.body as { rows: unknown[] }).rows).toEqual([])
    const revoke = await post('/quan-ly/chung-chi', { intent: 'revoke', code, reason: 'Thử quyền' }, people.orgAdminOut)
    expect(revoke.status).toBe(404)
    const reissue = await post('/quan-ly/chung-chi', { intent: 'reissue', code, reason: 'Thử quyền' }, people.orgAdminOut)
    expect(reissue.status).toBe(404)
    expect(await prisma.certificate.findUniqueOrThrow({ where: { code } })).toMatchObject({ revokedAt: null, replacedById: null })
    expect(await prisma.certificate.count({ where: { userId: world.learnerId } })).toBe(1)
    // Inside the subtree it is found (the search is not simply broken).
    const found = await get(`/quan-ly/chung-chi?q=${code}`, people.orgAdminIn)
    expect((found.body as { rows: { code: string }[] }).rows.map((row) => row.code)).toEqual([code])
  })

  test('xAPI statements open with an API token (the matrix’s 401 is about the missing token, not a broken route)', async () => {
    const request = new Request('http://localhost/api/xapi/statements', {
      headers: { Authorization: `Bearer ${apiToken}`, 'X-Experience-API-Version': '1.0.3' },
    })
    expect((await run(handlerOf('/api/xapi/statements', 'loader'), request, {}, contextOnce())).status).toBe(200)
  })
})
