import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'
import { hashToken } from '~/auth/tokens.server'
import { createSession } from '~/auth/session.server'
import { getCourse } from '~/content/catalog.server'
import { prisma } from '~/db.server'
import { type LearningEventInput, newEventId } from '~/progress/events'
import { recordEvents } from '~/progress/record.server'
import { writeStatementsFile } from '~/progress/xapi-export.server'
import { type XapiStatement } from '~/progress/xapi'
import { loader as aboutLoader } from '~/routes/api/xapi-about'
import { action as statementsAction, loader as statementsLoader } from '~/routes/api/xapi-statements'
import { action as tokensAction, loader as tokensLoader } from '~/routes/manage/api-tokens'
import { formRequest, getRequest, run } from '../support/http'

const SITE = 'http://localhost:3000'
let counter = 0

async function person(role: 'LEARNER' | 'ADMIN') {
  counter += 1
  const user = await prisma.user.create({ data: { name: `${role} ${counter}`, email: `${role.toLowerCase()}-${counter}-${Date.now()}@example.com`, role } })
  const { token } = await createSession(user.id)
  return { user, cookie: `hs_session=${token}` }
}

async function learner() {
  counter += 1
  return prisma.user.create({ data: { name: `Người học ${counter}`, phone: `+849${Math.floor(Math.random() * 1e8).toString().padStart(8, '0')}` } })
}

async function newToken(admin: { cookie: string }, name = 'LRS thử nghiệm'): Promise<string> {
  const created = await run(tokensAction, formRequest('/quan-ly/api', { intent: 'create', name }, admin.cookie))
  expect(created.status).toBe(200)
  return (created.body as { created: { token: string } }).created.token
}

type Auth = { bearer?: string; basic?: [string, string]; header?: string }

function apiRequest(path: string, auth: Auth = {}, headers: Record<string, string> = {}) {
  const all: Record<string, string> = { 'X-Experience-API-Version': '1.0.3', ...headers }
  if (auth.bearer) all.Authorization = `Bearer ${auth.bearer}`
  if (auth.basic) all.Authorization = `Basic ${Buffer.from(`${auth.basic[0]}:${auth.basic[1]}`).toString('base64')}`
  if (auth.header) all.Authorization = auth.header
  return new Request(new URL(path, 'http://localhost').toString(), { headers: all })
}

type StatementResult = { statements: XapiStatement[]; more: string }

async function get(path: string, token: string, headers: Record<string, string> = {}) {
  return run(statementsLoader, apiRequest(path, { bearer: token }, headers))
}

const agentParam = (userId: string) => `agent=${encodeURIComponent(JSON.stringify({ objectType: 'Agent', account: { homePage: SITE, name: userId } }))}`

function lessonEvents(count: number, minutes = 0): LearningEventInput[] {
  const course = getCourse('lam-quen-vneid')!
  return Array.from({ length: count }, (_, index) => ({
    id: newEventId(),
    verb: 'experienced' as const,
    object: { type: 'lesson' as const, id: `${course.slug}/${course.lessons[index % course.lessons.length]!.slug}` },
    context: { course: course.slug, source: 'web' as const },
    timestamp: new Date(Date.UTC(2026, 10, 20, 2, minutes + index)),
  }))
}

// Follow `more` to the end, as an LRS does.
async function pullAll(first: string, token: string) {
  const seen: XapiStatement[] = []
  let next = first
  let pages = 0
  while (next) {
    const page = await get(next, token)
    expect(page.status).toBe(200)
    const body = page.body as StatementResult
    seen.push(...body.statements)
    expect(body.more === '' || body.more.startsWith('/api/xapi/statements?')).toBe(true)
    next = body.more
    pages += 1
    expect(pages).toBeLessThan(100)
  }
  return { seen, pages }
}

test('a learner cannot open the API token page; an anonymous visitor is sent to log in', async () => {
  const { cookie } = await person('LEARNER')
  expect((await run(tokensLoader, getRequest('/quan-ly/api', cookie))).status).toBe(403)
  expect((await run(tokensAction, formRequest('/quan-ly/api', { intent: 'create', name: 'Của tôi' }, cookie))).status).toBe(403)
  expect(await prisma.apiToken.count({ where: { name: 'Của tôi' } })).toBe(0)
  const anonymous = await run(tokensLoader, getRequest('/quan-ly/api'))
  expect(anonymous.status).toBe(302)
  expect(anonymous.headers.get('Location')).toBe('/dang-nhap?redirectTo=%2Fquan-ly%2Fapi')
})

test('an administrator creates a token shown once, lists it, and revokes it after confirming; both are audited', async () => {
  const admin = await person('ADMIN')
  const created = await run(tokensAction, formRequest('/quan-ly/api', { intent: 'create', name: '  LRS Sở Khoa học và Công nghệ  ' }, admin.cookie))
  expect(created.status).toBe(200)
  expect(created.headers.get('Cache-Control')).toBe('no-store')
  const { name, token } = (created.body as { created: { name: string; token: string } }).created
  expect(name).toBe('LRS Sở Khoa học và Công nghệ')
  expect(token).toMatch(/^hocso_[a-z2-7]{39}$/)
  // Only the hash is kept.
  const row = await prisma.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } })
  expect(row).toMatchObject({ name, scope: 'statements/read', createdById: admin.user.id, revokedAt: null, lastUsedAt: null })
  expect(JSON.stringify(await prisma.apiToken.findMany())).not.toContain(token)
  const createdAudit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'api-token.created', targetId: row.id } })
  expect(createdAudit.actorId).toBe(admin.user.id)
  expect(createdAudit.details).not.toContain(token)

  const page = await run(tokensLoader, getRequest('/quan-ly/api', admin.cookie))
  expect(page.status).toBe(200)
  const listed = (page.body as { endpoint: string; tokens: { id: string; name: string; revokedAt: string | null; createdByName: string }[] })
  expect(listed.endpoint).toBe(`${SITE}/api/xapi`)
  expect(listed.tokens.find((entry) => entry.id === row.id)).toMatchObject({ name, revokedAt: null, createdByName: admin.user.name })
  expect(JSON.stringify(page.body)).not.toContain(token)

  // Without the confirmation box nothing happens.
  const unconfirmed = await run(tokensAction, formRequest('/quan-ly/api', { intent: 'revoke', tokenId: row.id }, admin.cookie))
  expect(unconfirmed.status).toBe(400)
  expect(JSON.stringify(unconfirmed.body)).toContain('validation.revokeConfirm')
  expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: row.id } })).revokedAt).toBeNull()

  const revoked = await run(tokensAction, formRequest('/quan-ly/api', { intent: 'revoke', tokenId: row.id, confirm: 'on' }, admin.cookie))
  expect(revoked.status).toBe(200)
  expect(revoked.body).toMatchObject({ notice: { key: 'apiTokens.revokedDone', name, error: false } })
  expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: row.id } })).revokedAt).toBeInstanceOf(Date)
  expect(await prisma.auditLog.count({ where: { action: 'api-token.revoked', targetId: row.id, actorId: admin.user.id } })).toBe(1)
  // A second revoke changes nothing and writes no second entry.
  const again = await run(tokensAction, formRequest('/quan-ly/api', { intent: 'revoke', tokenId: row.id, confirm: 'on' }, admin.cookie))
  expect(again.status).toBe(404)
  expect(await prisma.auditLog.count({ where: { action: 'api-token.revoked', targetId: row.id } })).toBe(1)
})

test('a bad token name is refused with a message key and the typed name is kept', async () => {
  const admin = await person('ADMIN')
  const before = await prisma.apiToken.count()
  const long = 'Kho dữ liệu học tập '.repeat(5)
  const tooLong = await run(tokensAction, formRequest('/quan-ly/api', { intent: 'create', name: long }, admin.cookie))
  expect(tooLong.status).toBe(400)
  const result = (tooLong.body as { result: { error: Record<string, string[]>; initialValue: Record<string, string> } }).result
  expect(result.error.name).toEqual(['validation.tokenNameTooLong'])
  expect(result.initialValue.name).toBe(long)
  const empty = await run(tokensAction, formRequest('/quan-ly/api', { intent: 'create', name: '   ' }, admin.cookie))
  expect(empty.status).toBe(400)
  expect((empty.body as { result: { error: Record<string, string[]> } }).result.error.name).toEqual(['validation.required'])
  expect(await prisma.apiToken.count()).toBe(before)
})

test('without a valid token the statements answer 401 with a challenge and a reason', async () => {
  const admin = await person('ADMIN')
  const token = await newToken(admin)

  const missing = await run(statementsLoader, apiRequest('/api/xapi/statements'))
  expect(missing.status).toBe(401)
  expect(missing.headers.get('WWW-Authenticate')).toMatch(/^Bearer realm="Hoc So xAPI", Basic realm="Hoc So xAPI"/)
  expect(missing.headers.get('X-Experience-API-Version')).toBe('1.0.3')
  expect(missing.body).toMatchObject({ error: 'unauthorized', reason: expect.stringContaining('Authorization') })

  const wrong = await run(statementsLoader, apiRequest('/api/xapi/statements', { bearer: `${token}x` }))
  expect(wrong.status).toBe(401)
  expect(wrong.headers.get('WWW-Authenticate')).toContain('error="invalid_token"')
  expect(wrong.body).toMatchObject({ error: 'invalid_token', reason: 'Mã truy cập không đúng.' })
  for (const header of ['Basic !!!notbase64', 'Digest abc', 'Bearer', `Basic ${Buffer.from('no-colon').toString('base64')}`]) {
    expect((await run(statementsLoader, apiRequest('/api/xapi/statements', { header }))).status).toBe(401)
  }

  const row = await prisma.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } })
  await run(tokensAction, formRequest('/quan-ly/api', { intent: 'revoke', tokenId: row.id, confirm: 'on' }, admin.cookie))
  const revoked = await run(statementsLoader, apiRequest('/api/xapi/statements', { bearer: token }))
  expect(revoked.status).toBe(401)
  expect(revoked.body).toMatchObject({ error: 'invalid_token', reason: 'Mã truy cập này đã bị thu hồi.' })
  expect((await run(statementsLoader, apiRequest('/api/xapi/statements', { basic: ['lrs', token] }))).status).toBe(401)

  // A token whose scope is something else is known but not allowed.
  await prisma.apiToken.create({ data: { name: 'khác', scope: 'state', tokenHash: hashToken('hocso_otherscope') } })
  expect((await run(statementsLoader, apiRequest('/api/xapi/statements', { bearer: 'hocso_otherscope' }))).status).toBe(403)
})

test('a valid token reads the statements in xAPI shape, by Bearer or Basic, and marks the token used at most once a minute', async () => {
  const admin = await person('ADMIN')
  const token = await newToken(admin)
  const user = await learner()
  const course = getCourse('lam-quen-vneid')!
  const attempt = newEventId()
  await recordEvents(user.id, [
    ...lessonEvents(1),
    {
      id: newEventId(),
      verb: 'answered',
      object: { type: 'question', id: `${course.slug}/${course.quiz.questions[0]!.id}` },
      result: { success: true, response: String(course.quiz.questions[0]!.answer) },
      context: { course: course.slug, attempt, source: 'web' },
      timestamp: new Date(Date.UTC(2026, 10, 20, 3, 0)),
    },
    {
      id: newEventId(),
      verb: 'passed',
      object: { type: 'quiz', id: course.slug },
      result: { success: true, raw: 9, max: 10, percent: 90, durationSec: 95 },
      context: { course: course.slug, attempt, source: 'web' },
      timestamp: new Date(Date.UTC(2026, 10, 20, 3, 0)),
    },
  ])

  const response = await get(`/api/xapi/statements?${agentParam(user.id)}&ascending=true`, token)
  expect(response.status).toBe(200)
  expect(response.headers.get('Content-Type')).toBe('application/json; charset=utf-8')
  expect(response.headers.get('X-Experience-API-Version')).toBe('1.0.3')
  expect(response.headers.get('Cache-Control')).toBe('no-store')
  const consistent = Date.parse(response.headers.get('X-Experience-API-Consistent-Through') ?? '')
  expect(consistent).toBeLessThan(Date.now())
  expect(consistent).toBeGreaterThan(Date.now() - 60_000)

  const { statements, more } = response.body as StatementResult
  expect(more).toBe('')
  expect(statements.map((statement) => statement.verb.id)).toEqual([
    'http://adlnet.gov/expapi/verbs/experienced',
    'http://adlnet.gov/expapi/verbs/answered',
    'http://adlnet.gov/expapi/verbs/passed',
  ])
  for (const statement of statements) {
    expect(statement.actor).toEqual({ objectType: 'Agent', account: { homePage: SITE, name: user.id } })
    expect(statement.version).toBe('1.0.0')
    expect(statement.authority.account).toEqual({ homePage: SITE, name: 'hoc-so' })
    expect(Date.parse(statement.stored)).toBeGreaterThan(Date.now() - 60_000)
  }
  // Names come from the compiled course.
  expect(statements[0]!.object.definition?.name).toEqual({ 'vi-VN': course.lessons[0]!.title })
  const answered = statements[1]!
  expect(answered.object.definition).toMatchObject({ interactionType: 'choice', name: { 'vi-VN': course.quiz.questions[0]!.prompt } })
  expect(answered.context?.registration).toBe(attempt)
  expect(statements[2]!.result).toEqual({ score: { scaled: 0.9, raw: 9, min: 0, max: 10 }, success: true, duration: 'PT95S' })
  // No personal data anywhere in the answer.
  expect(JSON.stringify(response.body)).not.toContain(user.name)
  expect(JSON.stringify(response.body)).not.toContain(user.phone!)

  const basic = await run(statementsLoader, apiRequest(`/api/xapi/statements?${agentParam(user.id)}`, { basic: ['any-user', token] }))
  expect(basic.status).toBe(200)
  // Newest first by default, as xAPI says.
  expect((basic.body as StatementResult).statements.map((s) => s.id)).toEqual(statements.map((s) => s.id).reverse())
  const tokenOnlyAsUser = await run(statementsLoader, apiRequest(`/api/xapi/statements?${agentParam(user.id)}`, { basic: [token, ''] }))
  expect(tokenOnlyAsUser.status).toBe(200)

  const row = await prisma.apiToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } })
  expect(row.lastUsedAt).toBeInstanceOf(Date)
  await get('/api/xapi/statements?limit=1', token)
  expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: row.id } })).lastUsedAt).toEqual(row.lastUsedAt)
  await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(Date.now() - 61_000) } })
  await get('/api/xapi/statements?limit=1', token)
  expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: row.id } })).lastUsedAt!.getTime()).toBeGreaterThan(Date.now() - 5_000)

  // One statement by id, with its stored time as Last-Modified.
  const single = await get(`/api/xapi/statements?statementId=${statements[2]!.id}`, token)
  expect(single.status).toBe(200)
  expect(single.body).toEqual(statements[2])
  expect(single.headers.get('Last-Modified')).toBe(new Date(statements[2]!.stored).toUTCString())
  expect((await get(`/api/xapi/statements?statementId=${newEventId()}`, token)).status).toBe(404)
  expect((await get(`/api/xapi/statements?voidedStatementId=${statements[2]!.id}`, token)).status).toBe(404)

  // Filters by verb and activity.
  const byVerb = await get(`/api/xapi/statements?${agentParam(user.id)}&verb=${encodeURIComponent('http://adlnet.gov/expapi/verbs/passed')}`, token)
  expect((byVerb.body as StatementResult).statements.map((s) => s.id)).toEqual([statements[2]!.id])
  const byActivity = await get(`/api/xapi/statements?${agentParam(user.id)}&activity=${encodeURIComponent(answered.object.id)}`, token)
  expect((byActivity.body as StatementResult).statements.map((s) => s.id)).toEqual([answered.id])
  const byRegistration = await get(`/api/xapi/statements?registration=${attempt}&ascending=true`, token)
  expect((byRegistration.body as StatementResult).statements.map((s) => s.id)).toEqual([answered.id, statements[2]!.id])
  const ids = await get(`/api/xapi/statements?${agentParam(user.id)}&format=ids&limit=1`, token)
  expect((ids.body as StatementResult).statements[0]!.object).toEqual({ objectType: 'Activity', id: statements[2]!.object.id })
})

test('paging through `more` visits every statement exactly once, in either order, while new ones arrive', async () => {
  const admin = await person('ADMIN')
  const token = await newToken(admin)
  const user = await learner()
  await recordEvents(user.id, lessonEvents(23))
  const expected = (await prisma.learningEvent.findMany({ where: { actorId: user.id }, orderBy: { seq: 'asc' }, select: { id: true } })).map((row) => row.id)
  expect(expected).toHaveLength(23)

  const ascending = await pullAll(`/api/xapi/statements?${agentParam(user.id)}&ascending=true&limit=5`, token)
  expect(ascending.pages).toBe(5)
  expect(ascending.seen.map((s) => s.id)).toEqual(expected)

  // Descending: statements stored while paging do not slip into later pages.
  const first = await get(`/api/xapi/statements?${agentParam(user.id)}&limit=10`, token)
  const firstPage = first.body as StatementResult
  await recordEvents(user.id, lessonEvents(2, 100))
  const rest = await pullAll(firstPage.more, token)
  expect([...firstPage.statements, ...rest.seen].map((s) => s.id)).toEqual([...expected].reverse())

  // A page exactly as long as what is left says there is no more.
  const exact = await get(`/api/xapi/statements?${agentParam(user.id)}&limit=25`, token)
  expect((exact.body as StatementResult).statements).toHaveLength(25)
  expect((exact.body as StatementResult).more).toBe('')

  // Everyone's statements, all pages: each stored event exactly once.
  const everything = await pullAll('/api/xapi/statements?ascending=true&limit=7', token)
  const allIds = everything.seen.map((s) => s.id)
  expect(new Set(allIds).size).toBe(allIds.length)
  expect(allIds.length).toBe(await prisma.learningEvent.count())
})

test('since and until select by stored time: since exclusive, until inclusive, across clock slack', async () => {
  const admin = await person('ADMIN')
  const token = await newToken(admin)
  const user = await learner()
  await recordEvents(user.id, lessonEvents(6))
  const rows = await prisma.learningEvent.findMany({ where: { actorId: user.id }, orderBy: { seq: 'asc' } })
  // Stored two days, one day, three hours, two hours, one hour ago and now
  // (hours apart, so the one-hour clock slack is crossed both ways).
  const hour = 60 * 60 * 1000
  const now = Date.now()
  const ages = [48 * hour, 24 * hour, 3 * hour, 2 * hour, hour, 0]
  for (const [index, row] of rows.entries()) {
    await prisma.learningEvent.update({ where: { seq: row.seq }, data: { storedAt: new Date(now - ages[index]!) } })
  }
  const storedAt = (index: number) => new Date(now - ages[index]!).toISOString()
  const ids = (body: unknown) => (body as StatementResult).statements.map((s) => s.id)
  const base = `/api/xapi/statements?${agentParam(user.id)}&ascending=true`

  const since = await get(`${base}&since=${encodeURIComponent(storedAt(2))}`, token)
  expect(since.status).toBe(200)
  expect(ids(since.body)).toEqual(rows.slice(3).map((row) => row.id))
  const until = await get(`${base}&until=${encodeURIComponent(storedAt(2))}`, token)
  expect(ids(until.body)).toEqual(rows.slice(0, 3).map((row) => row.id))
  const window = await get(`${base}&since=${encodeURIComponent(storedAt(4))}&until=${encodeURIComponent(storedAt(5))}`, token)
  expect(ids(window.body)).toEqual([rows[5]!.id])
  // With a time zone offset: the same instant.
  const offset = new Date(now - ages[1]! + 7 * hour).toISOString().replace('Z', '+07:00')
  expect(ids((await get(`${base}&since=${encodeURIComponent(offset)}`, token)).body)).toEqual(rows.slice(2).map((row) => row.id))
  const future = await get(`${base}&since=${encodeURIComponent(new Date(now + hour).toISOString())}`, token)
  expect(future.body).toEqual({ statements: [], more: '' })

  // `since` paged with `more` still sees each statement once.
  const paged = await pullAll(`${base}&since=${encodeURIComponent(storedAt(0))}&limit=2`, token)
  expect(paged.seen.map((s) => s.id)).toEqual(rows.slice(1).map((row) => row.id))
  expect(paged.seen.every((s) => Date.parse(s.stored) > Date.parse(storedAt(0)))).toBe(true)
})

test('a clock that stepped back does not hide statements from `since`', async () => {
  const admin = await person('ADMIN')
  const token = await newToken(admin)
  const user = await learner()
  await recordEvents(user.id, lessonEvents(4))
  const rows = await prisma.learningEvent.findMany({ where: { actorId: user.id }, orderBy: { seq: 'asc' } })
  const minute = 60 * 1000
  const now = Date.now()
  // The third row was stored after the clock was set back by half an hour.
  const ages = [48 * 60 * minute, 120 * minute, 150 * minute, 10 * minute]
  for (const [index, row] of rows.entries()) {
    await prisma.learningEvent.update({ where: { seq: row.seq }, data: { storedAt: new Date(now - ages[index]!) } })
  }
  const since = new Date(now - 135 * minute).toISOString()
  const response = await get(`/api/xapi/statements?${agentParam(user.id)}&ascending=true&since=${encodeURIComponent(since)}`, token)
  expect((response.body as StatementResult).statements.map((s) => s.id)).toEqual([rows[1]!.id, rows[3]!.id])
})

test('bad parameters answer 400 with a reason, never 500', async () => {
  const admin = await person('ADMIN')
  const token = await newToken(admin)
  const cases: [string, RegExp][] = [
    ['limit=abc', /^limit/],
    ['limit=-5', /^limit/],
    ['since=yesterday', /^since/],
    ['since=2026-11-20', /^since/],
    ['until=2026-11-20T25:00:00Z', /^until/],
    ['agent=not-json', /^agent/],
    [`agent=${encodeURIComponent('{"name":"Nguyễn Văn A"}')}`, /định danh/],
    ['verb=completed', /^verb/],
    ['ascending=1', /^ascending/],
    ['cursor=abc', /^cursor/],
    ['page=2', /page/],
    ['LIMIT=5', /limit/],
    ['statementId=abc', /UUID/],
    ['attachments=true', /attachments/],
  ]
  for (const [query, reason] of cases) {
    const response = await get(`/api/xapi/statements?${query}`, token)
    expect(response.status, query).toBe(400)
    expect(response.headers.get('X-Experience-API-Version')).toBe('1.0.3')
    expect(response.body, query).toMatchObject({ error: 'bad_request', reason: expect.stringMatching(reason) })
  }
  const oldVersion = await get('/api/xapi/statements', token, { 'X-Experience-API-Version': '0.95' })
  expect(oldVersion.status).toBe(400)
  expect((oldVersion.body as { reason: string }).reason).toContain('1.0.3')
  // No version header at all is served (curl, a browser).
  expect((await run(statementsLoader, new Request('http://localhost/api/xapi/statements?limit=1', { headers: { Authorization: `Bearer ${token}` } }))).status).toBe(200)
  // Writing statements is not offered.
  const post = await run(statementsAction, new Request('http://localhost/api/xapi/statements', { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: '[]' }))
  expect(post.status).toBe(405)
})

test('the about resource names the xAPI version, without a token', async () => {
  const about = await run(aboutLoader, new Request('http://localhost/api/xapi/about'))
  expect(about.status).toBe(200)
  expect(about.body).toEqual({ version: ['1.0.3'] })
  expect(about.headers.get('X-Experience-API-Version')).toBe('1.0.3')
})

test('the export writes every statement once as one JSON array, page by page, and honours since', async () => {
  const user = await learner()
  await recordEvents(user.id, lessonEvents(7))
  const file = path.resolve(__dirname, '..', '.tmp', `xapi-export-${process.pid}-${Date.now()}.json`)
  const progress: number[] = []
  const { count } = await writeStatementsFile(file, { siteUrl: SITE, pageSize: 3, onProgress: (done) => progress.push(done) })
  expect(existsSync(`${file}.partial`)).toBe(false)
  const statements = JSON.parse(readFileSync(file, 'utf8')) as XapiStatement[]
  expect(count).toBe(await prisma.learningEvent.count())
  expect(statements).toHaveLength(count)
  expect(new Set(statements.map((s) => s.id)).size).toBe(count)
  // Oldest first, one page at a time.
  expect(statements.map((s) => s.id)).toEqual((await prisma.learningEvent.findMany({ orderBy: { seq: 'asc' }, select: { id: true } })).map((row) => row.id))
  expect(progress).toEqual(Array.from({ length: Math.ceil(count / 3) }, (_, index) => Math.min(count, (index + 1) * 3)))
  expect(statements.at(-1)!.actor.account.name).toBe(user.id)

  const rows = await prisma.learningEvent.findMany({ where: { actorId: user.id }, orderBy: { seq: 'asc' } })
  await prisma.learningEvent.updateMany({ where: { actorId: user.id }, data: { storedAt: new Date(Date.now() + 60_000) } })
  const recent = await writeStatementsFile(file, { siteUrl: SITE, since: new Date(Date.now() + 30_000) })
  expect(recent.count).toBe(7)
  expect((JSON.parse(readFileSync(file, 'utf8')) as XapiStatement[]).map((s) => s.id)).toEqual(rows.map((row) => row.id))
  const none = await writeStatementsFile(file, { siteUrl: SITE, since: new Date(Date.now() + 3_600_000) })
  expect(none.count).toBe(0)
  expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual([])
})
