import { expect, test } from 'vitest'
import '~/entry.server'
import { issueCertificate } from '~/certificates/issue.server'
import { getCourse } from '~/content/catalog.server'
import { prisma } from '~/db.server'
import { loader as badgeLoader } from '~/routes/certificates/certificate-badge'
import { loader as pageLoader } from '~/routes/certificates/certificate'
import { loader as pdfLoader } from '~/routes/certificates/certificate-pdf'
import { loader as keysLoader } from '~/routes/certificate-keys'
import { action as quizAction } from '~/routes/course-quiz'
import { action as lessonAction } from '~/routes/lesson'
import { action as manageAction, loader as manageLoader } from '~/routes/manage/certificates'
import { loader as progressLoader } from '~/routes/progress'
import { action as signupAction } from '~/routes/signup'
import { loader as verifyCodeLoader } from '~/routes/verify-code'
import { loader as verifyFormLoader } from '~/routes/verify'
import { verifyBadge } from '~/certificates/verify'
import { fromJwks } from '~/certificates/keys'
import { PDFArray, PDFDict, PDFDocument, PDFName, type PDFRawStream, decodePDFRawStream } from 'pdf-lib'
import { type Outcome, context, formRequest, getRequest, run, sessionCookieFrom } from '../support/http'
import { loginLeaks } from '../support/login-leaks'
import { person as makePerson } from '../support/people'

// A course with a certificate and no simulator in its rule.
const COURSE = 'chuyen-doi-so-cho-can-bo'
let seq = 0
// Each test looks up from its own address, so the per-address limit only
// bites where a test means it to.
const from = (ip: string) => ({ ...context, clientIp: ip })

const person = (role: 'LEARNER' | 'ORG_ADMIN' | 'ADMIN', organizationId: string | null = null, name?: string) =>
  makePerson(role, organizationId, name ? { name } : {})

async function completedLearner(organizationId: string | null = null, name?: string) {
  const learner = await person('LEARNER', organizationId, name)
  await prisma.courseProgress.create({ data: { userId: learner.user.id, courseSlug: COURSE, completedAt: new Date(), lastActivityAt: new Date() } })
  const certificate = (await issueCertificate(learner.user.id, COURSE))!
  return { ...learner, certificate }
}

function quizAnswers() {
  return Object.fromEntries(getCourse(COURSE)!.quiz.questions.map((question) => [question.id, String(question.answer)]))
}

async function finishCourse(cookie: string) {
  let last: Outcome | null = null
  for (const lesson of getCourse(COURSE)!.lessons) {
    last = await run(lessonAction, formRequest(`/khoa-hoc/${COURSE}/${lesson.slug}`, { formId: crypto.randomUUID() }, cookie), { course: COURSE, lesson: lesson.slug })
  }
  const quiz = await run(quizAction, formRequest(`/khoa-hoc/${COURSE}/kiem-tra`, { ...quizAnswers(), attempt: crypto.randomUUID(), startedAt: String(Date.now()) }, cookie), { course: COURSE })
  return { last, quiz }
}

const verify = (code: string, ip = '198.51.100.1') => run(verifyCodeLoader, getRequest(`/verify/${code}`), { code }, from(ip))

test('completing a course through the real lesson and quiz forms issues exactly one certificate', async () => {
  const learner = await person('LEARNER')
  const { quiz } = await finishCourse(learner.cookie)
  expect((quiz.body as { completedCourse: boolean }).completedCourse).toBe(true)
  const rows = await prisma.certificate.findMany({ where: { userId: learner.user.id } })
  expect(rows).toHaveLength(1)
  expect(rows[0]).toMatchObject({ courseSlug: COURSE, serial: 1 })
  // Passing again, and the dashboard's healing, add nothing.
  await finishCourse(learner.cookie)
  const dashboard = await run(progressLoader, getRequest('/hoc-tap', learner.cookie))
  expect((dashboard.body as { certificates: { code: string }[] }).certificates.map((c) => c.code)).toEqual([rows[0]!.code])
  expect(await prisma.certificate.count({ where: { userId: learner.user.id } })).toBe(1)
  const page = await verify(rows[0]!.code)
  expect(page.status).toBe(200)
  expect(page.body).toMatchObject({ result: { status: 'valid', details: { holderName: learner.user.name, courseTitle: getCourse(COURSE)!.title } } })
  expect(JSON.stringify(page.body)).not.toContain(learner.user.email!)
  expect(JSON.stringify(page.body)).not.toContain(learner.user.id)
})

test('twenty concurrent issuing calls for one learner and course make one certificate', async () => {
  const learner = await person('LEARNER')
  await prisma.courseProgress.create({ data: { userId: learner.user.id, courseSlug: COURSE, completedAt: new Date(), lastActivityAt: new Date() } })
  const results = await Promise.all(Array.from({ length: 20 }, () => issueCertificate(learner.user.id, COURSE)))
  const codes = new Set(results.map((row) => row?.code))
  expect(codes.size).toBe(1)
  expect(await prisma.certificate.count({ where: { userId: learner.user.id } })).toBe(1)
  // Not complete, or a course without certificates: nothing.
  const other = await person('LEARNER')
  expect(await issueCertificate(other.user.id, COURSE)).toBeNull()
})

test('a guest who completed a course and then signs up gets one certificate', async () => {
  let guest = ''
  for (const lesson of getCourse(COURSE)!.lessons) {
    const done = await run(lessonAction, formRequest(`/khoa-hoc/${COURSE}/${lesson.slug}`, { formId: crypto.randomUUID() }, guest || undefined), { course: COURSE, lesson: lesson.slug })
    guest = done.headers.getSetCookie().find((c) => c.startsWith('hs_guest='))!.split(';')[0]!
  }
  const quiz = await run(quizAction, formRequest(`/khoa-hoc/${COURSE}/kiem-tra`, quizAnswers(), guest), { course: COURSE })
  guest = quiz.headers.getSetCookie().find((c) => c.startsWith('hs_guest='))!.split(';')[0]!
  const login = `09${String(Date.now() % 1e6).padStart(6, '0')}${String(++seq % 100).padStart(2, '0')}`
  const signedUp = await run(signupAction, formRequest('/dang-ky', { name: 'Lê Thị Hoa', login, password: 'Bà đi chợ sáng thứ bảy', kind: 'RESIDENT', consent: 'on' }, guest))
  expect(signedUp.status).toBe(302)
  sessionCookieFrom(signedUp)
  const user = await prisma.user.findFirstOrThrow({ where: { phone: `+84${login.slice(1)}` } })
  const rows = await prisma.certificate.findMany({ where: { userId: user.id } })
  expect(rows).toHaveLength(1)
  expect(JSON.parse(rows[0]!.payload)).toMatchObject({ holder: { name: 'Lê Thị Hoa' }, course: { slug: COURSE } })
})

test('an admin revokes and re-issues; the verify page shows each state; every action is audited', async () => {
  const admin = await person('ADMIN')
  const learner = await completedLearner(null, 'Phạm Văn Nam')
  const { code } = learner.certificate
  const missingReason = await run(manageAction, formRequest('/quan-ly/chung-chi', { intent: 'revoke', code, reason: '  ' }, admin.cookie))
  expect(missingReason.status).toBe(400)
  const revoked = await run(manageAction, formRequest('/quan-ly/chung-chi', { intent: 'revoke', code: code.toLowerCase(), reason: 'Cấp nhầm người' }, admin.cookie))
  expect(revoked.status).toBe(200)
  expect(await verify(code)).toMatchObject({ status: 200, body: { result: { status: 'revoked', reason: 'Cấp nhầm người' } } })
  expect(await run(manageAction, formRequest('/quan-ly/chung-chi', { intent: 'revoke', code, reason: 'lần nữa' }, admin.cookie))).toMatchObject({ status: 409 })

  const second = await completedLearner(null, 'Phạm Văn Nan')
  await prisma.user.update({ where: { id: second.user.id }, data: { name: 'Phạm Văn Nam' } })
  const reissued = await run(manageAction, formRequest('/quan-ly/chung-chi', { intent: 'reissue', code: second.certificate.code, reason: 'Sửa họ tên' }, admin.cookie))
  expect(reissued.status).toBe(200)
  const rows = await prisma.certificate.findMany({ where: { userId: second.user.id }, orderBy: { serial: 'asc' } })
  expect(rows.map((row) => row.serial)).toEqual([1, 2])
  expect(rows[0]).toMatchObject({ replacedById: rows[1]!.id, revokedReason: 'Sửa họ tên' })
  expect(await verify(rows[0]!.code)).toMatchObject({ body: { result: { status: 'revoked' } } })
  expect(await verify(rows[1]!.code)).toMatchObject({ body: { result: { status: 'valid', details: { holderName: 'Phạm Văn Nam' } } } })
  const actions = await prisma.auditLog.findMany({ where: { actorId: admin.user.id }, select: { action: true } })
  expect(actions.map((a) => a.action).sort()).toEqual(['certificate.reissue', 'certificate.revoke'])
  const found = await run(manageLoader, getRequest('/quan-ly/chung-chi?q=Phạm Văn Nam', admin.cookie))
  expect((found.body as { rows: unknown[] }).rows.length).toBeGreaterThanOrEqual(2)
})

test('a row whose payload was altered in the database verifies as invalid', async () => {
  const { certificate } = await completedLearner(null, 'Hoàng Văn Thật')
  await prisma.certificate.update({ where: { id: certificate.id }, data: { payload: certificate.payload.replace('Hoàng Văn Thật', 'Hoàng Văn Giả') } })
  const page = await verify(certificate.code)
  expect(page.body).toMatchObject({ result: { status: 'invalid' } })
  expect(JSON.stringify(page.body)).not.toContain('Giả')
})

test('only the holder reaches the certificate page and downloads; the files verify', async () => {
  const owner = await completedLearner()
  const other = await person('LEARNER')
  const { code } = owner.certificate
  for (const loader of [pageLoader, pdfLoader, badgeLoader]) {
    expect((await run(loader, getRequest(`/chung-chi/${code}`, other.cookie), { code })).status).toBe(404)
  }
  expect((await run(pageLoader, getRequest(`/chung-chi/${code}`), { code })).status).toBe(302)
  const pdf = await pdfLoader({ request: getRequest(`/chung-chi/${code}/pdf`, owner.cookie), params: { code }, context })
  expect(pdf.headers.get('Content-Type')).toBe('application/pdf')
  expect(pdf.headers.get('Content-Disposition')).toBe(`attachment; filename="chung-nhan-${code}.pdf"`)
  const bytes = new Uint8Array(await pdf.arrayBuffer())
  expect(bytes.byteLength).toBeLessThan(100_000)
  const keys = fromJwks((await run(keysLoader, getRequest('/.well-known/hocso-certificate-keys.json'))).body)
  const { verifyFile } = await import('~/certificates/verify')
  expect(await verifyFile(bytes, keys)).toMatchObject({ ok: true, payload: { code } })
  const badge = await run(badgeLoader, getRequest(`/chung-chi/${code}/huy-hieu.json`, owner.cookie), { code })
  expect(badge.body).toMatchObject({ type: 'EnvelopedVerifiableCredential' })
  expect(JSON.stringify(badge.body)).not.toContain(owner.user.email!)
  expect(verifyBadge(JSON.stringify(badge.body), keys)).toMatchObject({ ok: true, payload: { code, holderName: owner.user.name } })
})

test('unknown and malformed codes, canonical redirects, and the per-address rate limit', async () => {
  const unknown = await verify('HS-2222-2222'.replace(/2$/, 'X'))
  // Whatever the check character, a well-formed unknown code is "not found".
  const { generateCode } = await import('~/certificates/code')
  const fresh = generateCode()
  expect(await verify(fresh)).toMatchObject({ status: 404, body: { result: { status: 'unknown' } } })
  expect([400, 404]).toContain(unknown.status)
  expect(await verify('HS-0000-OOOO')).toMatchObject({ status: 400, body: { result: { status: 'malformed' } } })
  const lower = await verify(fresh.toLowerCase().replace(/-/g, ''))
  expect(lower).toMatchObject({ status: 302 })
  expect(lower.headers.get('Location')).toBe(`/verify/${fresh}`)
  const form = await run(verifyFormLoader, getRequest(`/verify?code=${encodeURIComponent(fresh.toLowerCase())}`))
  expect(form.headers.get('Location')).toBe(`/verify/${fresh}`)
  expect(await run(verifyFormLoader, getRequest('/verify?code=abc'))).toMatchObject({ status: 200, body: { typed: 'abc', error: 'verify.malformed' } })

  const statuses: number[] = []
  for (let i = 0; i < 32; i += 1) statuses.push((await verify(generateCode(), '192.0.2.99')).status)
  expect(statuses.slice(0, 30).every((status) => status === 404)).toBe(true)
  const limited = await verify(generateCode(), '192.0.2.99')
  expect(limited.status).toBe(429)
  expect(limited.headers.get('Retry-After')).toMatch(/^\d+$/)
  expect((await verify(generateCode(), '192.0.2.100')).status).toBe(404)
})

test('the key set is public, cacheable and holds no private member', async () => {
  const outcome = await run(keysLoader, getRequest('/.well-known/hocso-certificate-keys.json'))
  expect(outcome.headers.get('Cache-Control')).toBe('public, max-age=3600')
  const { keys } = outcome.body as { keys: Record<string, unknown>[] }
  expect(keys.map((key) => [key.kty, key.alg, key.use, typeof key.kid])).toEqual([
    ['OKP', 'EdDSA', 'sig', 'string'],
    ['RSA', 'RS256', 'sig', 'string'],
  ])
  for (const key of keys) for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(member)
})

test('an organisation admin acts only within their organisations; a learner cannot reach the page', async () => {
  const province = await prisma.organization.create({ data: { code: `C-${Date.now()}`, name: 'Tỉnh A', kind: 'PROVINCE' } })
  const elsewhere = await prisma.organization.create({ data: { code: `D-${Date.now()}`, name: 'Tỉnh B', kind: 'PROVINCE' } })
  const orgAdmin = await person('ORG_ADMIN', province.id)
  const inside = await completedLearner(province.id)
  const outside = await completedLearner(elsewhere.id)
  const denied = await run(manageAction, formRequest('/quan-ly/chung-chi', { intent: 'revoke', code: outside.certificate.code, reason: 'Thử' }, orgAdmin.cookie))
  expect(denied.status).toBe(404)
  expect(await prisma.certificate.findUnique({ where: { id: outside.certificate.id } })).toMatchObject({ revokedAt: null })
  const search = await run(manageLoader, getRequest(`/quan-ly/chung-chi?q=${outside.certificate.code}`, orgAdmin.cookie))
  expect((search.body as { rows: unknown[] }).rows).toEqual([])
  const allowed = await run(manageAction, formRequest('/quan-ly/chung-chi', { intent: 'revoke', code: inside.certificate.code, reason: 'Học hộ' }, orgAdmin.cookie))
  expect(allowed.status).toBe(200)
  const learner = await person('LEARNER')
  expect((await run(manageLoader, getRequest('/quan-ly/chung-chi', learner.cookie))).status).toBe(403)
  expect((await run(manageAction, formRequest('/quan-ly/chung-chi', { intent: 'revoke', code: inside.certificate.code, reason: 'x' }, learner.cookie))).status).toBe(403)
})

async function attachedJson(pdf: Uint8Array): Promise<string> {
  const doc = await PDFDocument.load(pdf)
  const names = doc.catalog.lookup(PDFName.of('Names'), PDFDict).lookup(PDFName.of('EmbeddedFiles'), PDFDict).lookup(PDFName.of('Names'), PDFArray)
  const stream = names.lookup(1, PDFDict).lookup(PDFName.of('EF'), PDFDict).lookup(PDFName.of('F')) as PDFRawStream
  return Buffer.from(decodePDFRawStream(stream).decode()).toString('utf8')
}

test('no public file carries the holder’s phone, email or account id, in clear or hashed with any salt it contains', async () => {
  const phone = `+849${String(Date.now() % 1e8).padStart(8, '0')}`
  const byPhone = await makePerson('LEARNER', null, { phone, name: 'Đặng Thị Lan' })
  const byEmail = await person('LEARNER')
  for (const { user, cookie } of [byPhone, byEmail]) {
    await prisma.courseProgress.create({ data: { userId: user.id, courseSlug: COURSE, completedAt: new Date(), lastActivityAt: new Date() } })
    const { code, payload } = (await issueCertificate(user.id, COURSE))!
    const logins = [user.phone, user.email].filter((login): login is string => Boolean(login))
    const badge = await run(badgeLoader, getRequest(`/chung-chi/${code}/huy-hieu.json`, cookie), { code })
    const jwt = (badge.body as { id: string }).id.replace('data:application/vc+jwt,', '')
    const [head, body] = jwt.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>)
    expect(loginLeaks([badge.body, head, body], logins)).toEqual([])
    expect((body as { credentialSubject: { identifier: unknown[] } }).credentialSubject.identifier).toEqual([
      { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: user.name },
    ])
    // The signed payload and the PDF's attachment: no login, no account id.
    const pdf = await pdfLoader({ request: getRequest(`/chung-chi/${code}/pdf`, cookie), params: { code }, context })
    const attachment = await attachedJson(new Uint8Array(await pdf.arrayBuffer()))
    expect(JSON.parse(attachment)).toMatchObject({ payload })
    for (const text of [JSON.stringify(badge.body), JSON.stringify(body), payload, attachment]) {
      expect(loginLeaks([text], logins)).toEqual([])
      expect(text).not.toContain(user.id)
    }
  }
})
