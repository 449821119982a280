import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
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
// count towards a certificate. See docs/decisions/009-guest-progress.md.
export const GUEST_COOKIE = 'hs_guest'
const MAX_AGE_S = 180 * 24 * 60 * 60
// Browsers keep at least 4,096 bytes per cookie; stay well below.
const MAX_COOKIE_BYTES = 3_500

type Mode = 'guided' | 'practice' | 'check'

export type GuestProgress = {
  // Names this browser's guest record, so that a merge happens once.
  id: string
  updatedAt: number
  // "course/lesson" last read, for "Học tiếp".
  last: string | null
  // Lessons are stored as short hashes of their slugs to keep the cookie small.
  courses: Record<string, { lessons: string[]; quiz: number | null }>
  simulators: Record<string, { mode: Mode; percent: number; passed: boolean }>
}

type Wire = { v: 1; i: string; u: number; l?: string; c: Record<string, [string[], number | null]>; s: Record<string, [Mode, number, 0 | 1]> }

export function lessonKey(slug: string): string {
  return createHash('sha256').update(slug).digest('base64url').slice(0, 6)
}

function sign(payload: string): string {
  return createHmac('sha256', appSecret()).update(`guest:${payload}`).digest('base64url').slice(0, 22)
}

export function emptyGuest(now = Date.now()): GuestProgress {
  return { id: randomId(16), updatedAt: Math.floor(now / 1000), last: null, courses: {}, simulators: {} }
}

export function encodeGuest(guest: GuestProgress): string {
  const wire: Wire = {
    v: 1,
    i: guest.id,
    u: guest.updatedAt,
    ...(guest.last ? { l: guest.last } : {}),
    c: Object.fromEntries(Object.entries(guest.courses).map(([slug, course]) => [slug, [course.lessons, course.quiz]])),
    s: Object.fromEntries(Object.entries(guest.simulators).map(([id, sim]) => [id, [sim.mode, sim.percent, sim.passed ? 1 : 0]])),
  }
  const payload = Buffer.from(JSON.stringify(wire)).toString('base64url')
  return `${payload}.${sign(payload)}`
}

const SLUG = /^[a-z0-9-]{1,80}$/
const KEY = /^[A-Za-z0-9_-]{6}$/

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
    const wire = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Wire
    if (wire.v !== 1 || typeof wire.i !== 'string' || !/^[0-9a-z]{16}$/.test(wire.i) || !Number.isInteger(wire.u)) return null
    const courses: GuestProgress['courses'] = {}
    for (const [slug, entry] of Object.entries(wire.c ?? {})) {
      if (!SLUG.test(slug) || !Array.isArray(entry)) return null
      const [lessons, quiz] = entry
      if (!Array.isArray(lessons) || !lessons.every((key) => typeof key === 'string' && KEY.test(key))) return null
      if (quiz !== null && !(Number.isInteger(quiz) && quiz >= 0 && quiz <= 100)) return null
      courses[slug] = { lessons, quiz }
    }
    const simulators: GuestProgress['simulators'] = {}
    for (const [id, entry] of Object.entries(wire.s ?? {})) {
      if (!SLUG.test(id) || !Array.isArray(entry)) return null
      const [mode, percent, passed] = entry
      if (!['guided', 'practice', 'check'].includes(mode) || !(Number.isInteger(percent) && percent >= 0 && percent <= 100)) return null
      simulators[id] = { mode, percent, passed: passed === 1 }
    }
    const last = typeof wire.l === 'string' && /^[a-z0-9-]{1,80}\/[a-z0-9-]{1,80}$/.test(wire.l) ? wire.l : null
    return { id: wire.i, updatedAt: wire.u, last, courses, simulators }
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

function touched(guest: GuestProgress, now: number): GuestProgress {
  return { ...guest, updatedAt: Math.floor(now / 1000) }
}

export function guestOpenedLesson(guest: GuestProgress, course: string, lesson: string, now = Date.now()): GuestProgress {
  return { ...touched(guest, now), last: `${course}/${lesson}` }
}

export function guestCompletedLesson(guest: GuestProgress, course: string, lesson: string, now = Date.now()): GuestProgress {
  const entry = guest.courses[course] ?? { lessons: [], quiz: null }
  const key = lessonKey(lesson)
  const lessons = entry.lessons.includes(key) ? entry.lessons : [...entry.lessons, key]
  return { ...touched(guest, now), last: `${course}/${lesson}`, courses: { ...guest.courses, [course]: { ...entry, lessons } } }
}

export function guestQuiz(guest: GuestProgress, course: string, percent: number, now = Date.now()): GuestProgress {
  const entry = guest.courses[course] ?? { lessons: [], quiz: null }
  return { ...touched(guest, now), courses: { ...guest.courses, [course]: { ...entry, quiz: Math.max(entry.quiz ?? 0, percent) } } }
}

// Keeps the best result per scenario, a check-mode pass above all.
export function guestSimulator(guest: GuestProgress, id: string, result: { mode: Mode; percent: number; passed: boolean }, now = Date.now()): GuestProgress {
  const current = guest.simulators[id]
  const rank = (sim: { mode: Mode; percent: number; passed: boolean }) => (sim.mode === 'check' && sim.passed ? 1000 : 0) + sim.percent
  const best = !current || rank(result) >= rank(current) ? result : current
  return { ...touched(guest, now), simulators: { ...guest.simulators, [id]: best } }
}

// The lesson slugs of a course this guest has read, resolved against the
// current content (a lesson removed since then simply drops out).
export function guestCompletedLessons(guest: GuestProgress, courseSlug: string, lessonSlugs: string[]): Set<string> {
  const keys = new Set(guest.courses[courseSlug]?.lessons ?? [])
  return new Set(lessonSlugs.filter((slug) => keys.has(lessonKey(slug))))
}

export function hasGuestProgress(guest: GuestProgress | null): guest is GuestProgress {
  return !!guest && (Object.keys(guest.courses).length > 0 || Object.keys(guest.simulators).length > 0)
}

// On sign-up or login: the guest's progress becomes statements in the
// account's log. Ids derive from the guest record and what was done, so a
// merge repeated (two tabs, a retried post) adds nothing; the caller then
// clears the cookie.
export async function mergeGuestProgress(userId: string, guest: GuestProgress, now = new Date()) {
  const catalog = getCatalog()
  const at = new Date(Math.min(guest.updatedAt * 1000, now.getTime()))
  const context = { source: 'guest' as const, version: catalog.version, attempt: guest.id }
  const events: LearningEventInput[] = []
  for (const course of catalog.courses) {
    const entry = guest.courses[course.slug]
    if (!entry) continue
    for (const slug of guestCompletedLessons(guest, course.slug, course.lessons.map((lesson) => lesson.slug))) {
      events.push({
        id: await deriveEventId('guest', guest.id, userId, 'lesson', course.slug, slug),
        verb: 'completed',
        object: { type: 'lesson', id: `${course.slug}/${slug}` },
        context: { ...context, course: course.slug },
        timestamp: at,
      })
    }
    if (entry.quiz !== null) {
      const passed = entry.quiz >= course.completion.quizPassPercent
      events.push({
        id: await deriveEventId('guest', guest.id, userId, 'quiz', course.slug),
        verb: passed ? 'passed' : 'failed',
        object: { type: 'quiz', id: course.slug },
        result: { success: passed, percent: entry.quiz },
        context: { ...context, course: course.slug },
        timestamp: at,
      })
    }
  }
  const scenarios = new Set(catalog.simulators.map((scenario) => scenario.id))
  for (const [id, sim] of Object.entries(guest.simulators)) {
    if (!scenarios.has(id)) continue
    events.push({
      id: await deriveEventId('guest', guest.id, userId, 'simulator', id),
      verb: 'completed',
      object: { type: 'simulator', id },
      result: { success: sim.passed, percent: sim.percent },
      context: { ...context, mode: sim.mode },
      timestamp: at,
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
