// `npm run bench`: measures the production build against the budgets in
// docs/performance.md. Client, server and baseline share this machine's cores,
// so the ratio against a static file server in the same run is the figure to
// compare across machines, not the raw requests per second.
//
//   npm run bench -- --only=ingest,dashboard   some cases (names in CASES below;
//                                              'store' is the write path alone)
//   npm run bench -- --scale                   the learner pages against the
//                                              database of `npm run seed:scale`
//   BENCH_DB=<file>, BENCH_DURATION=<s>, BENCH_INGEST_RATE=<events/s>,
//   BENCH_PROFILE=<dir> (the server writes a CPU profile there),
//   BENCH_PORT=<port> (the app's port, default 3200; the static baseline takes the next one)
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import http, { createServer } from 'node:http'
import { createReadStream } from 'node:fs'
import path from 'node:path'
import autocannon from 'autocannon'
import Database from 'better-sqlite3'
import { ROOT } from './lib/prepare'
import { BENCH_CLASS, DASHBOARD_LEARNER, SCALE_ORG_ADMIN, SCALE_PROVINCE, scaleLearnerPhone } from './lib/scale-data'
import { seedScale } from './seed-scale'

const APP_PORT = Number(process.env.BENCH_PORT ?? 3200)
const STATIC_PORT = APP_PORT + 1
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10)
const CONNECTIONS = 64
const FIRST_VIEW_BUDGET_BYTES = 150 * 1024
const TMP = path.join(ROOT, 'tests', '.tmp-bench')

type Measure = { rps: number; p50: number; p99: number; errors: number; non2xx: number }

async function load(url: string, extra: Partial<autocannon.Options> = {}): Promise<Measure> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, ...extra })
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  }
}

const LOGIN_PASSWORD = 'Bà đi chợ sáng thứ bảy'
const LOGIN_PHONE = '0900000001'

// Logins are dominated by argon2id, by design; this shows what one server
// sustains and how long a learner waits when a whole class signs in at once.
async function measureLogin(): Promise<Measure & { redirects: number }> {
  const origin = `http://127.0.0.1:${APP_PORT}`
  const signup = await fetch(`${origin}/dang-ky`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ name: 'Người thử tải', login: LOGIN_PHONE, password: LOGIN_PASSWORD, kind: 'RESIDENT', consent: 'on' }),
  })
  if (signup.status !== 302) throw new Error(`could not create the bench account: ${signup.status}`)
  const result = await autocannon({
    url: `${origin}/dang-nhap`,
    connections: 16,
    duration: DURATION_S,
    method: 'POST',
    headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login: LOGIN_PHONE, password: LOGIN_PASSWORD }).toString(),
  })
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    redirects: result['3xx'],
  }
}

// Signs a new learner up over HTTP, as a browser would, and returns the
// session cookie the server set.
async function signUpLearner(phone: string, name: string): Promise<string> {
  const origin = `http://127.0.0.1:${APP_PORT}`
  const response = await fetch(`${origin}/dang-ky`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ name, login: phone, password: LOGIN_PASSWORD, kind: 'RESIDENT', consent: 'on' }),
  })
  const cookie = /hs_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0]
  if (response.status !== 302 || !cookie) throw new Error(`could not sign up ${phone}: ${response.status}`)
  return cookie
}

// Enough learners that the jobs of one group commit rarely share a learner,
// as with a nationwide audience; with a handful, rows would be merged across
// jobs and the figure would flatter the server.
const INGEST_LEARNERS = 200
const INGEST_EVENTS_PER_SECOND = 2_000
// The steady run's offered load; another value (BENCH_INGEST_RATE) shows
// where the latency budget holds on a given machine.
const INGEST_OFFERED = Number(process.env.BENCH_INGEST_RATE ?? INGEST_EVENTS_PER_SECOND)
const INGEST_P99_MS = 50
// The mean of ingestionBatch's mix: 0.6 × 1 + 0.3 × 2 + 0.1 × 6.
const INGEST_EVENTS_PER_REQUEST = 1.8

// What browsers send to POST /api/progress/events: mostly one lesson opened,
// often a lesson opened and read sent together, sometimes a queue flushed
// after the network came back (three lessons opened and read). Every
// statement has a fresh id, so every accepted event is a new row.
type ClientEvent = { id: string; verb: string; object: { type: 'lesson'; id: string }; result?: { durationSec: number }; timestamp: string }

function ingestionBatch(lessons: string[]): ClientEvent[] {
  const now = Date.now()
  const roll = Math.random()
  const count = roll < 0.6 ? 1 : roll < 0.9 ? 2 : 6
  const events: ClientEvent[] = []
  for (let i = 0; i < count; i += 2) {
    const id = lessons[Math.floor(Math.random() * lessons.length)]!
    const opened = new Date(now - (count - i) * 60_000)
    events.push({ id: crypto.randomUUID(), verb: 'experienced', object: { type: 'lesson', id }, timestamp: opened.toISOString() })
    if (i + 1 < count) {
      events.push({
        id: crypto.randomUUID(),
        verb: 'completed',
        object: { type: 'lesson', id },
        result: { durationSec: 120 + Math.floor(Math.random() * 400) },
        timestamp: new Date(opened.getTime() + 50_000).toISOString(),
      })
    }
  }
  return events
}

type IngestionRun = {
  rps: number
  eventsPerSecond: number
  eventsPerRequest: number
  p50: number
  p99: number
  serverP50: number
  serverP99: number
  errors: number
  non2xx: number
}

// A steady load: requests leave at even intervals whatever the server's
// pace, over at most CONNECTIONS keep-alive sockets, and each one's latency
// counts from when it was due, so a server that falls behind is charged for
// the wait. (autocannon's rate option lets every connection send its quota
// at the start of each second: bursts, not a steady load.)
async function paced({
  url,
  rate,
  seconds,
  request,
}: {
  url: string
  rate: number
  seconds: number
  request: () => { headers: Record<string, string>; body: string; done: (status: number, body: string) => void }
}) {
  const target = new URL(url)
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS })
  const latencies: number[] = []
  let errors = 0
  let non2xx = 0
  const total = Math.round(rate * seconds)
  const started = performance.now()
  await new Promise<void>((resolve) => {
    let sent = 0
    let finished = 0
    const fire = (due: number) => {
      const { headers, body, done } = request()
      const outgoing = http.request(
        { agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { ...headers, 'Content-Length': Buffer.byteLength(body) } },
        (response) => {
          let text = ''
          response.setEncoding('utf8')
          response.on('data', (chunk: string) => (text += chunk))
          response.on('end', () => {
            latencies.push(performance.now() - due)
            const status = response.statusCode ?? 0
            if (status < 200 || status > 299) non2xx += 1
            done(status, text)
            if (++finished === total) resolve()
          })
        },
      )
      outgoing.on('error', () => {
        errors += 1
        if (++finished === total) resolve()
      })
      outgoing.end(body)
    }
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate))
      while (sent < due) fire(started + (sent++ * 1000) / rate)
      if (sent < total) setTimeout(tick, 1)
    }
    tick()
  })
  agent.destroy()
  return { latencies, errors, non2xx, seconds: (performance.now() - started) / 1000 }
}

// Two runs: autocannon pushing as many requests as 64 connections can (what
// one server sustains at most), then a steady offered load of the budget's
// 2,000 events per second, where the latency budget applies. Afterwards
// every acknowledged event must be in the log, and nothing that was not sent.
async function measureIngestion(databaseFile: string, { seeded }: { seeded: boolean }) {
  const origin = `http://127.0.0.1:${APP_PORT}`
  const catalog = JSON.parse(readFileSync(path.join(ROOT, process.env.CONTENT_BUILD_DIR ?? 'content-build', 'catalog.json'), 'utf8')) as {
    courses: { slug: string; lessons: { slug: string }[] }[]
  }
  const lessons = catalog.courses.flatMap((course) => course.lessons.map((lesson) => `${course.slug}/${lesson.slug}`))
  // In the large database, learners who already have months of progress;
  // otherwise new accounts.
  const phones = Array.from({ length: INGEST_LEARNERS }, (_, i) => (seeded ? scaleLearnerPhone(10_000 + i * 37) : `+8490002${String(i).padStart(4, '0')}`))
  const cookies: string[] = []
  // Four at a time: each sign-up or sign-in hashes a password (~10 ms of CPU).
  for (let i = 0; i < phones.length; i += 4) {
    const group = phones.slice(i, i + 4)
    cookies.push(
      ...(await Promise.all(group.map((phone, j) => (seeded ? signIn(phone, DASHBOARD_LEARNER.password) : signUpLearner(phone, `Người học thử ${i + j + 1}`))))),
    )
  }
  const startedAt = new Date()

  const sent = new Set<string>()
  let storedTotal = 0
  const acknowledgedIds: string[] = []
  const url = `${origin}/api/progress/events`
  // One request's body and what to do with its answer.
  function next(tally: { acknowledged: number; stored: number }) {
    const events = ingestionBatch(lessons)
    for (const event of events) sent.add(event.id)
    return {
      headers: { Origin: origin, 'Content-Type': 'application/json', Cookie: cookies[Math.floor(Math.random() * cookies.length)]! },
      body: JSON.stringify({ events }),
      done: (status: number, body: string) => {
        if (status !== 200) return
        tally.acknowledged += 1
        tally.stored += (JSON.parse(body) as { stored: number }).stored
        acknowledgedIds.push(...events.map((event) => event.id))
      },
    }
  }

  const fastest = { acknowledged: 0, stored: 0 }
  let times = serverTimes('POST', '/api/progress/events')
  // The answer handler of each request travels in autocannon's
  // per-connection context from when its body is built to when it answers.
  type InFlight = { done?: (status: number, body: string) => void }
  const result = await autocannon({
    url: origin,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: [
      {
        method: 'POST',
        path: '/api/progress/events',
        setupRequest: (request, context) => {
          const { headers, body, done } = next(fastest)
          ;(context as InFlight).done = done
          return { ...request, headers, body }
        },
        onResponse: (status, body, context) => (context as InFlight).done?.(status, body),
      },
    ],
  })
  const saturation: IngestionRun = {
    rps: Math.round(result.requests.average),
    eventsPerSecond: Math.round(fastest.stored / DURATION_S),
    eventsPerRequest: fastest.acknowledged ? fastest.stored / fastest.acknowledged : 0,
    p50: result.latency.p50,
    p99: result.latency.p99,
    serverP50: percentile(times, 50),
    serverP99: percentile(times, 99),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  }
  storedTotal += fastest.stored

  const steadyTally = { acknowledged: 0, stored: 0 }
  times = serverTimes('POST', '/api/progress/events')
  const steadyRun = await paced({ url, rate: INGEST_OFFERED / INGEST_EVENTS_PER_REQUEST, seconds: DURATION_S, request: () => next(steadyTally) })
  const steady: IngestionRun = {
    rps: Math.round(steadyTally.acknowledged / steadyRun.seconds),
    eventsPerSecond: Math.round(steadyTally.stored / steadyRun.seconds),
    eventsPerRequest: steadyTally.acknowledged ? steadyTally.stored / steadyTally.acknowledged : 0,
    p50: Math.round(percentile(steadyRun.latencies, 50)),
    p99: Math.round(percentile(steadyRun.latencies, 99)),
    serverP50: percentile(times, 50),
    serverP99: percentile(times, 99),
    errors: steadyRun.errors,
    non2xx: steadyRun.non2xx,
  }
  storedTotal += steadyTally.stored

  // Requests autocannon cut off when its run ended may still commit.
  await new Promise((resolve) => setTimeout(resolve, 500))
  // What the runs added to these learners' logs: every acknowledged id, and
  // only ids that were sent (dates are stored as ISO text, so they compare as text).
  const db = new Database(databaseFile, { readonly: true })
  const rows = db
    .prepare(
      `SELECT id FROM LearningEvent WHERE storedAt >= ? AND actorId IN (SELECT id FROM User WHERE phone IN (${phones.map(() => '?').join(',')}))`,
    )
    .pluck()
    .all(startedAt.toISOString().replace('Z', '+00:00'), ...phones) as string[]
  db.close()
  const added = new Set(rows)
  return {
    saturation,
    steady,
    stored: storedTotal,
    acknowledgedIds: acknowledgedIds.length,
    missing: acknowledgedIds.filter((id) => !added.has(id)).length,
    added: added.size,
    unsent: rows.filter((id) => !sent.has(id)).length,
    sent: sent.size,
  }
}

async function argon2Cost(): Promise<number> {
  const { hashPassword } = await import('../app/auth/password.server')
  await hashPassword('warm up')
  const started = performance.now()
  const rounds = 20
  for (let i = 0; i < rounds; i++) await hashPassword(`mật khẩu số ${i}`)
  return (performance.now() - started) / rounds
}

// A fresh database for the default run; the large one from `npm run
// seed:scale` is reused as it is (it takes minutes to make).
function freshDatabase(): string {
  mkdirSync(TMP, { recursive: true })
  const file = path.join(TMP, 'bench.db')
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
  return file
}

async function startApp(databaseFile: string) {
  // BENCH_PROFILE=<dir>: the server writes a V8 CPU profile there when it stops.
  const profile = process.env.BENCH_PROFILE
  const args = profile
    ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(profile), '--import', 'tsx', 'scripts/start.ts']
    : [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/start.ts']
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(APP_PORT),
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${databaseFile}`,
      // Request logs would measure the terminal, not the server.
      LOG_FORMAT: 'json',
      // The verify case looks one code up from one address far above the
      // anti-enumeration limit.
      CERTIFICATE_VERIFY_PER_MINUTE: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await new Promise<void>((resolve, reject) => {
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('is running')) resolve()
    })
    child.on('exit', (code) => reject(new Error(`server exited with ${code}\n${output}`)))
  })
  // Drain the request log without keeping it: the load generator runs in this
  // process, and holding megabytes of log text would slow it, not the server.
  child.stdout.removeAllListeners('data')
  let partial = ''
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n')
    partial = lines.pop() ?? ''
    for (const line of lines) {
      for (const [needle, times] of watched) {
        if (!line.includes(needle)) continue
        const ms = /"ms":([\d.]+)/.exec(line)?.[1]
        if (ms) times.push(Number(ms))
      }
    }
  })
  return child
}

// What a phone downloads on its first visit, measured in a real browser:
// every response's bytes on the wire (compressed body plus headers), after
// the page is idle. Fonts count only when the page's text needs them.
async function firstViewBytes(url: string): Promise<{ total: number; parts: Record<string, number> }> {
  const { chromium } = await import('@playwright/test')
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
  })
  try {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } })
    const parts: Record<string, number> = { html: 0, css: 0, js: 0, fonts: 0, other: 0 }
    const pending: Promise<void>[] = []
    page.on('requestfinished', (request) => {
      pending.push(
        request.sizes().then((sizes) => {
          const type = request.resourceType()
          const kind =
            type === 'document' ? 'html' : type === 'stylesheet' ? 'css' : type === 'script' ? 'js' : type === 'font' ? 'fonts' : 'other'
          parts[kind]! += sizes.responseBodySize + sizes.responseHeadersSize
        }),
      )
    })
    await page.goto(url, { waitUntil: 'networkidle' })
    await Promise.all(pending)
    return { total: Object.values(parts).reduce((a, b) => a + b, 0), parts }
  } finally {
    await browser.close()
  }
}

type PageCase = { name: string; path: string; minRatio: number | null }

// The lesson budget comes from the curriculum issue: at least half the static
// server's rate, and a first view of at most 150 KB. The home page has no
// throughput budget; it is measured so a regression is visible.
const PAGES: PageCase[] = [
  { name: 'home', path: '/', minRatio: null },
  { name: 'lesson', path: '/khoa-hoc/lam-quen-vneid/dang-ky-tam-tru', minRatio: 0.5 },
  { name: 'simulator', path: '/mo-phong/vneid-kich-hoat-tai-khoan?che-do=luyen-tap', minRatio: null },
]

// Server-side durations (the request log's "ms": from the first middleware to
// the last byte handed to the socket) of the requests a case watches.
const watched = new Map<string, number[]>()
function serverTimes(method: string, pathPrefix: string): number[] {
  const times: number[] = []
  watched.clear()
  watched.set(`"method":"${method}","path":"${pathPrefix}`, times)
  return times
}

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

// Without JavaScript every simulator step is a form post the server runs
// through the engine, answered by a redirect to the GET page of the new
// state (ADR 015); the budget is 50 ms at the server's p99 for each half.
async function measureSimulatorStep() {
  const origin = `http://127.0.0.1:${APP_PORT}`
  const url = `${origin}/mo-phong/vneid-kich-hoat-tai-khoan?che-do=luyen-tap`
  const html = await (await fetch(url)).text()
  const state = html.match(/name="state" value="([^"]+)"/)?.[1]
  if (!state) throw new Error('no simulator state in the page')
  const headers = { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' }
  const body = new URLSearchParams({ state, intent: 'act', target: 'kich-hoat' }).toString()
  const postTimes = serverTimes('POST', '/mo-phong/')
  const post = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, method: 'POST', headers, body })
  const postP99 = percentile(postTimes, 99)
  const location = (await fetch(url, { method: 'POST', headers, body, redirect: 'manual' })).headers.get('location')
  if (!location) throw new Error('the step post did not redirect')
  const getTimes = serverTimes('GET', '/mo-phong/')
  const page = await autocannon({ url: `${origin}${location.split('#')[0]}`, connections: CONNECTIONS, duration: DURATION_S })
  const count = (result: autocannon.Result, group: '2xx' | '3xx') => (result as unknown as Record<string, number>)[group] ?? 0
  return {
    rps: Math.round(post.requests.average),
    pageRps: Math.round(page.requests.average),
    clientP99: Math.max(post.latency.p99, page.latency.p99),
    serverP50: percentile([...postTimes, ...getTimes], 50),
    serverP99: Math.max(postP99, percentile(getTimes, 99)),
    samples: postTimes.length + getTimes.length,
    errors: post.errors + post.timeouts + page.errors + page.timeouts,
    // The post must answer 303 and the page 200; anything else is a failure.
    unexpected: post.requests.sent - count(post, '3xx') - post.errors - post.timeouts + page.non2xx,
  }
}

async function measurePage(page: PageCase, failures: string[]) {
  const url = `http://127.0.0.1:${APP_PORT}${page.path}`
  const html = await (await fetch(url)).text()
  const htmlFile = path.join(TMP, `${page.name}.html`)
  writeFileSync(htmlFile, html)
  const staticServer = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
    createReadStream(htmlFile).pipe(res)
  })
  await new Promise<void>((resolve) => staticServer.listen(STATIC_PORT, '127.0.0.1', resolve))
  try {
    // Warm both servers so JIT and caches do not count against either.
    await autocannon({ url, connections: 8, duration: 2 })
    const appResult = await load(url)
    const staticResult = await load(`http://127.0.0.1:${STATIC_PORT}/`)
    const weight = await firstViewBytes(url)
    const ratio = appResult.rps / staticResult.rps
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
    console.log(`\n${page.name} (${page.path}), ${CONNECTIONS} connections, ${DURATION_S} s each, HTML ${kb(Buffer.byteLength(html))} uncompressed`)
    console.table({ 'Học Số (production build)': appResult, 'static file (same HTML)': staticResult })
    console.log(`ratio app/static requests per second: ${ratio.toFixed(3)}${page.minRatio ? ` (budget ≥ ${page.minRatio})` : ''}`)
    console.log(
      `first view in Chromium (bytes on the wire): ${kb(weight.total)} = html ${kb(weight.parts.html!)}, css ${kb(weight.parts.css!)}, js ${kb(weight.parts.js!)}, fonts ${kb(weight.parts.fonts!)}, other ${kb(weight.parts.other!)} (budget ${kb(FIRST_VIEW_BUDGET_BYTES)})`,
    )
    if (appResult.errors || appResult.non2xx) failures.push(`${page.name}: ${appResult.errors} errors and ${appResult.non2xx} non-2xx responses`)
    if (weight.total > FIRST_VIEW_BUDGET_BYTES) failures.push(`${page.name}: first view ${kb(weight.total)} exceeds ${kb(FIRST_VIEW_BUDGET_BYTES)}`)
    if (page.minRatio && ratio < page.minRatio) failures.push(`${page.name}: ratio ${ratio.toFixed(3)} below ${page.minRatio}`)
  } finally {
    staticServer.close()
  }
}

async function signIn(phone: string, password: string): Promise<string> {
  const origin = `http://127.0.0.1:${APP_PORT}`
  const response = await fetch(`${origin}/dang-nhap`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login: phone, password }),
  })
  const cookie = /hs_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0]
  if (response.status !== 302 || !cookie) throw new Error(`could not sign in as ${phone}: ${response.status}`)
  return cookie
}

type SignedInMeasure = { serverP50: number; serverP99: number; samples: number; rps: number; loadedServerP50: number; loadedServerP99: number; errors: number; non2xx: number }

// A page read by a signed-in learner, rendered for every request (the page
// cache is for anonymous visitors). The server's own time, from the request
// log: first one request at a time, which is the page's cost, then under 64
// connections, where requests also wait for each other.
async function measureSignedIn(pagePath: string, cookie: string): Promise<SignedInMeasure> {
  const url = `http://127.0.0.1:${APP_PORT}${pagePath}`
  const headers = { Cookie: cookie }
  const check = await fetch(url, { headers, redirect: 'manual' })
  if (check.status !== 200) throw new Error(`${pagePath} answered ${check.status} for a signed-in learner`)
  await autocannon({ url, headers, connections: 4, duration: 2 })
  const alone = serverTimes('GET', pagePath)
  const single = await autocannon({ url, headers, connections: 1, duration: DURATION_S })
  const serverP50 = percentile(alone, 50)
  const serverP99 = percentile(alone, 99)
  const samples = alone.length
  const loaded = serverTimes('GET', pagePath)
  const many = await autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION_S })
  return {
    serverP50,
    serverP99,
    samples,
    rps: Math.round(many.requests.average),
    loadedServerP50: percentile(loaded, 50),
    loadedServerP99: percentile(loaded, 99),
    errors: single.errors + single.timeouts + many.errors + many.timeouts,
    non2xx: single.non2xx + many.non2xx,
  }
}

const DASHBOARD_BUDGET_MS = 20
const REPORT_BUDGET_MS = 500
const REPORT_SAMPLES = 40
const MATRIX_BUDGET_MS = 100

// A page too heavy for 64 connections (each request queues behind the
// others for seconds): requests one after another, after a few to warm up,
// with the server's own time from the request log.
async function measureSequential(pagePath: string, cookie: string, samples: number) {
  const url = `http://127.0.0.1:${APP_PORT}${pagePath}`
  const get = async () => {
    const response = await fetch(url, { headers: { Cookie: cookie }, redirect: 'manual' })
    await response.arrayBuffer()
    return response.status
  }
  const first = await get()
  if (first !== 200) throw new Error(`${pagePath} answered ${first}`)
  for (let i = 0; i < 3; i++) await get()
  const times = serverTimes('GET', pagePath)
  const client: number[] = []
  let non2xx = 0
  for (let i = 0; i < samples; i++) {
    const started = performance.now()
    if ((await get()) !== 200) non2xx += 1
    client.push(performance.now() - started)
  }
  // The log line is written once per event-loop turn; give the last one time to arrive.
  await new Promise((resolve) => setTimeout(resolve, 200))
  return {
    serverP50: percentile(times, 50),
    serverP99: percentile(times, 99),
    samples: times.length,
    clientP50: Math.round(percentile(client, 50)),
    non2xx,
  }
}

const CASES = ['home', 'lesson', 'simulator', 'step', 'login', 'ingest', 'store', 'dashboard', 'course', 'certificate-pdf', 'verify', 'report', 'class'] as const
// Against the large database only the pages whose data grows with it.
const SCALE_CASES: Case[] = ['dashboard', 'course', 'report', 'class']
type Case = (typeof CASES)[number]

function selectedCases(scale: boolean): Set<Case> {
  const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length)
  if (!only) return new Set(scale ? SCALE_CASES : CASES)
  const names = only.split(',').filter(Boolean)
  const unknown = names.filter((name) => !(CASES as readonly string[]).includes(name))
  if (unknown.length) throw new Error(`unknown case(s) ${unknown.join(', ')}; known: ${CASES.join(', ')}`)
  return new Set(names as Case[])
}

// `--scale` (or BENCH_DB=<file>) measures against the database made by
// `npm run seed:scale` (100,000 learners, ~10 million events), kept as it is;
// by default a fresh database holds the one 5,000-event learner.
function scaleDatabase(): string | null {
  const flag = process.argv.find((arg) => arg === '--scale' || arg.startsWith('--scale='))
  const file = process.env.BENCH_DB ?? (flag ? (flag.split('=')[1] ?? path.join(TMP, 'scale.db')) : null)
  if (!file) return null
  const resolved = path.resolve(file)
  if (!existsSync(resolved)) throw new Error(`${resolved} does not exist: run \`npm run seed:scale\` first`)
  return resolved
}

// Certificate PDFs rendered one after another in this process (one core),
// with throw-away keys: the cost of pdf-lib, the font subset and the QR code.
async function measureCertificatePdf() {
  const { generateKeyPairSync } = await import('node:crypto')
  const { keyId } = await import('../app/certificates/keys')
  const { buildPayload } = await import('../app/certificates/payload')
  const { signPayload } = await import('../app/certificates/sign')
  const { renderCertificatePdf } = await import('../app/certificates/pdf.server')
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const signed = signPayload(
    buildPayload({
      code: 'HS-7K3M-Q9PX',
      serial: 1,
      issuedAt: new Date(),
      siteUrl: 'https://hocso.example.vn',
      holder: { name: 'Nguyễn Thị Ánh Tuyết', kind: 'CIVIL_SERVANT', agency: 'UBND phường Ba Đình', position: 'Chuyên viên', organizationName: 'Phường Ba Đình' },
      course: { slug: 'chuyen-doi-so-cho-can-bo', title: 'Chuyển đổi số cho cán bộ, công chức', version: '0123456789abcdef' },
    }),
    { kid: keyId(publicKey), privateKey },
  )
  for (let i = 0; i < 5; i += 1) await renderCertificatePdf(signed)
  const times: number[] = []
  let bytes = 0
  const until = Date.now() + Math.min(DURATION_S, 5) * 1000
  while (Date.now() < until) {
    const started = performance.now()
    bytes = (await renderCertificatePdf(signed)).byteLength
    times.push(performance.now() - started)
  }
  const total = times.reduce((sum, ms) => sum + ms, 0)
  return { perSecond: Math.round((times.length * 1000) / total), p50: percentile(times, 50), p99: percentile(times, 99), bytes }
}

// One real certificate in the benchmark's database, issued by the app's own
// code with the keys the server uses (keys/ beside the database file).
async function seedCertificate(databaseFile: string): Promise<string> {
  const phone = `0977${String(Date.now() % 1e6).padStart(6, '0')}`
  await signUpLearner(phone, 'Người nhận chứng nhận')
  process.env.DATABASE_URL = `file:${databaseFile}`
  const { prisma } = await import('../app/db.server')
  const { issueCertificate } = await import('../app/certificates/issue.server')
  const user = await prisma.user.findFirstOrThrow({ where: { phone: `+84${phone.slice(1)}` } })
  await prisma.courseProgress.create({ data: { userId: user.id, courseSlug: 'chuyen-doi-so-cho-can-bo', completedAt: new Date(), lastActivityAt: new Date() } })
  const certificate = await issueCertificate(user.id, 'chuyen-doi-so-cho-can-bo')
  await prisma.$disconnect()
  if (!certificate) throw new Error('could not issue the benchmark certificate')
  return certificate.code
}

type StoreRun = { offered: number; eventsPerSecond: number; p50: number; p99: number; failed: number }

async function main() {
  const scale = scaleDatabase()
  const cases = selectedCases(scale !== null)
  let databaseFile: string
  if (scale) {
    databaseFile = scale
    const db = new Database(databaseFile, { readonly: true })
    const counts = db.prepare('SELECT (SELECT COUNT(*) FROM "User") AS learners, (SELECT COUNT(*) FROM "LearningEvent") AS events').get() as { learners: number; events: number }
    db.close()
    console.log(`Database ${databaseFile}: ${counts.learners.toLocaleString('en')} accounts, ${counts.events.toLocaleString('en')} learning events, ${(statSync(databaseFile).size / 1024 / 1024).toFixed(0)} MB`)
  } else {
    databaseFile = freshDatabase()
    if (cases.has('dashboard') || cases.has('course') || cases.has('report') || cases.has('class')) {
      // The benchmark's learner alone, made by the same code as the large database.
      const report = await seedScale({
        databaseFile,
        learners: 1,
        eventsPerLearner: 100,
        contentBuildDir: path.join(ROOT, process.env.CONTENT_BUILD_DIR ?? 'content-build'),
        root: ROOT,
      })
      console.log(`Seeded the dashboard learner: ${report.events} events`)
    }
  }
  const app = await startApp(databaseFile)
  try {
    const failures: string[] = []
    for (const page of PAGES) if (cases.has(page.name as Case)) await measurePage(page, failures)
    if (cases.has('step')) {
      const step = await measureSimulatorStep()
      console.log(
        `\nSimulator step without JavaScript (POST → 303, then the GET step page; ${CONNECTIONS} connections, ${DURATION_S} s each): ${step.rps} posts/s, ${step.pageRps} pages/s, server p50 ${step.serverP50} ms, server p99 ${step.serverP99} ms (${step.samples} samples; budget 50 ms), client p99 ${step.clientP99} ms`,
      )
      if (step.errors || step.unexpected > 0) failures.push(`simulator step: ${step.errors} errors, ${step.unexpected} unexpected answers`)
      if (step.serverP99 > 50) failures.push(`simulator step: server p99 ${step.serverP99} ms above 50 ms`)
    }
    if (cases.has('login')) {
      const login = await measureLogin()
      const hashMs = await argon2Cost()
      console.log(
        `\nLogin (POST /dang-nhap, 16 connections, ${DURATION_S} s): ${login.rps} req/s, p50 ${login.p50} ms, p99 ${login.p99} ms, ${login.redirects} successful (302), ${login.errors} errors`,
      )
      console.log(`argon2id hash (m=19456, t=2, p=1), one at a time: ${hashMs.toFixed(1)} ms`)
      if (login.errors || login.redirects === 0) failures.push(`login had ${login.errors} errors and ${login.redirects} successes`)
    }
    if (cases.has('ingest')) {
      const ingest = await measureIngestion(databaseFile, { seeded: scale !== null })
      const line = (run: IngestionRun) =>
        `${run.rps} req/s × ${run.eventsPerRequest.toFixed(2)} events = ${run.eventsPerSecond} events/s; p50 ${run.p50} ms, p99 ${run.p99} ms; server p50 ${run.serverP50} ms, server p99 ${run.serverP99} ms; ${run.non2xx} non-2xx, ${run.errors} errors`
      console.log(`\nEvent ingestion (POST /api/progress/events, ${CONNECTIONS} connections, ${INGEST_LEARNERS} learners, ${DURATION_S} s each)`)
      console.log(`  as fast as it goes: ${line(ingest.saturation)}`)
      console.log(`  offered ${INGEST_OFFERED} events/s: ${line(ingest.steady)} (budget ≥ ${INGEST_EVENTS_PER_SECOND} events/s, p99 < ${INGEST_P99_MS} ms)`)
      console.log(
        `  ${ingest.stored} events acknowledged as stored, ${ingest.acknowledgedIds} acknowledged ids, ${ingest.missing} missing from the log; the runs added ${ingest.added} events of ${ingest.sent} sent, ${ingest.unsent} never sent`,
      )
      for (const [name, run] of [['fastest', ingest.saturation], ['steady', ingest.steady]] as const) {
        if (run.errors || run.non2xx) failures.push(`ingestion (${name}): ${run.errors} errors, ${run.non2xx} non-2xx`)
      }
      // The mix is random: a steady run's events per request vary by about 1 %.
      if (ingest.steady.eventsPerSecond < INGEST_EVENTS_PER_SECOND * 0.98) {
        failures.push(`ingestion: ${ingest.steady.eventsPerSecond} events/s sustained, below ${INGEST_EVENTS_PER_SECOND}`)
      }
      if (ingest.steady.p99 >= INGEST_P99_MS) failures.push(`ingestion: p99 ${ingest.steady.p99} ms at ${INGEST_OFFERED} events/s, not under ${INGEST_P99_MS} ms`)
      if (ingest.missing || ingest.unsent || ingest.stored !== ingest.acknowledgedIds) {
        failures.push(`ingestion: ${ingest.missing} acknowledged events missing, ${ingest.stored} stored vs ${ingest.acknowledgedIds} acknowledged`)
      }
    }
    if (cases.has('store')) {
      // The write path alone, in a child process on the same database file.
      const child = spawnSync('npx', ['tsx', path.join(ROOT, 'scripts', 'bench-store.ts'), databaseFile], { cwd: ROOT, encoding: 'utf8', env: process.env })
      const line = child.stdout.trim().split('\n').pop() ?? ''
      if (child.status !== 0) {
        failures.push(`store: exited ${child.status}: ${child.stderr.slice(-500)}`)
      } else {
        const store = JSON.parse(line) as { steady: StoreRun; high: StoreRun }
        const describe = (run: StoreRun) => `offered ${run.offered} events/s: ${run.eventsPerSecond} events/s stored, acknowledgement p50 ${run.p50} ms, p99 ${run.p99} ms, ${run.failed} failed`
        console.log(`\nEvent store in-process (recordEvents, one event per call, 200 learners, ${DURATION_S} s each)`)
        console.log(`  ${describe(store.steady)} (budget ≥ ${INGEST_EVENTS_PER_SECOND} events/s, p99 < ${INGEST_P99_MS} ms)`)
        console.log(`  ${describe(store.high)}`)
        if (store.steady.eventsPerSecond < INGEST_EVENTS_PER_SECOND * 0.98 || store.steady.p99 >= INGEST_P99_MS || store.steady.failed) {
          failures.push(`store: ${store.steady.eventsPerSecond} events/s, p99 ${store.steady.p99} ms at ${INGEST_EVENTS_PER_SECOND} offered`)
        }
      }
    }
    if (cases.has('dashboard')) {
      const cookie = await signIn(DASHBOARD_LEARNER.phone, DASHBOARD_LEARNER.password)
      const page = await measureSignedIn('/hoc-tap', cookie)
      console.log(
        `\nDashboard (/hoc-tap) of the learner with ${DASHBOARD_LEARNER.events} events: server p50 ${page.serverP50} ms, p99 ${page.serverP99} ms one request at a time (${page.samples} samples; budget ${DASHBOARD_BUDGET_MS} ms); ${CONNECTIONS} connections: ${page.rps} req/s, server p50 ${page.loadedServerP50} ms, p99 ${page.loadedServerP99} ms`,
      )
      if (page.errors || page.non2xx) failures.push(`dashboard: ${page.errors} errors, ${page.non2xx} non-2xx`)
      if (page.serverP99 >= DASHBOARD_BUDGET_MS) failures.push(`dashboard: server p99 ${page.serverP99} ms, not under ${DASHBOARD_BUDGET_MS} ms`)
      if (scale) {
        // A learner like most: about a hundred statements.
        const typical = await measureSignedIn('/hoc-tap', await signIn(scaleLearnerPhone(4_321), DASHBOARD_LEARNER.password))
        console.log(
          `Dashboard of a typical learner: server p50 ${typical.serverP50} ms, p99 ${typical.serverP99} ms one at a time; ${CONNECTIONS} connections: ${typical.rps} req/s, server p50 ${typical.loadedServerP50} ms, p99 ${typical.loadedServerP99} ms`,
        )
        if (typical.errors || typical.non2xx) failures.push(`dashboard (typical learner): ${typical.errors} errors, ${typical.non2xx} non-2xx`)
      }
    }
    if (cases.has('course')) {
      const cookie = await signIn(DASHBOARD_LEARNER.phone, DASHBOARD_LEARNER.password)
      const page = await measureSignedIn('/khoa-hoc/lam-quen-vneid', cookie)
      console.log(
        `\nCourse page (/khoa-hoc/lam-quen-vneid), signed in as the ${DASHBOARD_LEARNER.events}-event learner: server p50 ${page.serverP50} ms, p99 ${page.serverP99} ms one request at a time; ${CONNECTIONS} connections: ${page.rps} req/s, server p50 ${page.loadedServerP50} ms, p99 ${page.loadedServerP99} ms`,
      )
      if (page.errors || page.non2xx) failures.push(`course page: ${page.errors} errors, ${page.non2xx} non-2xx`)
    }
    if (cases.has('certificate-pdf')) {
      const pdf = await measureCertificatePdf()
      console.log(
        `\nCertificate PDF in-process, one core: ${pdf.perSecond} PDFs/s, p50 ${pdf.p50.toFixed(1)} ms, p99 ${pdf.p99.toFixed(1)} ms per PDF (budget 50 ms), ${(pdf.bytes / 1024).toFixed(1)} KB (budget 100 KB)`,
      )
      if (pdf.p50 >= 50) failures.push(`certificate PDF: p50 ${pdf.p50.toFixed(1)} ms, not under 50 ms`)
      if (pdf.bytes >= 100_000) failures.push(`certificate PDF: ${pdf.bytes} bytes, not under 100 KB`)
    }
    if (cases.has('verify')) {
      const code = await seedCertificate(databaseFile)
      const url = `http://127.0.0.1:${APP_PORT}/verify/${code}`
      const check = await fetch(url)
      if (check.status !== 200 || !(await check.text()).includes('Hợp lệ')) throw new Error(`/verify/${code} did not answer "Hợp lệ"`)
      await autocannon({ url, connections: 4, duration: 2 })
      const run = await load(url)
      console.log(`\nVerify page (/verify/<code>, signature checked on every request, ${CONNECTIONS} connections, ${DURATION_S} s): ${run.rps} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms`)
      if (run.errors || run.non2xx) failures.push(`verify: ${run.errors} errors, ${run.non2xx} non-2xx`)
    }
    if (cases.has('report')) {
      // The organisation admin of the province that holds every seeded learner.
      const cookie = await signIn(SCALE_ORG_ADMIN.phone, SCALE_ORG_ADMIN.password)
      const db = new Database(databaseFile, { readonly: true })
      const learners = (db.prepare(`SELECT COUNT(*) AS n FROM "User" WHERE "role" = 'LEARNER' AND "deletedAt" IS NULL`).get() as { n: number }).n
      db.close()
      const pagePath = `/quan-ly/bao-cao/${SCALE_PROVINCE.id}`
      const page = await measureSequential(pagePath, cookie, REPORT_SAMPLES)
      console.log(
        `\nOrganisation report (${pagePath}), province of ${learners.toLocaleString('en')} learners, one request at a time: server p50 ${page.serverP50} ms, p99 ${page.serverP99} ms (${page.samples} samples; budget ${REPORT_BUDGET_MS} ms); client p50 ${page.clientP50} ms`,
      )
      const csv = await measureSequential(`${pagePath}/csv`, cookie, 10)
      console.log(`CSV export of the same report: server p50 ${csv.serverP50} ms, p99 ${csv.serverP99} ms (${csv.samples} samples)`)
      if (page.non2xx || csv.non2xx) failures.push(`report: ${page.non2xx + csv.non2xx} non-2xx`)
      if (page.serverP99 >= REPORT_BUDGET_MS) failures.push(`report: server p99 ${page.serverP99} ms, not under ${REPORT_BUDGET_MS} ms`)
    }
    if (cases.has('class')) {
      // The seeded class of 500 learners with 12 assignments, as its trainer sees it.
      const cookie = await signIn(BENCH_CLASS.trainer.phone, BENCH_CLASS.trainer.password)
      const db = new Database(databaseFile, { readonly: true })
      const shape = db
        .prepare(`SELECT (SELECT COUNT(*) FROM "ClassMember" WHERE "classId" = ?) AS members, (SELECT COUNT(*) FROM "Assignment" WHERE "classId" = ?) AS assignments`)
        .get(BENCH_CLASS.id, BENCH_CLASS.id) as { members: number; assignments: number }
      db.close()
      const pagePath = `/lop-hoc/${BENCH_CLASS.id}/tien-do`
      const page = await measureSequential(pagePath, cookie, REPORT_SAMPLES)
      console.log(
        `\nClass progress matrix (${pagePath}), ${shape.members} learners × ${shape.assignments} assignments, one request at a time: server p50 ${page.serverP50} ms, p99 ${page.serverP99} ms (${page.samples} samples; budget ${MATRIX_BUDGET_MS} ms); client p50 ${page.clientP50} ms`,
      )
      const xlsx = await measureSequential(`${pagePath}/bang-tien-do.xlsx`, cookie, 10)
      console.log(`XLSX export of the same matrix: server p50 ${xlsx.serverP50} ms, p99 ${xlsx.serverP99} ms (${xlsx.samples} samples)`)
      if (page.non2xx || xlsx.non2xx) failures.push(`class: ${page.non2xx + xlsx.non2xx} non-2xx`)
      if (page.serverP99 >= MATRIX_BUDGET_MS) failures.push(`class matrix: server p99 ${page.serverP99} ms, not under ${MATRIX_BUDGET_MS} ms`)
    }
    if (failures.length) {
      console.error(`\n✖ Budget exceeded:\n  - ${failures.join('\n  - ')}`)
      process.exitCode = 1
    } else {
      console.log('\n✔ Within budget')
    }
  } finally {
    app.kill('SIGTERM')
    // The fresh database goes; a large one is kept for the next run.
    for (const file of readdirSync(TMP)) if (file.startsWith('bench.db') || file.endsWith('.html')) rmSync(path.join(TMP, file), { force: true })
  }
}

await main()
