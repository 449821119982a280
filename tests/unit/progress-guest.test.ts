import { createHmac } from 'node:crypto'
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import { afterEach, expect, test, vi } from 'vitest'

// The signing secret must be in place before any app module reads the environment.
const SECRET = vi.hoisted(() => {
  const secret = 'unit-test-secret-for-guest-cookies-0123456789'
  process.env.APP_SECRET = secret
  return secret
})

import {
  GUEST_COOKIE,
  type GuestProgress,
  decodeGuest,
  emptyGuest,
  encodeGuest,
  guestCompletedLesson,
  guestCompletedLessons,
  guestCookie,
  guestOpenedLesson,
  guestQuiz,
  guestSimulator,
  hasGuestProgress,
  lessonKey,
  readGuest,
} from '~/progress/guest.server'

const NOW = Date.parse('2026-11-20T02:15:00Z')

afterEach(() => {
  process.env.APP_SECRET = SECRET
})

// Signs a payload the way the server does, to reach the parser behind the
// signature check. Checked against encodeGuest below.
function signed(payload: string, secret = SECRET): string {
  const signature = createHmac('sha256', secret).update(`guest:${payload}`).digest('base64url').slice(0, 22)
  return `${payload}.${signature}`
}
const signedJson = (value: unknown) => signed(Buffer.from(JSON.stringify(value)).toString('base64url'))
// Version 2 payloads are deflated JSON behind a "v2" prefix.
const v2Payload = (value: unknown) => `v2${deflateRawSync(Buffer.from(JSON.stringify(value))).toString('base64url')}`
const signedV2 = (value: unknown) => signed(v2Payload(value))
const wireOf = (value: string) => JSON.parse(inflateRawSync(Buffer.from(value.split('.')[0]!.slice(2), 'base64url')).toString('utf8')) as Record<string, unknown>

function sampleGuest(): GuestProgress {
  let guest = emptyGuest(NOW)
  guest = guestCompletedLesson(guest, 'lam-quen-vneid', 'vneid-la-gi', NOW)
  guest = guestCompletedLesson(guest, 'lam-quen-vneid', 'dang-ky-va-kich-hoat', NOW)
  guest = guestQuiz(guest, 'lam-quen-vneid', 80, NOW)
  guest = guestQuiz(guest, 'an-toan-tren-moi-truong-so', 40, NOW)
  guest = guestSimulator(guest, 'vneid-doi-passcode', { mode: 'check', percent: 90, passed: true }, NOW)
  guest = guestSimulator(guest, 'portal-dang-nhap-qr', { mode: 'practice', percent: 50, passed: false }, NOW)
  return guestOpenedLesson(guest, 'lam-quen-vneid', 'mat-khau-passcode-otp', NOW + 1000)
}

test('a guest record survives encoding and decoding unchanged', () => {
  const guest = sampleGuest()
  const value = encodeGuest(guest)
  expect(value).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/)
  expect(decodeGuest(value)).toEqual(guest)
  expect(decodeGuest(encodeGuest(emptyGuest(NOW)))).toEqual({ ...emptyGuest(NOW), id: expect.stringMatching(/^[0-9a-z]{16}$/) })
  const empty = emptyGuest(NOW)
  expect(decodeGuest(encodeGuest(empty))).toEqual(empty)
  expect(empty.updatedAt).toBe(Math.floor(NOW / 1000))
  // The helper used below signs exactly as the server does.
  expect(signed(encodeGuest(guest).split('.')[0]!)).toBe(encodeGuest(guest))
})

test('the cookie is read back from the request header', () => {
  const guest = sampleGuest()
  const cookie = guestCookie(guest, { secure: true })
  expect(cookie).toMatch(new RegExp(`^${GUEST_COOKIE}=[^;]+; Path=/; HttpOnly; SameSite=Lax; Max-Age=15552000; Secure$`))
  expect(guestCookie(guest, { secure: false })).not.toContain('Secure')
  const value = cookie.split(';')[0]!
  expect(readGuest(new Request('http://x/', { headers: { Cookie: `theme=dark; ${value}; lang=vi` } }))).toEqual(guest)
  expect(readGuest(new Request('http://x/', { headers: { Cookie: `x${value}` } }))).toBeNull()
  expect(readGuest(new Request('http://x/'))).toBeNull()
})

test('any change to the payload or the signature reads as no progress', () => {
  const value = encodeGuest(sampleGuest())
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  const dot = value.indexOf('.')
  for (let index = 0; index < value.length; index += 1) {
    if (index === dot) continue
    const current = value[index]!
    const replacement = alphabet[(alphabet.indexOf(current) + 1) % alphabet.length]!
    const changed = value.slice(0, index) + replacement + value.slice(index + 1)
    expect(decodeGuest(changed), `character ${index} changed`).toBeNull()
  }
  expect(decodeGuest(value.slice(0, -1))).toBeNull()
  expect(decodeGuest(`${value}A`)).toBeNull()
  expect(decodeGuest(value.slice(1))).toBeNull()
  expect(decodeGuest(value.slice(0, dot))).toBeNull()
  expect(decodeGuest(`${value.slice(0, dot)}.`)).toBeNull()
})

test('a claim made up by hand is refused: a passed quiz needs the server secret', () => {
  const guest = sampleGuest()
  const wire = wireOf(encodeGuest(guest)) as { c: Record<string, [string[], number | null]> }
  wire.c['lam-quen-vneid']![1] = 100
  const forged = v2Payload(wire)
  const [, signature] = encodeGuest(guest).split('.')
  expect(decodeGuest(`${forged}.${signature}`)).toBeNull()
  expect(decodeGuest(signed(forged, 'another-secret-that-is-long-enough-0123'))).toBeNull()
  expect(decodeGuest(signed(forged))?.courses['lam-quen-vneid']?.quiz).toBe(100)
})

test('a cookie signed with another secret reads as no progress', async () => {
  const guest = sampleGuest()
  // The same module, loaded afresh on a server with a different APP_SECRET.
  vi.resetModules()
  process.env.APP_SECRET = 'a-different-server-secret-0123456789abcdef'
  const other = await import('~/progress/guest.server')
  const foreign = other.encodeGuest(guest)
  expect(other.decodeGuest(foreign)).toEqual(guest)
  expect(foreign).not.toBe(encodeGuest(guest))
  expect(decodeGuest(foreign)).toBeNull()
  expect(other.decodeGuest(encodeGuest(guest))).toBeNull()
})

test('malformed cookies read as no progress and never throw', () => {
  const valid = encodeGuest(sampleGuest())
  const [payload = ''] = valid.split('.')
  const unsigned = [
    undefined,
    null,
    '',
    '.',
    '..',
    'abc',
    payload,
    `${payload}.`,
    `.${valid.split('.')[1]}`,
    '%%%.%%%',
    // Bytes a browser may send that are not ASCII: same length in characters, not in bytes.
    `${payload}.${'é'.repeat(22)}`,
    `${payload}.${'€'.repeat(22)}`,
    `${payload}.${'\u0000'.repeat(22)}`,
  ]
  for (const value of unsigned) expect(() => decodeGuest(value), String(value)).not.toThrow()
  for (const value of unsigned) expect(decodeGuest(value), String(value)).toBeNull()
  // Such a header reaches the server as is: every page reading the cookie must still render.
  expect(readGuest(new Request('http://x/', { headers: { Cookie: `${GUEST_COOKIE}=${payload}.${'é'.repeat(22)}` } }))).toBeNull()

  // Signed, so that the parser behind the signature is what is tested.
  const id = 'abcdefghij012345'
  const good = { v: 1, i: id, u: 1_763_600_000, c: {}, s: {} }
  expect(decodeGuest(signedJson(good))).toEqual({ id, updatedAt: 1_763_600_000, last: null, courses: {}, simulators: {}, lessons: {}, quizzes: {} })
  expect(decodeGuest(signedV2({ ...good, v: 2 }))).toEqual({ id, updatedAt: 1_763_600_000, last: null, courses: {}, simulators: {}, lessons: {}, quizzes: {} })
  const good2 = { ...good, v: 2 }
  const key = 'abcdef'
  const bad: [string, string][] = [
    ['not base64', signed('!!!!')],
    ['not JSON', signed(Buffer.from('{"v":1,').toString('base64url'))],
    ['JSON null', signedJson(null)],
    ['JSON number', signedJson(42)],
    ['JSON string', signedJson('hello')],
    ['JSON array', signedJson([1, 2])],
    ['no version', signedJson({ ...good, v: undefined })],
    ['version 2', signedJson({ ...good, v: 2 })],
    ['id too short', signedJson({ ...good, i: 'abc' })],
    ['id upper case', signedJson({ ...good, i: 'ABCDEFGHIJ012345' })],
    ['id a number', signedJson({ ...good, i: 1234567890123456 })],
    ['time not whole', signedJson({ ...good, u: 1.5 })],
    ['time a string', signedJson({ ...good, u: '1763600000' })],
    ['courses a string', signedJson({ ...good, c: 'abc' })],
    ['course slug', signedJson({ ...good, c: { 'Lam Quen': [[], null] } })],
    ['prototype key', signed(Buffer.from(`{"v":1,"i":"${id}","u":1,"c":{"__proto__":[[],null]},"s":{}}`).toString('base64url'))],
    ['course entry not an array', signedJson({ ...good, c: { 'lam-quen-vneid': { lessons: [], quiz: null } } })],
    ['lessons not an array', signedJson({ ...good, c: { 'lam-quen-vneid': ['abcdef', null] } })],
    ['lesson key too long', signedJson({ ...good, c: { 'lam-quen-vneid': [['abcdefg'], null] } })],
    ['lesson key a number', signedJson({ ...good, c: { 'lam-quen-vneid': [[123456], null] } })],
    ['quiz missing', signedJson({ ...good, c: { 'lam-quen-vneid': [[]] } })],
    ['quiz above 100', signedJson({ ...good, c: { 'lam-quen-vneid': [[], 101] } })],
    ['quiz negative', signedJson({ ...good, c: { 'lam-quen-vneid': [[], -1] } })],
    ['quiz fraction', signedJson({ ...good, c: { 'lam-quen-vneid': [[], 66.5] } })],
    ['quiz a string', signedJson({ ...good, c: { 'lam-quen-vneid': [[], '80'] } })],
    ['simulator entry', signedJson({ ...good, s: { 'vneid-doi-passcode': 'check' } })],
    ['simulator mode', signedJson({ ...good, s: { 'vneid-doi-passcode': ['cheat', 100, 1] } })],
    ['simulator percent', signedJson({ ...good, s: { 'vneid-doi-passcode': ['check', 101, 1] } })],
    ['simulator id', signedJson({ ...good, s: { '../admin': ['check', 100, 1] } })],
    // Version 2: the version inside must match the format, and every detail is checked.
    ['v2 payload saying version 1', signedV2(good)],
    ['v2 not deflated', signed(`v2${Buffer.from(JSON.stringify(good2)).toString('base64url')}`)],
    ['v2 quiz detail short', signedV2({ ...good2, c: { 'lam-quen-vneid': [[], 80, [4, 5, 60]] } })],
    ['v2 quiz detail negative', signedV2({ ...good2, c: { 'lam-quen-vneid': [[], 80, [4, 5, -1, 0]] } })],
    ['v2 simulator detail short', signedV2({ ...good2, s: { 'vneid-doi-passcode': ['check', 100, 1, 13, 13] } })],
    ['v2 simulator detail fraction', signedV2({ ...good2, s: { 'vneid-doi-passcode': ['check', 100, 1, 13, 13, 0, 0, 7.5, 0] } })],
    ['v2 lesson times not an object', signedV2({ ...good2, t: [] })],
    ['v2 lesson times course slug', signedV2({ ...good2, t: { 'Lam Quen': { [key]: [0, 0, null, 0] } } })],
    ['v2 lesson times key', signedV2({ ...good2, t: { 'lam-quen-vneid': { 'abc/../x': [0, 0, null, 0] } } })],
    ['v2 lesson times short', signedV2({ ...good2, t: { 'lam-quen-vneid': { [key]: [0, 0, null] } } })],
    ['v2 lesson time negative', signedV2({ ...good2, t: { 'lam-quen-vneid': { [key]: [-5, 0, null, 0] } } })],
    ['v2 lesson time spent a string', signedV2({ ...good2, t: { 'lam-quen-vneid': { [key]: [0, 0, null, '60'] } } })],
  ]
  for (const [name, value] of bad) {
    expect(() => decodeGuest(value), name).not.toThrow()
    expect(decodeGuest(value), name).toBeNull()
  }
  // A malformed "last lesson" is dropped rather than discarding the progress.
  expect(decodeGuest(signedJson({ ...good, l: 'x/../../y' }))).toMatchObject({ id, last: null })
  // Only 1 means passed.
  expect(decodeGuest(signedJson({ ...good, s: { 'vneid-doi-passcode': ['check', 100, true] } }))?.simulators['vneid-doi-passcode']?.passed).toBe(false)
})

test('an oversized cookie reads as no progress, even when signed', () => {
  const simulators = Object.fromEntries(
    Array.from({ length: 60 }, (_, index) => [`kich-ban-mo-phong-so-${String(index).padStart(2, '0')}-rat-dai-de-thu`, ['check', 100, 1]]),
  )
  const value = signedJson({ v: 1, i: 'abcdefghij012345', u: 1_763_600_000, c: {}, s: simulators })
  expect(value.length).toBeGreaterThan(3_500)
  expect(decodeGuest(value)).toBeNull()
  expect(decodeGuest('a'.repeat(100_000))).toBeNull()
})

test('encoding never outgrows the budget: lesson times and scores give way, what counts towards a course stays', () => {
  let guest = emptyGuest(NOW)
  // Slugs that do not compress, far more than any curriculum.
  const slug = (index: number) => `x${createHmac('sha256', 'slug').update(String(index)).digest('hex').slice(0, 40)}`
  for (let index = 0; index < 200; index += 1) {
    const course = `khoa-hoc-${index % 5}`
    guest = guestOpenedLesson(guest, course, slug(index), NOW + index * 3_600_017)
    if (index % 2) guest = guestCompletedLesson(guest, course, slug(index), NOW + index * 3_600_017 + 61_000 + index * 7_000, 60 + index)
  }
  for (let index = 0; index < 16; index += 1) {
    const detail = { steps: 13, firstTry: 7, mistakes: 6, hintsUsed: 1, durationSec: 400 + index }
    guest = guestSimulator(guest, slug(1000 + index), { mode: 'check', percent: 54, passed: false, ...detail }, NOW)
  }
  const value = encodeGuest(guest)
  expect(value.length).toBeLessThanOrEqual(3_500)
  const back = decodeGuest(value)!
  expect(back.courses).toEqual(guest.courses)
  expect(Object.keys(back.simulators)).toEqual(Object.keys(guest.simulators))
  // Some times had to go: those of lessons only opened, the oldest first;
  // what is kept is exactly as it was.
  const dropped = Object.keys(guest.lessons).filter((key) => !(key in back.lessons))
  expect(dropped.length).toBeGreaterThan(0)
  const openedOnly = (key: string) => guest.lessons[key]!.completedAt === null
  if (dropped.every(openedOnly)) {
    const newestDropped = Math.max(...dropped.map((key) => guest.lessons[key]!.lastOpenedAt!))
    for (const key of Object.keys(back.lessons).filter(openedOnly)) expect(guest.lessons[key]!.lastOpenedAt!).toBeGreaterThanOrEqual(newestDropped)
  } else {
    expect(Object.keys(back.lessons).some(openedOnly)).toBe(false)
  }
  for (const [key, times] of Object.entries(back.lessons)) expect(times).toEqual(guest.lessons[key])
})

test('a version 1 cookie is still read, and the next write is version 2', () => {
  const id = 'abcdefghij012345'
  const v1 = signedJson({ v: 1, i: id, u: 1_763_600_000, l: 'lam-quen-vneid/vneid-la-gi', c: { 'lam-quen-vneid': [[lessonKey('vneid-la-gi')], 80] }, s: { 'vneid-doi-passcode': ['check', 90, 1] } })
  const guest = decodeGuest(v1)!
  expect(guest).toEqual({
    id,
    updatedAt: 1_763_600_000,
    last: 'lam-quen-vneid/vneid-la-gi',
    courses: { 'lam-quen-vneid': { lessons: [lessonKey('vneid-la-gi')], quiz: 80 } },
    simulators: { 'vneid-doi-passcode': { mode: 'check', percent: 90, passed: true } },
    lessons: {},
    quizzes: {},
  })
  const next = encodeGuest(guestOpenedLesson(guest, 'lam-quen-vneid', 'vi-giay-to', NOW))
  expect(next.startsWith('v2')).toBe(true)
  expect(decodeGuest(next)).toMatchObject({ id, courses: guest.courses, simulators: guest.simulators })
})

test('lesson times: first and last opening (a re-opening within 30 minutes is the same visit), time read, kept through the cookie', () => {
  const course = 'lam-quen-vneid'
  const key = `${course}/${lessonKey('vneid-la-gi')}`
  let guest = guestCompletedLesson(emptyGuest(NOW), course, 'vi-giay-to', NOW)
  guest = guestOpenedLesson(guest, course, 'vneid-la-gi', NOW + 10_000)
  guest = guestOpenedLesson(guest, course, 'vneid-la-gi', NOW + 20 * 60_000)
  expect(guest.lessons[key]).toEqual({ firstOpenedAt: Math.floor((NOW + 10_000) / 1000), lastOpenedAt: Math.floor((NOW + 10_000) / 1000), completedAt: null, timeSpentSec: 0 })
  guest = guestOpenedLesson(guest, course, 'vneid-la-gi', NOW + 45 * 60_000)
  guest = guestCompletedLesson(guest, course, 'vneid-la-gi', NOW + 47 * 60_000, 120)
  guest = guestCompletedLesson(guest, course, 'vneid-la-gi', NOW + 50 * 60_000, 30)
  expect(guest.lessons[key]).toEqual({
    firstOpenedAt: Math.floor((NOW + 10_000) / 1000),
    lastOpenedAt: Math.floor((NOW + 45 * 60_000) / 1000),
    completedAt: Math.floor((NOW + 47 * 60_000) / 1000),
    timeSpentSec: 150,
  })
  // A lesson read with no opening on record counts as opened when read.
  const first = `${course}/${lessonKey('vi-giay-to')}`
  expect(guest.lessons[first]).toEqual({ firstOpenedAt: Math.floor(NOW / 1000), lastOpenedAt: Math.floor(NOW / 1000), completedAt: Math.floor(NOW / 1000), timeSpentSec: 0 })
  guest = guestQuiz(guest, course, 60, NOW + 60 * 60_000, { correct: 3, total: 5, durationSec: 90 })
  guest = guestQuiz(guest, course, 40, NOW + 61 * 60_000, { correct: 2, total: 5, durationSec: 30 })
  expect(guest.quizzes[course]).toEqual({ correct: 3, total: 5, durationSec: 90, at: Math.floor((NOW + 60 * 60_000) / 1000) })
  guest = guestSimulator(guest, 'vneid-doi-passcode', { mode: 'check', percent: 54, passed: false, steps: 13, firstTry: 7, mistakes: 6, hintsUsed: 0, durationSec: 7 }, NOW + 62 * 60_000)
  expect(decodeGuest(encodeGuest(guest))).toEqual(guest)
})

test('completing a lesson twice stores it once; the last lesson read is remembered', () => {
  const once = guestCompletedLesson(emptyGuest(NOW), 'lam-quen-vneid', 'vneid-la-gi', NOW)
  const twice = guestCompletedLesson(once, 'lam-quen-vneid', 'vneid-la-gi', NOW + 5000)
  expect(twice.courses).toEqual(once.courses)
  expect(twice.courses['lam-quen-vneid']).toEqual({ lessons: [lessonKey('vneid-la-gi')], quiz: null })
  expect(twice.last).toBe('lam-quen-vneid/vneid-la-gi')
  expect(twice.updatedAt).toBe(Math.floor((NOW + 5000) / 1000))
  // The input is not modified.
  expect(once.updatedAt).toBe(Math.floor(NOW / 1000))
  const more = guestCompletedLesson(twice, 'lam-quen-vneid', 'vi-giay-to', NOW)
  expect(more.courses['lam-quen-vneid']!.lessons).toEqual([lessonKey('vneid-la-gi'), lessonKey('vi-giay-to')])
  expect(twice.courses['lam-quen-vneid']!.lessons).toHaveLength(1)
  // A lesson read keeps the course's quiz result.
  const withQuiz = guestCompletedLesson(guestQuiz(emptyGuest(NOW), 'lam-quen-vneid', 90, NOW), 'lam-quen-vneid', 'vneid-la-gi', NOW)
  expect(withQuiz.courses['lam-quen-vneid']!.quiz).toBe(90)
})

test('the quiz keeps the best result', () => {
  let guest = guestQuiz(emptyGuest(NOW), 'lam-quen-vneid', 0, NOW)
  expect(guest.courses['lam-quen-vneid']!.quiz).toBe(0)
  guest = guestQuiz(guest, 'lam-quen-vneid', 60, NOW)
  guest = guestQuiz(guest, 'lam-quen-vneid', 40, NOW)
  expect(guest.courses['lam-quen-vneid']!.quiz).toBe(60)
  guest = guestQuiz(guest, 'lam-quen-vneid', 100, NOW)
  expect(guest.courses['lam-quen-vneid']!.quiz).toBe(100)
  // Lessons already read stay.
  const read = guestQuiz(guestCompletedLesson(emptyGuest(NOW), 'lam-quen-vneid', 'vneid-la-gi', NOW), 'lam-quen-vneid', 50, NOW)
  expect(read.courses['lam-quen-vneid']).toEqual({ lessons: [lessonKey('vneid-la-gi')], quiz: 50 })
})

test('a simulator keeps its best result, and a pass in check mode above any practice score', () => {
  const id = 'vneid-doi-passcode'
  let guest = guestSimulator(emptyGuest(NOW), id, { mode: 'check', percent: 80, passed: true }, NOW)
  guest = guestSimulator(guest, id, { mode: 'practice', percent: 100, passed: true }, NOW)
  guest = guestSimulator(guest, id, { mode: 'guided', percent: 100, passed: true }, NOW)
  guest = guestSimulator(guest, id, { mode: 'check', percent: 95, passed: false }, NOW)
  expect(guest.simulators[id]).toEqual({ mode: 'check', percent: 80, passed: true })
  guest = guestSimulator(guest, id, { mode: 'check', percent: 90, passed: true }, NOW)
  expect(guest.simulators[id]).toEqual({ mode: 'check', percent: 90, passed: true })

  // Without a check pass, the higher score wins.
  let practice = guestSimulator(emptyGuest(NOW), id, { mode: 'practice', percent: 70, passed: false }, NOW)
  practice = guestSimulator(practice, id, { mode: 'practice', percent: 40, passed: false }, NOW)
  expect(practice.simulators[id]).toEqual({ mode: 'practice', percent: 70, passed: false })
  practice = guestSimulator(practice, id, { mode: 'check', percent: 60, passed: true }, NOW)
  expect(practice.simulators[id]).toEqual({ mode: 'check', percent: 60, passed: true })
  // Other scenarios are untouched.
  expect(guestSimulator(guest, 'portal-dang-nhap-qr', { mode: 'practice', percent: 10, passed: false }, NOW).simulators[id]).toEqual(guest.simulators[id])
})

test('lessons read are resolved against the current content; removed lessons drop out', () => {
  let guest = emptyGuest(NOW)
  for (const slug of ['vneid-la-gi', 'bai-da-xoa', 'vi-giay-to']) guest = guestCompletedLesson(guest, 'lam-quen-vneid', slug, NOW)
  guest = guestCompletedLesson(guest, 'phan-anh-kien-nghi', 'dang-ky-va-kich-hoat', NOW)
  const current = ['vneid-la-gi', 'dang-ky-va-kich-hoat', 'mat-khau-passcode-otp', 'vi-giay-to']
  expect(guestCompletedLessons(guest, 'lam-quen-vneid', current)).toEqual(new Set(['vneid-la-gi', 'vi-giay-to']))
  expect(guestCompletedLessons(guest, 'dich-vu-cong-truc-tuyen', current)).toEqual(new Set())
  // Survives the cookie.
  expect(guestCompletedLessons(decodeGuest(encodeGuest(guest))!, 'lam-quen-vneid', current)).toEqual(new Set(['vneid-la-gi', 'vi-giay-to']))
})

test('lesson keys are short, stable and distinct', () => {
  expect(lessonKey('vneid-la-gi')).toBe(lessonKey('vneid-la-gi'))
  expect(lessonKey('vneid-la-gi')).toMatch(/^[A-Za-z0-9_-]{6}$/)
  const slugs = Array.from({ length: 500 }, (_, index) => `bai-hoc-${index}`)
  expect(new Set(slugs.map(lessonKey)).size).toBe(slugs.length)
})

test('a guest has progress once a lesson, quiz or simulator is recorded, not for merely opening a lesson', () => {
  expect(hasGuestProgress(null)).toBe(false)
  expect(hasGuestProgress(emptyGuest(NOW))).toBe(false)
  expect(hasGuestProgress(guestOpenedLesson(emptyGuest(NOW), 'lam-quen-vneid', 'vneid-la-gi', NOW))).toBe(false)
  expect(hasGuestProgress(guestCompletedLesson(emptyGuest(NOW), 'lam-quen-vneid', 'vneid-la-gi', NOW))).toBe(true)
  expect(hasGuestProgress(guestQuiz(emptyGuest(NOW), 'lam-quen-vneid', 0, NOW))).toBe(true)
  expect(hasGuestProgress(guestSimulator(emptyGuest(NOW), 'vneid-doi-passcode', { mode: 'guided', percent: 0, passed: false }, NOW))).toBe(true)
})

test('a guest who did everything still fits in one cookie that the server reads back', () => {
  // Larger than the real curriculum: 5 courses, 36 lessons, 16 scenarios,
  // with slugs as long as the real ones or longer.
  const courses = ['lam-quen-vneid-tren-dien-thoai', 'dich-vu-cong-truc-tuyen-cho-moi-nguoi', 'phan-anh-kien-nghi-qua-1022', 'an-toan-tren-moi-truong-so', 'chuyen-doi-so-cho-can-bo-xa-phuong']
  const lessonsPerCourse = [7, 8, 6, 7, 8]
  const scenarios = Array.from({ length: 16 }, (_, index) => `vneid-kich-ban-mo-phong-so-${String(index + 1).padStart(2, '0')}`)
  let guest = emptyGuest(NOW)
  let lessons = 0
  let lastLesson = ''
  courses.forEach((course, courseIndex) => {
    for (let index = 0; index < lessonsPerCourse[courseIndex]!; index += 1) {
      lastLesson = `bai-${index + 1}-huong-dan-chi-tiet-tung-buoc-mot-cho-nguoi-moi`
      // With every detail the merge needs: opened, re-opened days later, read.
      const opened = NOW + (courseIndex * 10 + index) * 86_400_000 + index * 37_000
      guest = guestOpenedLesson(guest, course, lastLesson, opened)
      guest = guestOpenedLesson(guest, course, lastLesson, opened + 3 * 86_400_000)
      guest = guestCompletedLesson(guest, course, lastLesson, opened + 3 * 86_400_000 + 413_000, 413)
      lessons += 1
    }
    guest = guestQuiz(guest, course, 100, NOW + courseIndex * 1000, { correct: 10, total: 10, durationSec: 311 + courseIndex })
  })
  scenarios.forEach((id, index) => {
    guest = guestSimulator(guest, id, { mode: 'check', percent: 100, passed: true, steps: 13, firstTry: 13, mistakes: 0, hintsUsed: 0, durationSec: 97 + index }, NOW + index * 61_000)
  })
  expect(lessons).toBeGreaterThanOrEqual(35)
  expect(scenarios.every((id) => id.length >= 29)).toBe(true)

  const header = guestCookie(guest, { secure: true })
  expect(Buffer.byteLength(header)).toBeLessThan(4_096)
  expect(encodeGuest(guest).length).toBeLessThan(3_000)
  expect(Object.keys(guest.lessons)).toHaveLength(lessons)
  // And the server reads it back: the value stays under the limit decodeGuest enforces.
  expect(decodeGuest(encodeGuest(guest))).toEqual(guest)
  expect(readGuest(new Request('http://x/', { headers: { Cookie: header.split(';')[0]! } }))).toEqual(guest)
})
