import fc from 'fast-check'
import { expect, test } from 'vitest'
import { hashPassword } from '~/auth/password.server'
import { LoginFormSchema } from '~/auth/schemas'
import { prisma } from '~/db.server'
import { DEFAULT_MAX_FIELD_CHARS, DEFAULT_MAX_FIELDS, parseSubmission, readForm, readFormData } from '~/lib/form-data.server'
import { action as loginAction } from '~/routes/login'
import { action as signupAction } from '~/routes/signup'
import { context, run } from '../support/http'

const post = (body: BodyInit, type = 'application/x-www-form-urlencoded') =>
  new Request('http://localhost/x', { method: 'POST', headers: { 'Content-Type': type }, body })

async function refusal(promise: Promise<unknown>): Promise<{ status: number; text: string }> {
  try {
    await promise
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, text: await thrown.text() }
    throw thrown
  }
  throw new Error('expected a refusal')
}

test('field names Conform would read as huge lists or as its own JSON are refused with 400, at once', async () => {
  for (const name of ['x[99999999]', 'login[5000000]', '__intent__', '__state__', 'a.b', '', 'x'.repeat(101)]) {
    const started = Date.now()
    const { status } = await refusal(readForm(post(new URLSearchParams([[name, '1']]))))
    expect(status, name).toBe(400)
    expect(Date.now() - started).toBeLessThan(1000)
  }
})

test('more fields than the form allows are refused; a route may allow more', async () => {
  const many = new URLSearchParams(Array.from({ length: DEFAULT_MAX_FIELDS + 1 }, () => ['present', 'u1']))
  expect((await refusal(readForm(post(many)))).status).toBe(400)
  expect((await readForm(post(many), { maxFields: DEFAULT_MAX_FIELDS + 1 })).data.getAll('present')).toHaveLength(DEFAULT_MAX_FIELDS + 1)
})

test('a field over its limit is never used cut short: dropped and named, or a 413 for hand-read forms', async () => {
  const body = () => new URLSearchParams({ text: 'a'.repeat(DEFAULT_MAX_FIELD_CHARS + 1), lang: 'vi' })
  const form = await readForm(post(body()))
  expect(form.data.has('text')).toBe(false)
  expect(form.data.get('lang')).toBe('vi')
  expect(form.tooLong).toEqual({ text: DEFAULT_MAX_FIELD_CHARS })
  expect((await readForm(post(body()), { maxFieldChars: { text: 5000 } })).data.get('text')).toHaveLength(DEFAULT_MAX_FIELD_CHARS + 1)
  const refused = await refusal(readFormData(post(body())))
  expect(refused.status).toBe(413)
  expect(refused.text).toContain(`Nội dung quá dài (tối đa ${DEFAULT_MAX_FIELD_CHARS} ký tự)`)
})

test('files are not text fields: bounded by the body limit and uploadedText, not by the character cap', async () => {
  const multipart = new FormData()
  multipart.append('file', new File(['x'.repeat(DEFAULT_MAX_FIELD_CHARS * 3)], 'lop.csv', { type: 'text/csv' }))
  const form = await readForm(new Request('http://localhost/x', { method: 'POST', body: multipart }))
  expect((form.data.get('file') as File).size).toBe(DEFAULT_MAX_FIELD_CHARS * 3)
})

test('an over-long field fails the submission with its own message, even when the field is optional', () => {
  const data = new FormData()
  data.append('login', 'an@example.com')
  data.append('password', 'mật khẩu')
  const submission = parseSubmission({ data, tooLong: { redirectTo: 2000, stray: 2000 } }, LoginFormSchema)
  expect(submission.status).toBe('error')
  const reply = submission.reply({ hideFields: ['password'] })
  expect(reply.error).toMatchObject({ redirectTo: ['validation.tooLongChars|max=2000'], '': ['validation.tooLongChars|max=2000'] })
  expect(reply.initialValue).toEqual({ login: 'an@example.com' })
})

test('the reply echoes only fields the schema knows', () => {
  const data = new FormData()
  data.append('login', 'an@example.com')
  data.append('password', 'sai')
  data.append('junk', 'y'.repeat(1500))
  const reply = parseSubmission({ data, tooLong: {} }, LoginFormSchema).reply({ hideFields: ['password'] })
  expect(reply.initialValue).toEqual({ login: 'an@example.com' })
})

// Arbitrary posts to the two public forms, field names and lengths included.
const LOGIN_FIELDS = ['login', 'password', 'redirectTo', 'website']
const SIGNUP_FIELDS = ['name', 'login', 'password', 'kind', 'agency', 'position', 'organizationId', 'consent', 'redirectTo', 'website']
const value = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('/tim-kiem?q=Nguyễn', '/\t/evil.example/phish', '//evil.example', '/\\evil', '/a\r\nb', 'on', 'RESIDENT', '0912345678'),
  fc.integer({ min: 0, max: 6000 }).chain((length) => fc.constantFrom('a', 'ễ', '\u0000', '"', '\r\n').map((unit) => unit.repeat(length))),
)
const ODD_NAMES = ['x[99999999]', '__intent__', 'a.b', 'junk', 'redirectTo[0]']
const posted = (names: string[]) =>
  fc.array(fc.tuple(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.constantFrom(...ODD_NAMES) }), value), { maxLength: 14 })

const ECHO_BOUND = DEFAULT_MAX_FIELDS * DEFAULT_MAX_FIELD_CHARS

function echoedChars(initialValue: unknown): number {
  if (typeof initialValue === 'string') return initialValue.length
  if (Array.isArray(initialValue)) return initialValue.reduce((sum: number, item) => sum + echoedChars(item), 0)
  if (initialValue && typeof initialValue === 'object') return Object.values(initialValue).reduce((sum: number, item) => sum + echoedChars(item), 0)
  return 0
}

test('property: any post to login or sign-up answers below 500, stays on the site, and echoes a bounded reply', async () => {
  const phone = `09${String(process.pid % 100000).padStart(5, '0')}123`.slice(0, 10)
  await prisma.user.create({ data: { name: 'Mai', phone: `+84${phone.slice(1)}`, password: { create: { hash: await hashPassword('Mai học VNeID mỗi tối') } } } })
  const known = fc.constantFrom<[string, string][]>(
    [['login', phone], ['password', 'Mai học VNeID mỗi tối']],
    [['name', 'Mai Anh'], ['password', 'Mai Anh đi học máy tính'], ['kind', 'RESIDENT'], ['consent', 'on']],
  )
  // Mostly arbitrary posts; some valid ones with an arbitrary way back, so
  // that redirects are exercised too.
  const wayBack = fc.array(fc.tuple(fc.constant('redirectTo'), value), { minLength: 1, maxLength: 1 })
  const cases = fc.oneof(
    fc.tuple(fc.constant('login' as const), posted(LOGIN_FIELDS), known),
    fc.tuple(fc.constant('signup' as const), posted(SIGNUP_FIELDS), known),
    fc.tuple(fc.constantFrom('login' as const, 'signup' as const), wayBack, known),
  )
  let ip = 0
  let redirects = 0
  await fc.assert(
    fc.asyncProperty(cases, async ([route, fields, base]) => {
      const body = new URLSearchParams([...base, ...fields])
      if (route === 'signup' && !fields.some(([name]) => name === 'login')) body.append('login', `08${String(++ip).padStart(8, '0')}`)
      const request = new Request(`http://localhost/${route === 'login' ? 'dang-nhap' : 'dang-ky'}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body,
      })
      const outcome = await run(route === 'login' ? loginAction : signupAction, request, {}, { ...context, clientIp: `198.51.100.${++ip % 250}` })
      expect(outcome.status).toBeLessThan(500)
      const location = outcome.headers.get('Location')
      if (location !== null) {
        redirects += 1
        expect(new URL(location, 'https://hoc-so.example').origin).toBe('https://hoc-so.example')
        expect(location).toMatch(/^\/[\x21-\x7e]*$/)
      }
      const result = (outcome.body as { result?: { initialValue?: unknown } } | string)
      if (result && typeof result === 'object' && result.result) {
        expect(echoedChars(result.result.initialValue)).toBeLessThanOrEqual(ECHO_BOUND)
        for (const [name, text] of fields) {
          if (text.length > DEFAULT_MAX_FIELD_CHARS) expect(JSON.stringify(result.result.initialValue ?? {}), name).not.toContain(text.slice(0, DEFAULT_MAX_FIELD_CHARS + 1))
        }
      }
    }),
    { numRuns: 120 },
  )
  expect(redirects).toBeGreaterThan(5)
}, 120_000)
