import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { expect, test } from '@playwright/test'
import { E2E_PORT } from '../../playwright.config'
import { E2E_DIR } from './support/global-setup'

// Every page type, fetched as a phone on a slow link fetches it (gzip), in
// both languages, anonymous and signed in as each role; each document is
// checked byte by byte and then by the W3C Nu HTML checker (vnu.jar).
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const ORIGIN = `http://localhost:${E2E_PORT}`
const PASSWORD = 'Kiểm tra mã HTML từng trang một'
const VNU = path.join(ROOT, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar')
const LOCALES = ['vi', 'en'] as const

type Fixture = {
  learner: { id: string; phone: string }
  trainer: { id: string; phone: string }
  orgAdmin: { id: string; phone: string }
  admin: { id: string; phone: string }
  classId: string
  bareClassId: string
  joinCode: string
  orgId: string
  wardId: string
  certificate: string
  unknownCertificate: string
}

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: Buffer }

function send(pathname: string, options: { cookie?: string; method?: string; form?: URLSearchParams } = {}): Promise<Answer> {
  const payload = options.form?.toString()
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${ORIGIN}${pathname}`,
      {
        method: options.method ?? 'GET',
        headers: {
          'Accept-Encoding': 'gzip',
          Accept: 'text/html',
          'User-Agent': 'Mozilla/5.0 (Linux; Android 10) html-check',
          ...(options.cookie ? { Cookie: options.cookie } : {}),
          ...(payload !== undefined
            ? { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(payload), Origin: ORIGIN }
            : {}),
        },
      },
      (response) => {
        const parts: Buffer[] = []
        response.on('data', (part: Buffer) => parts.push(part))
        response.on('end', () => {
          const raw = Buffer.concat(parts)
          const body = response.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body })
        })
        response.on('error', reject)
      },
    )
    request.on('error', reject)
    if (payload !== undefined) request.write(payload)
    request.end()
  })
}

function cookiesOf(answer: Answer): string[] {
  return (answer.headers['set-cookie'] ?? []).map((cookie) => cookie.split(';')[0]!)
}

async function logIn(phone: string): Promise<string> {
  const answer = await send('/dang-nhap', { method: 'POST', form: new URLSearchParams({ login: phone, password: PASSWORD, redirectTo: '', website: '' }) })
  const cookies = cookiesOf(answer)
  expect(answer.status, `log-in of ${phone}`).toBe(302)
  expect(cookies.length, `session cookie for ${phone}`).toBeGreaterThan(0)
  return cookies.join('; ')
}

function localeCookie(locale: string) {
  return `hs_prefs=${encodeURIComponent(`lang=${locale}&text=normal&contrast=normal`)}`
}

function linksIn(html: string, pattern: RegExp): string[] {
  return [...new Set([...html.matchAll(/href="([^"#?]+)"/g)].map((match) => match[1]!).filter((href) => pattern.test(href)))]
}

/** The hidden fields and the pressed button of the first post form: what a no-JavaScript browser sends. */
function firstPostForm(html: string): URLSearchParams | null {
  const form = /<form method="post"[^>]*>([\s\S]*?)<\/form>/.exec(html)
  if (!form) return null
  const fields = new URLSearchParams()
  for (const input of form[1]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields.append(input[1]!, decodeEntities(input[2]!))
  const button = /<button[^>]*name="([^"]+)"[^>]*value="([^"]*)"/.exec(form[1]!)
  if (button) fields.append(button[1]!, decodeEntities(button[2]!))
  return fields
}

function decodeEntities(text: string) {
  return text.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
}

type VnuMessage = { type: string; url?: string; lastLine?: number; firstColumn?: number; message: string; extract?: string }

test('every page type is valid HTML, free of NUL and replacement characters, in both languages and for every role', async () => {
  // ~25 s alone on 2 cores; more beside the other specs in a full run.
  test.setTimeout(180_000)
  const started = Date.now()
  const fixture = JSON.parse(
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'tests', 'e2e', 'support', 'html-fixture.ts'), JSON.stringify({ password: PASSWORD })],
      { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: `file:${path.join(E2E_DIR, 'e2e.db')}`, LOG_FORMAT: 'json' }, encoding: 'utf8' },
    )
      .trim()
      .split('\n')
      .at(-1)!,
  ) as Fixture

  // Pages found by following the site's own links, so new courses, lessons
  // and simulators are checked without editing this list.
  const catalogue = (await send('/khoa-hoc')).body.toString('utf8')
  const courses = linksIn(catalogue, /^\/khoa-hoc\/[a-z0-9-]+$/)
  expect(courses.length).toBeGreaterThanOrEqual(5)
  const lessons: string[] = []
  for (const course of courses) {
    const page = (await send(course)).body.toString('utf8')
    lessons.push(...linksIn(page, new RegExp(`^${course}/(?!kiem-tra$)[a-z0-9-]+$`)))
  }
  expect(lessons.length).toBeGreaterThanOrEqual(33)
  const simulators = linksIn((await send('/mo-phong')).body.toString('utf8'), /^\/mo-phong\/[a-z0-9-]+$/)
  expect(simulators.length).toBeGreaterThanOrEqual(15)
  const modes = ['huong-dan', 'luyen-tap', 'kiem-tra']

  const publicPages = [
    '/',
    '/khoa-hoc',
    ...courses,
    ...courses.map((course) => `${course}/kiem-tra`),
    ...lessons,
    '/tim-kiem',
    `/tim-kiem?q=${encodeURIComponent('mật khẩu')}`,
    '/tim-kiem?q=zzzzqqq',
    '/mo-phong',
    ...simulators,
    ...simulators.flatMap((simulator) => modes.map((mode) => `${simulator}?che-do=${mode}`)),
    '/dang-ky',
    '/dang-nhap',
    '/quyen-rieng-tu',
    '/verify',
    `/verify/${fixture.certificate}`,
    `/verify/${fixture.unknownCertificate}`,
    '/verify/khong-phai-ma',
    `/vao-lop/${fixture.joinCode}`,
    '/vao-lop',
    '/trang-khong-co-that',
  ]
  const learnerPages = [
    '/',
    '/hoc-tap',
    '/tai-khoan',
    '/tai-khoan/mat-khau',
    '/tai-khoan/xoa',
    courses[0]!,
    `${courses[0]!}/kiem-tra`,
    lessons[0]!,
    `${simulators[0]!}?che-do=huong-dan`,
    `/chung-chi/${fixture.certificate}`,
    `/verify/${fixture.certificate}`,
    '/vao-lop',
    `/vao-lop/${fixture.joinCode}`,
    '/lop-hoc',
    '/trang-khong-co-that',
  ]
  const classPages = ['', '/sua', '/ap-phich', '/them-hoc-vien', '/tien-do', `/hoc-vien/${fixture.learner.id}`, '/diem-danh'].map(
    (suffix) => `/lop-hoc/${fixture.classId}${suffix}`,
  )
  const trainerPages = ['/lop-hoc', '/lop-hoc/moi', ...classPages, `/lop-hoc/${fixture.bareClassId}`, `/lop-hoc/${fixture.bareClassId}/tien-do`, '/quan-ly/nguoi-dung', '/quan-ly/nguoi-dung/moi', `/quan-ly/nguoi-dung/${fixture.learner.id}`, '/tai-khoan']
  const orgAdminPages = ['/quan-ly/bao-cao', `/quan-ly/bao-cao/${fixture.orgId}`, `/quan-ly/bao-cao/${fixture.wardId}`, '/quan-ly/to-chuc', '/quan-ly/nguoi-dung', '/lop-hoc']
  const adminPages = [
    '/quan-ly/nguoi-dung',
    `/quan-ly/nguoi-dung/${fixture.trainer.id}`,
    '/quan-ly/nguoi-dung/moi',
    '/quan-ly/to-chuc',
    '/quan-ly/api',
    '/quan-ly/chung-chi',
    `/quan-ly/chung-chi?code=${fixture.certificate}`,
    '/quan-ly/bao-cao',
    `/quan-ly/bao-cao/${fixture.orgId}`,
    ...classPages.slice(0, 2),
  ]

  const sessions = {
    anonymous: '',
    learner: await logIn(fixture.learner.phone),
    trainer: await logIn(fixture.trainer.phone),
    orgAdmin: await logIn(fixture.orgAdmin.phone),
    admin: await logIn(fixture.admin.phone),
  }
  const plan: { who: keyof typeof sessions; pages: string[] }[] = [
    { who: 'anonymous', pages: publicPages },
    { who: 'learner', pages: learnerPages },
    { who: 'trainer', pages: trainerPages },
    { who: 'orgAdmin', pages: orgAdminPages },
    { who: 'admin', pages: adminPages },
  ]

  const dir = mkdtempSync(path.join(tmpdir(), 'hocso-html-'))
  const problems: string[] = []
  const files = new Map<string, string>()
  let fetched = 0

  const statuses: string[] = []
  function check(label: string, answer: Answer) {
    fetched += 1
    statuses.push(`${answer.status} ${label}${answer.headers.location ? ` → ${answer.headers.location}` : ''}`)
    if (answer.status >= 500) problems.push(`${label}: status ${answer.status}`)
    // A lost session would turn every signed-in page into a redirect and check nothing.
    if (answer.headers.location?.startsWith('/dang-nhap')) problems.push(`${label}: sent to the login page`)
    if (!String(answer.headers['content-type']).startsWith('text/html')) return
    const file = path.join(dir, `${String(files.size).padStart(4, '0')}.html`)
    files.set(file, label)
    writeFileSync(file, answer.body)
    const nul = answer.body.indexOf(0)
    if (nul !== -1) problems.push(`${label}: ${answer.body.filter((byte) => byte === 0).length} NUL byte(s), first at byte ${nul}`)
    const text = new TextDecoder('utf-8').decode(answer.body)
    const replacement = text.indexOf('\uFFFD')
    if (replacement !== -1) problems.push(`${label}: U+FFFD replacement character near “${text.slice(Math.max(0, replacement - 20), replacement + 20)}”`)
    const descriptions = text.match(/<meta name="description"/g)?.length ?? 0
    if (descriptions !== 1) problems.push(`${label}: ${descriptions} meta descriptions`)
    const end = text.lastIndexOf('</html>')
    if (end === -1) problems.push(`${label}: no </html>`)
    else if (text.slice(end + '</html>'.length).trim()) problems.push(`${label}: content after </html>: “${text.slice(end + 7, end + 87).trim()}…”`)
  }

  for (const { who, pages } of plan) {
    for (const locale of LOCALES) {
      const cookie = [sessions[who], localeCookie(locale)].filter(Boolean).join('; ')
      const queue = [...pages]
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let page = queue.shift(); page; page = queue.shift()) check(`${who} ${locale} ${page}`, await send(page, { cookie }))
        }),
      )
      // A simulator step as a browser without JavaScript reaches it: the form posted back.
      const simulator = `${simulators[0]!}?che-do=huong-dan`
      const form = firstPostForm((await send(simulator, { cookie })).body.toString('utf8'))
      expect(form, `a post form on ${simulator}`).not.toBeNull()
      check(`${who} ${locale} POST ${simulator}`, await send(simulator, { cookie, method: 'POST', form: form! }))
    }
  }
  writeFileSync(path.join(dir, 'statuses.txt'), statuses.join('\n'))
  expect(files.size).toBeGreaterThan(250)

  const fetchedIn = Date.now() - started
  // One JVM for every file: a few seconds instead of a few hundred.
  const vnu = spawnSync('java', ['-jar', VNU, '--errors-only', '--format', 'json', ...files.keys()], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  expect(vnu.error, 'java -jar vnu.jar (is Java installed?)').toBeUndefined()
  const messages = (JSON.parse(vnu.stderr || '{"messages":[]}') as { messages: VnuMessage[] }).messages
  for (const message of messages) {
    const file = message.url ? fileURLToPath(message.url) : ''
    problems.push(`${files.get(file) ?? file}:${message.lastLine ?? '?'}:${message.firstColumn ?? '?'} [${message.type}] ${message.message}${message.extract ? ` — ${JSON.stringify(message.extract.trim())}` : ''}`)
  }
  const seconds = (ms: number) => (ms / 1000).toFixed(1)
  console.log(`html check: ${fetched} documents (${files.size} HTML) fetched in ${seconds(fetchedIn)} s, checked by vnu in ${seconds(Date.now() - started - fetchedIn)} s; saved in ${dir}`)
  expect(problems, problems.join('\n')).toEqual([])
})
