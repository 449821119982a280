import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import { Prisma } from '#generated/prisma/client'
import { getCatalog } from '~/content/catalog.server'
import { prisma } from '~/db.server'
import { randomId } from '~/lib/ids'
import { appSecret } from '~/lib/secret.server'
import { type LearningEventInput, deriveEventId } from './events'
import { recordEvents } from './record.server'

// Anyone can learn without an account. A guest's progress lives in their
// browser, in one signed cookie the server reads and writes on each form
// post, so it works the same with and without JavaScript and the pages can
// show it when rendered. The signature stops a hand-made cookie from
// claiming lessons or a passed quiz that then merge into an account and
// count towards a certificate. See docs/decisions/009-learning-records.md.
export const GUEST_COOKIE = 'hs_guest'
const MAX_AGE_S = 180 * 24 * 60 * 60
// Browsers keep at least 4,096 bytes per cookie; stay well below.
const MAX_COOKIE_BYTES = 3_500

type Mode = 'guided' | 'practice' | 'check'

// Times are whole seconds since the epoch: the cookie has no room for more,
// and a merged statement one second off is the same for every page.
export type GuestLessonTimes = { firstOpenedAt: number | null; lastOpenedAt: number | null; completedAt: number | null; timeSpentSec: number }
export type GuestQuizDetail = { correct: number; total: number; durationSec: number; at: number }
export type GuestSimulatorResult = {
  mode: Mode
  percent: number
  passed: boolean
  // What a signed-in learner's attempt row holds, so the merged row is the
  // same; absent in cookies written before version 2.
  steps?: number
  firstTry?: number
  mistakes?: number
  hintsUsed?: number
  durationSec?: number
  at?: number
}

export type GuestProgress = {
  // Names this browser's guest record, so that a merge happens once.
  id: string
  updatedAt: number
  // "course/lesson" last read, for "Học tiếp".
  last: string | null
  // Lessons are stored as short hashes of their slugs to keep the cookie small.
  courses: Record<string, { lessons: string[]; quiz: number | null }>
  simulators: Record<string, GuestSimulatorResult>
  // When each lesson was opened and read, keyed "course/lessonKey": what the
  // merged statements need for the account's lesson rows to match a
  // signed-in learner's. Detail only; may be dropped to fit the cookie.
  lessons: Record<string, GuestLessonTimes>
  // The best quiz attempt's score and time, per course.
  quizzes: Record<string, GuestQuizDetail>
}

// Version 1: JSON, base64url. Version 2 adds the times and scores above and,
// to stay inside the budget with them, is deflated: "v2" + base64url(deflate(JSON)).
// A v1 payload always starts "ey" (base64 of '{"'), so the two never collide;
// v1 cookies are still read, and rewritten as v2 at the next post.
type WireV1 = { v: 1; i: string; u: number; l?: string; c: Record<string, [string[], number | null]>; s: Record<string, [Mode, number, 0 | 1]> }
// Times in v2 are seconds before `u`, short numbers rather than epoch values.
type WireSim = [Mode, number, 0 | 1] | [Mode, number, 0 | 1, number, number, number, number, number, number]
type WireV2 = {
  v: 2
  i: string
  u: number
  l?: string
  c: Record<string, [string[], number | null] | [string[], number | null, [number, number, number, number]]>
  s: Record<string, WireSim>
  t?: Record<string, Record<string, [number | null, number | null, number | null, number]>>
}
const V2_PREFIX = 'v2'
// A deflated payload may not expand past this when read (a forged one cannot,
// as it is signed, but the bound costs nothing).
const MAX_JSON_BYTES = 32_000
// Re-opening a lesson within this window is the same visit, for guests as
// for signed-in learners (track.server.ts).
export const REOPEN_MS = 30 * 60 * 1000

export function lessonKey(slug: string): string {
  return createHash('sha256').update(slug).digest('base64url').slice(0, 6)
}

function sign(payload: string): string {
  return createHmac('sha256', appSecret()).update(`guest:${payload}`).digest('base64url').slice(0, 22)
}

export function emptyGuest(now = Date.now()): GuestProgress {
  return { id: randomId(16), updatedAt: Math.floor(now / 1000), last: null, courses: {}, simulators: {}, lessons: {}, quizzes: {} }
}

function toWire(guest: GuestProgress, { details }: { details: boolean }): WireV2 {
  const u = guest.updatedAt
  const ago = (at: number) => Math.max(0, u - at)
  const agoOrNull = (at: number | null) => (at === null ? null : ago(at))
  const c: WireV2['c'] = {}
  for (const [slug, course] of Object.entries(guest.courses)) {
    const quiz = details ? guest.quizzes[slug] : undefined
    c[slug] = quiz ? [course.lessons, course.quiz, [quiz.correct, quiz.total, quiz.durationSec, ago(quiz.at)]] : [course.lessons, course.quiz]
  }
  const s: WireV2['s'] = {}
  for (const [id, sim] of Object.entries(guest.simulators)) {
    const base: [Mode, number, 0 | 1] = [sim.mode, sim.percent, sim.passed ? 1 : 0]
    s[id] =
      details && sim.steps !== undefined && sim.at !== undefined
        ? [...base, sim.steps, sim.firstTry ?? 0, sim.mistakes ?? 0, sim.hintsUsed ?? 0, sim.durationSec ?? 0, ago(sim.at)]
        : base
  }
  const t: NonNullable<WireV2['t']> = {}
  for (const [key, times] of Object.entries(guest.lessons)) {
    const [course = '', lesson = ''] = key.split('/')
    ;(t[course] ??= {})[lesson] = [agoOrNull(times.firstOpenedAt), agoOrNull(times.lastOpenedAt), agoOrNull(times.completedAt), times.timeSpentSec]
  }
  return { v: 2, i: guest.id, u, ...(guest.last ? { l: guest.last } : {}), c, s, ...(Object.keys(t).length ? { t } : {}) }
}

function wireValue(wire: WireV2): string {
  const payload = V2_PREFIX + deflateRawSync(Buffer.from(JSON.stringify(wire)), { level: 9 }).toString('base64url')
  return `${payload}.${sign(payload)}`
}

// The details are what gives way when the cookie would outgrow its budget:
// first the times of lessons opened but not read (oldest first), then those
// of lessons read, then the quiz and simulator scores. What counts towards a
// course (lessons read, best quiz, best simulator) is never dropped here.
export function encodeGuest(guest: GuestProgress): string {
  let value = wireValue(toWire(guest, { details: true }))
  if (value.length <= MAX_COOKIE_BYTES) return value
  const droppable = Object.entries(guest.lessons)
    .sort(([, a], [, b]) => Number(a.completedAt !== null) - Number(b.completedAt !== null) || (a.lastOpenedAt ?? 0) - (b.lastOpenedAt ?? 0))
    .map(([key]) => key)
  const lessons = { ...guest.lessons }
  for (const key of droppable) {
    delete lessons[key]
    value = wireValue(toWire({ ...guest, lessons }, { details: true }))
    if (value.length <= MAX_COOKIE_BYTES) return value
  }
  return wireValue(toWire({ ...guest, lessons: {} }, { details: false }))
}

const SLUG = /^[a-z0-9-]{1,80}$/
const KEY = /^[A-Za-z0-9_-]{6}$/

const count = (value: unknown, max: number): value is number => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= max
// Ten years of seconds: any real "seconds before" fits.
const MAX_AGO = 10 * 365 * 24 * 3600
const MAX_SPENT = 30 * 24 * 3600

function parsePayload(payload: string): WireV1 | WireV2 {
  if (!payload.startsWith(V2_PREFIX)) return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as WireV1
  const json = inflateRawSync(Buffer.from(payload.slice(V2_PREFIX.length), 'base64url'), { maxOutputLength: MAX_JSON_BYTES })
  return JSON.parse(json.toString('utf8')) as WireV2
}

// Anything unsigned, tampered, or malformed reads as "no progress": never an error page.
export function decodeGuest(value: string | undefined | null): GuestProgress | null {
  if (!value || value.length > MAX_COOKIE_BYTES) return null
  const parts = value.split('.')
  if (parts.length !== 2) return null
  const [payload = '', signature = ''] = parts
  // Compared as bytes: a signature of the right length in characters but not
  // in bytes (non-ASCII in the header) must read as wrong, not throw.
  const given = Buffer.from(signature)
  const expected = Buffer.from(sign(payload))
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
  try {
    const wire = parsePayload(payload)
    const v2 = payload.startsWith(V2_PREFIX)
    if (wire.v !== (v2 ? 2 : 1) || typeof wire.i !== 'string' || !/^[0-9a-z]{16}$/.test(wire.i) || !Number.isInteger(wire.u)) return null
    const u = wire.u
    const at = (ago: unknown): number | null => (count(ago, MAX_AGO) ? u - ago : null)
    const courses: GuestProgress['courses'] = {}
    const quizzes: GuestProgress['quizzes'] = {}
    for (const [slug, entry] of Object.entries(wire.c ?? {})) {
      if (!SLUG.test(slug) || !Array.isArray(entry)) return null
      const [lessons, quiz, detail] = entry as [unknown, unknown, unknown]
      if (!Array.isArray(lessons) || !lessons.every((key) => typeof key === 'string' && KEY.test(key))) return null
      if (quiz !== null && !count(quiz, 100)) return null
      courses[slug] = { lessons: lessons as string[], quiz: quiz as number | null }
      if (v2 && detail !== undefined) {
        if (!Array.isArray(detail) || detail.length !== 4) return null
        const [correct, total, durationSec, ago] = detail as unknown[]
        const when = at(ago)
        if (!count(correct, 1000) || !count(total, 1000) || !count(durationSec, MAX_SPENT) || when === null) return null
        quizzes[slug] = { correct, total, durationSec, at: when }
      }
    }
    const simulators: GuestProgress['simulators'] = {}
    for (const [id, entry] of Object.entries(wire.s ?? {})) {
      if (!SLUG.test(id) || !Array.isArray(entry)) return null
      const [mode, percent, passed, ...detail] = entry as unknown[]
      if (!['guided', 'practice', 'check'].includes(mode as string) || !count(percent, 100)) return null
      const sim: GuestSimulatorResult = { mode: mode as Mode, percent, passed: passed === 1 }
      if (v2 && detail.length) {
        const [steps, firstTry, mistakes, hintsUsed, durationSec, ago] = detail
        const when = at(ago)
        if (detail.length !== 6 || !count(steps, 1000) || !count(firstTry, 1000) || !count(mistakes, 100_000) || !count(hintsUsed, 100_000)) return null
        if (!count(durationSec, MAX_SPENT) || when === null) return null
        Object.assign(sim, { steps, firstTry, mistakes, hintsUsed, durationSec, at: when })
      }
      simulators[id] = sim
    }
    const lessonTimes: GuestProgress['lessons'] = {}
    const t = v2 ? (wire as WireV2).t : undefined
    if (t !== undefined && (!t || typeof t !== 'object' || Array.isArray(t))) return null
    for (const [course, entries] of Object.entries(t ?? {})) {
      if (!SLUG.test(course) || !entries || typeof entries !== 'object' || Array.isArray(entries)) return null
      for (const [key, times] of Object.entries(entries)) {
        if (!KEY.test(key) || !Array.isArray(times) || times.length !== 4) return null
        const [first, last, done, spent] = times as unknown[]
        if (![first, last, done].every((ago) => ago === null || count(ago, MAX_AGO)) || !count(spent, MAX_SPENT)) return null
        lessonTimes[`${course}/${key}`] = { firstOpenedAt: at(first), lastOpenedAt: at(last), completedAt: at(done), timeSpentSec: spent }
      }
    }
    const last = typeof wire.l === 'string' && /^[a-z0-9-]{1,80}\/[a-z0-9-]{1,80}$/.test(wire.l) ? wire.l : null
    return { id: wire.i, updatedAt: u, last, courses, simulators, lessons: lessonTimes, quizzes }
  } catch {
    return null
  }
}

export function readGuest(request: Request): GuestProgress | null {
  const header = request.headers.get('Cookie') ?? ''
  const match = new RegExp(`(?:^|;\\s*)${GUEST_COOKIE}=([^;]*)`).exec(header)
  return decodeGuest(match?.[1])
}

export function guestCookie(guest: GuestProgress, { secure }: { secure: boolean }): string {
  return `${GUEST_COOKIE}=${encodeGuest(guest)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${MAX_AGE_S}${secure ? '; Secure' : ''}`
}

export function clearGuestCookie({ secure }: { secure: boolean }): string {
  return `${GUEST_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`
}

// Never moves back, so every time in the record is at or before it: the
// cookie writes times as seconds before updatedAt.
function touched(guest: GuestProgress, now: number): GuestProgress {
  return { ...guest, updatedAt: Math.max(guest.updatedAt, Math.floor(now / 1000)) }
}

const NO_TIMES: GuestLessonTimes = { firstOpenedAt: null, lastOpenedAt: null, completedAt: null, timeSpentSec: 0 }
const timesKey = (course: string, lesson: string) => `${course}/${lessonKey(lesson)}`

/** When this guest opened and read a lesson, if the cookie knows. */
export function guestLessonTimes(guest: GuestProgress, course: string, lesson: string): GuestLessonTimes | null {
  return guest.lessons[timesKey(course, lesson)] ?? null
}

// As for a signed-in learner: an opening within REOPEN_MS of the last one is
// the same visit and changes nothing but "Học tiếp".
export function guestOpenedLesson(guest: GuestProgress, course: string, lesson: string, now = Date.now()): GuestProgress {
  const key = timesKey(course, lesson)
  const times = guest.lessons[key] ?? NO_TIMES
  const seconds = Math.floor(now / 1000)
  const sameVisit = times.lastOpenedAt !== null && now - times.lastOpenedAt * 1000 < REOPEN_MS
  const lessons = sameVisit
    ? guest.lessons
    : { ...guest.lessons, [key]: { ...times, firstOpenedAt: times.firstOpenedAt ?? seconds, lastOpenedAt: seconds } }
  return { ...touched(guest, now), last: `${course}/${lesson}`, lessons }
}

// `durationSec` is the time on the page, worked out by the caller the same
// way as for a signed-in learner. A lesson read with no opening on record
// (its page was the guest's first, served before there was a cookie to
// write) counts as opened when it was read: later than the truth, never empty.
export function guestCompletedLesson(guest: GuestProgress, course: string, lesson: string, now = Date.now(), durationSec = 0): GuestProgress {
  const entry = guest.courses[course] ?? { lessons: [], quiz: null }
  const key = lessonKey(lesson)
  const lessons = entry.lessons.includes(key) ? entry.lessons : [...entry.lessons, key]
  const seconds = Math.floor(now / 1000)
  const times = guest.lessons[timesKey(course, lesson)] ?? NO_TIMES
  const updated: GuestLessonTimes = {
    firstOpenedAt: times.firstOpenedAt ?? seconds,
    lastOpenedAt: times.lastOpenedAt ?? seconds,
    completedAt: times.completedAt ?? seconds,
    timeSpentSec: times.timeSpentSec + Math.max(0, Math.round(durationSec)),
  }
  return {
    ...touched(guest, now),
    last: `${course}/${lesson}`,
    courses: { ...guest.courses, [course]: { ...entry, lessons } },
    lessons: { ...guest.lessons, [timesKey(course, lesson)]: updated },
  }
}

// Keeps the best percent, and the score and time of the attempt that first reached it.
export function guestQuiz(
  guest: GuestProgress,
  course: string,
  percent: number,
  now = Date.now(),
  detail?: { correct: number; total: number; durationSec: number },
): GuestProgress {
  const entry = guest.courses[course] ?? { lessons: [], quiz: null }
  const better = entry.quiz === null || percent > entry.quiz
  const quizzes = detail && (better || !guest.quizzes[course]) ? { ...guest.quizzes, [course]: { ...detail, at: Math.floor(now / 1000) } } : guest.quizzes
  return { ...touched(guest, now), courses: { ...guest.courses, [course]: { ...entry, quiz: Math.max(entry.quiz ?? 0, percent) } }, quizzes }
}

// Keeps the best result per scenario, a check-mode pass above all, with the
// attempt's counts and time when given.
export function guestSimulator(guest: GuestProgress, id: string, result: Omit<GuestSimulatorResult, 'at'>, now = Date.now()): GuestProgress {
  const current = guest.simulators[id]
  const rank = (sim: { mode: Mode; percent: number; passed: boolean }) => (sim.mode === 'check' && sim.passed ? 1000 : 0) + sim.percent
  const candidate: GuestSimulatorResult = result.steps === undefined ? result : { ...result, at: Math.floor(now / 1000) }
  const best = !current || rank(result) >= rank(current) ? candidate : current
  return { ...touched(guest, now), simulators: { ...guest.simulators, [id]: best } }
}

// The lesson slugs of a course this guest has read, resolved against the
// current content (a lesson removed since then simply drops out).
export function guestCompletedLessons(guest: GuestProgress, courseSlug: string, lessonSlugs: string[]): Set<string> {
  const keys = new Set(guest.courses[courseSlug]?.lessons ?? [])
  return new Set(lessonSlugs.filter((slug) => keys.has(lessonKey(slug))))
}

export function hasGuestProgress(guest: GuestProgress | null): guest is GuestProgress {
  // Opening lessons alone is not progress to keep (and gets no cookie).
  return !!guest && (Object.keys(guest.courses).length > 0 || Object.keys(guest.simulators).length > 0)
}

// On sign-up or login: the guest's progress becomes statements in the
// account's log. Ids derive from the guest record and what was done, so a
// merge repeated (two tabs, a retried post) adds nothing; the caller then
// clears the cookie.
export async function mergeGuestProgress(userId: string, guest: GuestProgress, now = new Date()) {
  const catalog = getCatalog()
  // A cookie written before version 2 has no times: its statements carry the
  // cookie's last update, as they always did.
  const fallback = Math.min(guest.updatedAt * 1000, now.getTime())
  const when = (seconds: number | null | undefined) => new Date(seconds === null || seconds === undefined ? fallback : Math.min(seconds * 1000, now.getTime()))
  const context = { source: 'guest' as const, version: catalog.version, attempt: guest.id }
  const events: LearningEventInput[] = []
  for (const course of catalog.courses) {
    const entry = guest.courses[course.slug]
    const read = guestCompletedLessons(guest, course.slug, course.lessons.map((lesson) => lesson.slug))
    const lessonContext = { ...context, course: course.slug }
    for (const { slug } of course.lessons) {
      const object = { type: 'lesson' as const, id: `${course.slug}/${slug}` }
      const times = guestLessonTimes(guest, course.slug, slug)
      // The first and the last opening are what the lesson row keeps; the
      // visits between them change nothing a page shows.
      if (times?.firstOpenedAt != null) {
        events.push({ id: await deriveEventId('guest', guest.id, userId, 'opened', course.slug, slug, 'first'), verb: 'experienced', object, context: lessonContext, timestamp: when(times.firstOpenedAt) })
      }
      if (times?.lastOpenedAt != null && times.lastOpenedAt !== times.firstOpenedAt) {
        events.push({ id: await deriveEventId('guest', guest.id, userId, 'opened', course.slug, slug, 'last'), verb: 'experienced', object, context: lessonContext, timestamp: when(times.lastOpenedAt) })
      }
      if (!read.has(slug)) continue
      events.push({
        id: await deriveEventId('guest', guest.id, userId, 'lesson', course.slug, slug),
        verb: 'completed',
        object,
        ...(times ? { result: { success: true, durationSec: times.timeSpentSec } } : {}),
        context: lessonContext,
        timestamp: when(times?.completedAt),
      })
    }
    if (entry && entry.quiz !== null) {
      const passed = entry.quiz >= course.completion.quizPassPercent
      const detail = guest.quizzes[course.slug]
      events.push({
        id: await deriveEventId('guest', guest.id, userId, 'quiz', course.slug),
        verb: passed ? 'passed' : 'failed',
        object: { type: 'quiz', id: course.slug },
        result: { success: passed, percent: entry.quiz, ...(detail ? { raw: detail.correct, max: detail.total, durationSec: detail.durationSec } : {}) },
        context: lessonContext,
        timestamp: when(detail?.at),
      })
    }
  }
  const scenarios = new Set(catalog.simulators.map((scenario) => scenario.id))
  for (const [id, sim] of Object.entries(guest.simulators)) {
    if (!scenarios.has(id)) continue
    // The same result a signed-in learner's finished attempt carries (track.server.ts).
    const counts =
      sim.steps === undefined
        ? {}
        : { raw: sim.firstTry ?? 0, max: sim.steps, firstTry: sim.firstTry ?? 0, mistakes: sim.mistakes ?? 0, hintsUsed: sim.hintsUsed ?? 0, durationSec: sim.durationSec ?? 0 }
    events.push({
      id: await deriveEventId('guest', guest.id, userId, 'simulator', id),
      verb: 'completed',
      object: { type: 'simulator', id },
      result: { success: sim.passed, percent: sim.percent, ...counts },
      context: { ...context, mode: sim.mode },
      timestamp: when(sim.at),
    })
  }
  return recordEvents(userId, events)
}

// A guest record joins the first account it is merged into and no other: a
// copy of the cookie (it is only a signed value, and can be copied to other
// browsers) must not mint the same lessons, quiz and certificate in several
// accounts. The claim is a row keyed by the guest id, so the database
// decides between concurrent sign-ups in any process; the same account
// claiming again (a retried post, a merge that failed half-way) may go on,
// since the merged statements' ids make a repeat add nothing.
export async function claimGuestRecord(guestId: string, userId: string): Promise<boolean> {
  try {
    await prisma.guestMerge.create({ data: { guestId, userId } })
    return true
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') throw error
    const claim = await prisma.guestMerge.findUnique({ where: { guestId }, select: { userId: true } })
    return claim?.userId === userId
  }
}

// After sign-up or login: a guest's progress joins the account, then the
// cookie goes. Returns the cookie that clears it, or nothing to do. A failed
// merge never blocks the login; the cookie stays so the next login retries.
export async function adoptGuestProgress(request: Request, userId: string, { secure }: { secure: boolean }): Promise<string[]> {
  const guest = readGuest(request)
  if (!guest) return []
  if (!hasGuestProgress(guest)) return [clearGuestCookie({ secure })]
  try {
    if (await claimGuestRecord(guest.id, userId)) await mergeGuestProgress(userId, guest)
    return [clearGuestCookie({ secure })]
  } catch (error) {
    console.warn(JSON.stringify({ level: 'warn', msg: 'guest progress merge failed', error: error instanceof Error ? error.message : String(error) }))
    return []
  }
}
