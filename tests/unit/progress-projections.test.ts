import { afterEach, expect, test, vi } from 'vitest'
import { type Projection, type StoredEvent, applyEvent, emptyProjection, touchedKeys } from '~/progress/projections'

const USER = 'user-1'
const COURSE = 'lam-quen-vneid'
const T0 = new Date('2026-11-20T02:00:00.000Z')
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000)

let counter = 0
function event(overrides: Partial<StoredEvent> & Pick<StoredEvent, 'verb' | 'objectType' | 'objectId'>): StoredEvent {
  counter += 1
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    actorId: USER,
    result: null,
    context: null,
    timestamp: T0,
    ...overrides,
  }
}

function apply(events: StoredEvent[], projection: Projection = emptyProjection(USER)): Projection {
  for (const item of events) applyEvent(projection, item)
  return projection
}

afterEach(() => {
  vi.useRealTimers()
})

test('an empty projection has no rows and nothing to write', () => {
  expect(emptyProjection(USER)).toEqual({
    userId: USER,
    lessons: new Map(),
    courses: new Map(),
    quizAttempts: [],
    simulatorAttempts: [],
    dirtyLessons: new Set(),
    dirtyCourses: new Set(),
  })
})

test('opening a lesson sets its first and last opened times and the course activity, without completing anything', () => {
  const projection = apply([
    event({ verb: 'experienced', objectType: 'lesson', objectId: `${COURSE}/vneid-la-gi`, timestamp: at(5) }),
    event({ verb: 'experienced', objectType: 'lesson', objectId: `${COURSE}/vneid-la-gi`, timestamp: at(1) }),
    event({ verb: 'experienced', objectType: 'lesson', objectId: `${COURSE}/vneid-la-gi`, timestamp: at(3) }),
  ])
  expect(projection.lessons.get(`${COURSE}/vneid-la-gi`)).toEqual({
    userId: USER,
    courseSlug: COURSE,
    lessonSlug: 'vneid-la-gi',
    firstOpenedAt: at(1),
    lastOpenedAt: at(5),
    completedAt: null,
    timeSpentSec: 0,
  })
  expect(projection.courses.get(COURSE)).toMatchObject({ lessonsCompleted: 0, lastLessonSlug: 'vneid-la-gi', lastActivityAt: at(5), completedAt: null })
  expect(projection.dirtyLessons).toEqual(new Set([`${COURSE}/vneid-la-gi`]))
  expect(projection.dirtyCourses).toEqual(new Set([COURSE]))
})

test('a lesson completed twice counts once, keeps the earliest completion, and adds the time of both', () => {
  const projection = apply([
    event({ verb: 'completed', objectType: 'lesson', objectId: `${COURSE}/vneid-la-gi`, result: { success: true, durationSec: 120 }, timestamp: at(10) }),
    event({ verb: 'completed', objectType: 'lesson', objectId: `${COURSE}/vneid-la-gi`, result: { success: true, durationSec: 45 }, timestamp: at(4) }),
    event({ verb: 'completed', objectType: 'lesson', objectId: `${COURSE}/dang-ky-va-kich-hoat`, result: { success: true, durationSec: 30 }, timestamp: at(20) }),
  ])
  const lesson = projection.lessons.get(`${COURSE}/vneid-la-gi`)!
  expect(lesson.completedAt).toEqual(at(4))
  expect(lesson.timeSpentSec).toBe(165)
  const course = projection.courses.get(COURSE)!
  expect(course.lessonsCompleted).toBe(2)
  expect(course.timeSpentSec).toBe(195)
  expect(course.lastActivityAt).toEqual(at(20))
})

test('completing a lesson already completed in the stored rows does not count it again', () => {
  // What a live write sees: rows loaded from the database, then new events applied.
  const projection = apply([event({ verb: 'completed', objectType: 'lesson', objectId: `${COURSE}/vneid-la-gi`, result: { durationSec: 60 }, timestamp: at(0) })])
  projection.dirtyLessons.clear()
  projection.dirtyCourses.clear()
  apply([event({ verb: 'completed', objectType: 'lesson', objectId: `${COURSE}/vneid-la-gi`, result: { durationSec: 60 }, timestamp: at(30) })], projection)
  expect(projection.courses.get(COURSE)).toMatchObject({ lessonsCompleted: 1, timeSpentSec: 120 })
  expect(projection.lessons.get(`${COURSE}/vneid-la-gi`)!.completedAt).toEqual(at(0))
  expect(projection.dirtyLessons).toEqual(new Set([`${COURSE}/vneid-la-gi`]))
  expect(projection.dirtyCourses).toEqual(new Set([COURSE]))
})

test('durations that are missing, negative or not numbers add no time; fractions are rounded', () => {
  const id = `${COURSE}/vneid-la-gi`
  const projection = apply([
    event({ verb: 'completed', objectType: 'lesson', objectId: id }),
    event({ verb: 'completed', objectType: 'lesson', objectId: id, result: { durationSec: -50 } }),
    event({ verb: 'completed', objectType: 'lesson', objectId: id, result: { durationSec: Number.NaN } }),
    event({ verb: 'completed', objectType: 'lesson', objectId: id, result: { durationSec: Number.POSITIVE_INFINITY } }),
    event({ verb: 'completed', objectType: 'lesson', objectId: id, result: { durationSec: 10.6 } }),
  ])
  expect(projection.lessons.get(id)!.timeSpentSec).toBe(11)
  expect(projection.courses.get(COURSE)!.timeSpentSec).toBe(11)
})

test('lastActivityAt keeps the latest time even when events arrive out of order', () => {
  const projection = apply([
    event({ verb: 'experienced', objectType: 'lesson', objectId: `${COURSE}/vi-giay-to`, timestamp: at(50) }),
    event({ verb: 'completed', objectType: 'lesson', objectId: `${COURSE}/vneid-la-gi`, timestamp: at(10) }),
    event({ verb: 'failed', objectType: 'quiz', objectId: COURSE, result: { percent: 20 }, timestamp: at(30) }),
    event({ verb: 'completed', objectType: 'course', objectId: COURSE, timestamp: at(40) }),
  ])
  expect(projection.courses.get(COURSE)!.lastActivityAt).toEqual(at(50))
  // A course row first created by an old event still moves forward to newer ones.
  const other = apply([
    event({ verb: 'failed', objectType: 'quiz', objectId: COURSE, result: { percent: 20 }, timestamp: at(1) }),
    event({ verb: 'experienced', objectType: 'lesson', objectId: `${COURSE}/vi-giay-to`, timestamp: at(90) }),
  ])
  expect(other.courses.get(COURSE)!.lastActivityAt).toEqual(at(90))
})

test('quiz attempts: best percent and earliest pass are kept, each attempt is a row with the event id', () => {
  const failed = event({ verb: 'failed', objectType: 'quiz', objectId: COURSE, result: { success: false, raw: 4, max: 10, percent: 40, durationSec: 90 }, timestamp: at(1) })
  const passedLate = event({ verb: 'passed', objectType: 'quiz', objectId: COURSE, result: { success: true, raw: 8, max: 10, percent: 80 }, timestamp: at(30) })
  const passedEarly = event({ verb: 'passed', objectType: 'quiz', objectId: COURSE, result: { success: true, raw: 7, max: 10, percent: 70, durationSec: 60 }, timestamp: at(20) })
  const failedAfter = event({ verb: 'failed', objectType: 'quiz', objectId: COURSE, result: { success: false, raw: 1, max: 10, percent: 10 }, timestamp: at(40) })
  const projection = apply([failed, passedLate, passedEarly, failedAfter])
  const course = projection.courses.get(COURSE)!
  expect(course.quizBestPercent).toBe(80)
  expect(course.quizPassedAt).toEqual(at(20))
  expect(course.timeSpentSec).toBe(150)
  expect(course.lastActivityAt).toEqual(at(40))
  expect(projection.quizAttempts).toEqual([
    { id: failed.id, userId: USER, courseSlug: COURSE, correct: 4, total: 10, percent: 40, passed: false, createdAt: at(1) },
    { id: passedLate.id, userId: USER, courseSlug: COURSE, correct: 8, total: 10, percent: 80, passed: true, createdAt: at(30) },
    { id: passedEarly.id, userId: USER, courseSlug: COURSE, correct: 7, total: 10, percent: 70, passed: true, createdAt: at(20) },
    { id: failedAfter.id, userId: USER, courseSlug: COURSE, correct: 1, total: 10, percent: 10, passed: false, createdAt: at(40) },
  ])
  // The earliest pass wins whichever order the passes arrive in.
  const inOrder = apply([failed, passedEarly, passedLate, failedAfter]).courses.get(COURSE)!
  expect(inOrder).toMatchObject({ quizBestPercent: 80, quizPassedAt: at(20), lastActivityAt: at(40) })
})

test('the verb decides whether a quiz attempt passed', () => {
  const projection = apply([
    event({ verb: 'passed', objectType: 'quiz', objectId: COURSE, result: { percent: 90 }, timestamp: at(2) }),
    event({ verb: 'failed', objectType: 'quiz', objectId: 'phan-anh-kien-nghi', result: { success: true, percent: 90 }, timestamp: at(3) }),
  ])
  expect(projection.quizAttempts.map((row) => row.passed)).toEqual([true, false])
  expect(projection.courses.get(COURSE)!.quizPassedAt).toEqual(at(2))
  expect(projection.courses.get('phan-anh-kien-nghi')!.quizPassedAt).toBeNull()
})

test('a failed quiz records its score but never a pass time; percent is clamped to 0–100', () => {
  const projection = apply([
    event({ verb: 'failed', objectType: 'quiz', objectId: COURSE, result: { percent: 150 } }),
    event({ verb: 'failed', objectType: 'quiz', objectId: 'an-toan-tren-moi-truong-so', result: { percent: -20 } }),
    event({ verb: 'failed', objectType: 'quiz', objectId: 'phan-anh-kien-nghi' }),
  ])
  expect(projection.courses.get(COURSE)).toMatchObject({ quizBestPercent: 100, quizPassedAt: null })
  expect(projection.courses.get('an-toan-tren-moi-truong-so')).toMatchObject({ quizBestPercent: 0, quizPassedAt: null })
  expect(projection.courses.get('phan-anh-kien-nghi')).toMatchObject({ quizBestPercent: 0, quizPassedAt: null })
  expect(projection.quizAttempts.map((row) => [row.percent, row.passed])).toEqual([
    [100, false],
    [0, false],
    [0, false],
  ])
})

test('a simulator attempt is a row with mode from the context and passed from result.success', () => {
  const check = event({
    verb: 'completed',
    objectType: 'simulator',
    objectId: 'vneid-doi-passcode',
    result: { success: true, raw: 5, max: 6, firstTry: 5, percent: 83, mistakes: 1, hintsUsed: 0, durationSec: 75.4 },
    context: { mode: 'check', attempt: 'a' },
    timestamp: at(3),
  })
  // A high score does not make a pass: only result.success does.
  const practice = event({ verb: 'completed', objectType: 'simulator', objectId: 'vneid-doi-passcode', result: { percent: 100, max: 6, raw: 6 }, context: { mode: 'practice' } })
  const noContext = event({ verb: 'completed', objectType: 'simulator', objectId: 'portal-dang-nhap-qr', result: { success: false, raw: 2, max: 4, percent: 50 } })
  const projection = apply([check, practice, noContext])
  expect(projection.simulatorAttempts).toEqual([
    {
      id: check.id,
      userId: USER,
      scenarioId: 'vneid-doi-passcode',
      mode: 'check',
      steps: 6,
      firstTry: 5,
      mistakes: 1,
      hintsUsed: 0,
      percent: 83,
      passed: true,
      durationSec: 75,
      completedAt: at(3),
    },
    { id: practice.id, userId: USER, scenarioId: 'vneid-doi-passcode', mode: 'practice', steps: 6, firstTry: 6, mistakes: 0, hintsUsed: 0, percent: 100, passed: false, durationSec: 0, completedAt: T0 },
    { id: noContext.id, userId: USER, scenarioId: 'portal-dang-nhap-qr', mode: 'practice', steps: 4, firstTry: 2, mistakes: 0, hintsUsed: 0, percent: 50, passed: false, durationSec: 0, completedAt: T0 },
  ])
  // Simulators belong to no course row.
  expect(projection.courses.size).toBe(0)
  expect(projection.dirtyCourses.size).toBe(0)
})

test('a course completed sets completedAt, keeping the earliest', () => {
  const projection = apply([
    event({ verb: 'completed', objectType: 'course', objectId: COURSE, result: { success: true, durationSec: 0 }, timestamp: at(60) }),
    event({ verb: 'completed', objectType: 'course', objectId: COURSE, timestamp: at(45) }),
    event({ verb: 'completed', objectType: 'course', objectId: COURSE, timestamp: at(90) }),
  ])
  expect(projection.courses.get(COURSE)).toMatchObject({ completedAt: at(45), lastActivityAt: at(90), lessonsCompleted: 0, timeSpentSec: 0 })
  expect(projection.dirtyCourses).toEqual(new Set([COURSE]))
})

test('answers and simulator steps change no row', () => {
  const projection = apply([
    event({ verb: 'answered', objectType: 'question', objectId: `${COURSE}/q1`, result: { success: true, response: '2' } }),
    event({ verb: 'responded', objectType: 'simulator-step', objectId: 'vneid-doi-passcode/buoc-1', result: { success: false, mistakes: 2 } }),
  ])
  expect(projection).toEqual(emptyProjection(USER))
})

test('touchedKeys names the lesson and course rows a batch needs, and nothing for simulators, answers or steps', () => {
  const keys = touchedKeys([
    { objectType: 'lesson', objectId: `${COURSE}/vneid-la-gi` },
    { objectType: 'lesson', objectId: `${COURSE}/vneid-la-gi` },
    { objectType: 'lesson', objectId: 'phan-anh-kien-nghi/cac-kenh-phan-anh' },
    { objectType: 'quiz', objectId: 'an-toan-tren-moi-truong-so' },
    { objectType: 'course', objectId: 'dich-vu-cong-truc-tuyen' },
    { objectType: 'simulator', objectId: 'vneid-doi-passcode' },
    { objectType: 'question', objectId: 'chuyen-doi-so-cho-can-bo/q1' },
    { objectType: 'simulator-step', objectId: 'vneid-doi-passcode/buoc-1' },
  ])
  expect(keys.lessons).toEqual([`${COURSE}/vneid-la-gi`, 'phan-anh-kien-nghi/cac-kenh-phan-anh'])
  expect(keys.courses.sort()).toEqual(['an-toan-tren-moi-truong-so', 'dich-vu-cong-truc-tuyen', COURSE, 'phan-anh-kien-nghi'].sort())
})

test('every row an event writes is among the keys touchedKeys asked to load', () => {
  const events = [
    event({ verb: 'experienced', objectType: 'lesson', objectId: `${COURSE}/vneid-la-gi` }),
    event({ verb: 'completed', objectType: 'lesson', objectId: 'phan-anh-kien-nghi/cac-kenh-phan-anh' }),
    event({ verb: 'passed', objectType: 'quiz', objectId: 'an-toan-tren-moi-truong-so', result: { percent: 90 } }),
    event({ verb: 'completed', objectType: 'course', objectId: 'dich-vu-cong-truc-tuyen' }),
    event({ verb: 'completed', objectType: 'simulator', objectId: 'vneid-doi-passcode', result: { success: true }, context: { mode: 'check' } }),
  ]
  const keys = touchedKeys(events)
  const projection = apply(events)
  expect([...projection.dirtyLessons].sort()).toEqual([...keys.lessons].sort())
  expect([...projection.dirtyCourses].sort()).toEqual([...keys.courses].sort())
})

// A realistic log: lessons opened and read, a quiz failed then passed, a
// simulator practised then passed in check mode, the course completed, and
// a few events delivered late.
function journey(): StoredEvent[] {
  counter = 0
  return [
    event({ verb: 'experienced', objectType: 'lesson', objectId: `${COURSE}/vneid-la-gi`, timestamp: at(0) }),
    event({ verb: 'completed', objectType: 'lesson', objectId: `${COURSE}/vneid-la-gi`, result: { success: true, durationSec: 300 }, timestamp: at(5) }),
    event({ verb: 'experienced', objectType: 'lesson', objectId: `${COURSE}/dang-ky-va-kich-hoat`, timestamp: at(6) }),
    event({ verb: 'answered', objectType: 'question', objectId: `${COURSE}/q1`, result: { success: false, response: '1' }, timestamp: at(20) }),
    event({ verb: 'failed', objectType: 'quiz', objectId: COURSE, result: { success: false, raw: 3, max: 5, percent: 60, durationSec: 100 }, timestamp: at(20) }),
    event({ verb: 'completed', objectType: 'lesson', objectId: `${COURSE}/dang-ky-va-kich-hoat`, result: { success: true, durationSec: 200 }, timestamp: at(12) }),
    event({ verb: 'passed', objectType: 'quiz', objectId: COURSE, result: { success: true, raw: 5, max: 5, percent: 100, durationSec: 80 }, timestamp: at(30) }),
    event({ verb: 'responded', objectType: 'simulator-step', objectId: 'vneid-doi-passcode/buoc-1', result: { success: true }, timestamp: at(35) }),
    event({ verb: 'completed', objectType: 'simulator', objectId: 'vneid-doi-passcode', result: { success: false, percent: 60, max: 5, raw: 3 }, context: { mode: 'practice' }, timestamp: at(36) }),
    event({ verb: 'completed', objectType: 'simulator', objectId: 'vneid-doi-passcode', result: { success: true, percent: 100, max: 5, raw: 5 }, context: { mode: 'check' }, timestamp: at(40) }),
    event({ verb: 'completed', objectType: 'course', objectId: COURSE, result: { success: true, durationSec: 0 }, timestamp: at(40) }),
    event({ verb: 'completed', objectType: 'lesson', objectId: `${COURSE}/vneid-la-gi`, result: { success: true, durationSec: 30 }, timestamp: at(50) }),
  ]
}

test('the same events in the same order give the same rows, whatever the clock says', () => {
  vi.useFakeTimers()
  vi.setSystemTime(new Date('2026-11-21T00:00:00Z'))
  const live = apply(journey())
  vi.setSystemTime(new Date('2031-03-05T17:45:12Z'))
  const rebuilt = apply(journey())
  vi.useRealTimers()
  const later = apply(journey())

  expect(rebuilt).toEqual(live)
  expect(later).toEqual(live)
  // toEqual compares Maps and Dates by value; check the order of the attempt rows too.
  expect(rebuilt.quizAttempts.map((row) => row.id)).toEqual(live.quizAttempts.map((row) => row.id))
  expect(rebuilt.simulatorAttempts.map((row) => row.id)).toEqual(live.simulatorAttempts.map((row) => row.id))

  // And every date in the rows is one of the event timestamps: nothing comes from the clock.
  const eventTimes = new Set(journey().map((item) => item.timestamp.getTime()))
  const rows: object[] = [...live.lessons.values(), ...live.courses.values(), ...live.quizAttempts, ...live.simulatorAttempts]
  for (const row of rows) {
    for (const value of Object.values(row)) {
      if (value instanceof Date) expect(eventTimes.has(value.getTime())).toBe(true)
    }
  }

  // Spot-check what the journey adds up to.
  expect(live.courses.get(COURSE)).toEqual({
    userId: USER,
    courseSlug: COURSE,
    lessonsCompleted: 2,
    quizBestPercent: 100,
    quizPassedAt: at(30),
    completedAt: at(40),
    lastLessonSlug: 'vneid-la-gi',
    lastActivityAt: at(50),
    timeSpentSec: 300 + 200 + 30 + 100 + 80,
  })
  expect(live.quizAttempts).toHaveLength(2)
  expect(live.simulatorAttempts.map((row) => [row.mode, row.passed])).toEqual([
    ['practice', false],
    ['check', true],
  ])
})

test('applying a log in one go or in batches onto the rows saved so far gives the same rows', () => {
  // Live writes apply a few events at a time to rows loaded from the
  // database; a rebuild applies the whole log at once.
  const whole = apply(journey())
  const events = journey()
  const batched = emptyProjection(USER)
  for (let start = 0; start < events.length; start += 3) {
    batched.dirtyLessons.clear()
    batched.dirtyCourses.clear()
    apply(events.slice(start, start + 3), batched)
  }
  expect(batched.lessons).toEqual(whole.lessons)
  expect(batched.courses).toEqual(whole.courses)
  expect(batched.quizAttempts).toEqual(whole.quizAttempts)
  expect(batched.simulatorAttempts).toEqual(whole.simulatorAttempts)
})

test('"Học tiếp" follows the newest lesson statement, not the one that arrived last', () => {
  const projection = apply([
    event({ verb: 'experienced', objectType: 'lesson', objectId: `${COURSE}/bai-ba`, timestamp: at(30) }),
    // Uploaded late from a phone that was offline: older than what is already there.
    event({ verb: 'completed', objectType: 'lesson', objectId: `${COURSE}/bai-mot`, timestamp: at(5) }),
  ])
  const course = projection.courses.get(COURSE)!
  expect(course.lastLessonSlug).toBe('bai-ba')
  expect(course.lastActivityAt).toEqual(at(30))
  expect(course.lessonsCompleted).toBe(1)
})
