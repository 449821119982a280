import { expect, test } from 'vitest'
import { type CompletionFacts, type CompletionRule, evaluateCompletion, nextStep } from '~/progress/completion'

const LESSONS = ['vneid-la-gi', 'dang-ky-va-kich-hoat', 'mat-khau-passcode-otp', 'vi-giay-to']
const RULE: CompletionRule = { lessons: 'all', quizPassPercent: 70, simulators: ['vneid-kich-hoat-tai-khoan', 'vneid-doi-passcode'] }

function facts(overrides: Partial<CompletionFacts> = {}): CompletionFacts {
  return {
    lessons: LESSONS,
    completedLessons: new Set(LESSONS),
    quizBestPercent: 100,
    simulatorsPassed: new Set(RULE.simulators),
    ...overrides,
  }
}

test('a course is complete only when every lesson is read, the quiz is passed and every listed simulator is passed', () => {
  const done = evaluateCompletion(RULE, facts())
  expect(done).toEqual({
    complete: true,
    lessonsDone: 4,
    lessonsTotal: 4,
    quizPassed: true,
    missingLessons: [],
    missingSimulators: [],
    percent: 100,
  })

  // Take away any one requirement and the course is no longer complete.
  const oneLessonShort = evaluateCompletion(RULE, facts({ completedLessons: new Set(LESSONS.slice(1)) }))
  expect(oneLessonShort.complete).toBe(false)
  expect(oneLessonShort.missingLessons).toEqual(['vneid-la-gi'])
  expect(oneLessonShort.lessonsDone).toBe(3)

  const quizFailed = evaluateCompletion(RULE, facts({ quizBestPercent: 69 }))
  expect(quizFailed.complete).toBe(false)
  expect(quizFailed.quizPassed).toBe(false)

  const quizNotTaken = evaluateCompletion(RULE, facts({ quizBestPercent: null }))
  expect(quizNotTaken.complete).toBe(false)
  expect(quizNotTaken.quizPassed).toBe(false)

  const simulatorMissing = evaluateCompletion(RULE, facts({ simulatorsPassed: new Set(['vneid-doi-passcode']) }))
  expect(simulatorMissing.complete).toBe(false)
  expect(simulatorMissing.missingSimulators).toEqual(['vneid-kich-hoat-tai-khoan'])
})

test('the quiz pass mark is inclusive', () => {
  expect(evaluateCompletion(RULE, facts({ quizBestPercent: 70 })).quizPassed).toBe(true)
  expect(evaluateCompletion(RULE, facts({ quizBestPercent: 70 })).complete).toBe(true)
})

test('a pass mark of 0 still requires the quiz to be taken once', () => {
  const rule: CompletionRule = { ...RULE, quizPassPercent: 0 }
  const notTaken = evaluateCompletion(rule, facts({ quizBestPercent: null }))
  expect(notTaken.quizPassed).toBe(false)
  expect(notTaken.complete).toBe(false)
  const takenWithZero = evaluateCompletion(rule, facts({ quizBestPercent: 0 }))
  expect(takenWithZero.quizPassed).toBe(true)
  expect(takenWithZero.complete).toBe(true)
})

test('scenarios passed outside the rule and lessons not in the course count for nothing', () => {
  const status = evaluateCompletion(
    RULE,
    facts({ completedLessons: new Set(['bai-da-xoa', 'vneid-la-gi']), simulatorsPassed: new Set(['portal-dang-nhap-qr']) }),
  )
  expect(status.lessonsDone).toBe(1)
  expect(status.missingLessons).toEqual(['dang-ky-va-kich-hoat', 'mat-khau-passcode-otp', 'vi-giay-to'])
  expect(status.missingSimulators).toEqual(RULE.simulators)
  expect(status.complete).toBe(false)
})

test('a rule without simulators completes on lessons and quiz alone', () => {
  const rule: CompletionRule = { ...RULE, simulators: [] }
  expect(evaluateCompletion(rule, facts({ simulatorsPassed: new Set() })).complete).toBe(true)
})

test('missing lessons are listed in the order of the course, not the order they were read', () => {
  const status = evaluateCompletion(RULE, facts({ completedLessons: new Set(['mat-khau-passcode-otp']) }))
  expect(status.missingLessons).toEqual(['vneid-la-gi', 'dang-ky-va-kich-hoat', 'vi-giay-to'])
  const reversed = evaluateCompletion(RULE, facts({ lessons: [...LESSONS].reverse(), completedLessons: new Set() }))
  expect(reversed.missingLessons).toEqual([...LESSONS].reverse())
})

test('percent counts each lesson, the quiz and each simulator as one item, rounded down', () => {
  // 4 lessons + 1 quiz + 2 simulators = 7 items.
  expect(evaluateCompletion(RULE, facts({ completedLessons: new Set(), quizBestPercent: null, simulatorsPassed: new Set() })).percent).toBe(0)
  expect(evaluateCompletion(RULE, facts({ completedLessons: new Set(['vneid-la-gi']), quizBestPercent: null, simulatorsPassed: new Set() })).percent).toBe(14) // 1/7
  expect(evaluateCompletion(RULE, facts({ quizBestPercent: null, simulatorsPassed: new Set() })).percent).toBe(57) // 4/7
  expect(evaluateCompletion(RULE, facts({ simulatorsPassed: new Set() })).percent).toBe(71) // 5/7
  expect(evaluateCompletion(RULE, facts({ quizBestPercent: 10 })).percent).toBe(85) // 6/7
})

test('percent stays at most 99 until the course is complete, and is 100 when it is', () => {
  // 199 of 200 lessons, quiz passed, no simulators: 200/201 = 99.5%, which must not round up to 100.
  const lessons = Array.from({ length: 200 }, (_, index) => `bai-${index + 1}`)
  const rule: CompletionRule = { lessons: 'all', quizPassPercent: 50, simulators: [] }
  const almost = evaluateCompletion(rule, { lessons, completedLessons: new Set(lessons.slice(1)), quizBestPercent: 80, simulatorsPassed: new Set() })
  expect(almost.complete).toBe(false)
  expect(almost.percent).toBe(99)
  const all = evaluateCompletion(rule, { lessons, completedLessons: new Set(lessons), quizBestPercent: 80, simulatorsPassed: new Set() })
  expect(all.complete).toBe(true)
  expect(all.percent).toBe(100)
  // Everything but the quiz: still not 100.
  const noQuiz = evaluateCompletion(rule, { lessons, completedLessons: new Set(lessons), quizBestPercent: 49, simulatorsPassed: new Set() })
  expect(noQuiz.percent).toBe(99)
})

test('a course with no lessons is complete once the quiz is passed', () => {
  const rule: CompletionRule = { lessons: 'all', quizPassPercent: 50, simulators: [] }
  expect(evaluateCompletion(rule, { lessons: [], completedLessons: new Set(), quizBestPercent: null, simulatorsPassed: new Set() }).percent).toBe(0)
  expect(evaluateCompletion(rule, { lessons: [], completedLessons: new Set(), quizBestPercent: 50, simulatorsPassed: new Set() })).toMatchObject({
    complete: true,
    percent: 100,
  })
})

function next(completed: string[], last: string | null, overrides: Partial<CompletionFacts> = {}) {
  const status = evaluateCompletion(RULE, facts({ completedLessons: new Set(completed), ...overrides }))
  return nextStep(status, LESSONS, last)
}

test('Học tiếp resumes the last lesson when it is still unread', () => {
  expect(next([], 'mat-khau-passcode-otp')).toEqual({ kind: 'lesson', slug: 'mat-khau-passcode-otp' })
  expect(next(['vneid-la-gi'], 'dang-ky-va-kich-hoat')).toEqual({ kind: 'lesson', slug: 'dang-ky-va-kich-hoat' })
})

test('Học tiếp goes to the next unread lesson after the last one, skipping lessons already read', () => {
  expect(next(['mat-khau-passcode-otp'], 'mat-khau-passcode-otp')).toEqual({ kind: 'lesson', slug: 'vi-giay-to' })
  expect(next(['vneid-la-gi', 'dang-ky-va-kich-hoat'], 'vneid-la-gi')).toEqual({ kind: 'lesson', slug: 'mat-khau-passcode-otp' })
  // Earlier unread lessons do not pull the learner back while later ones remain.
  expect(next(['dang-ky-va-kich-hoat'], 'dang-ky-va-kich-hoat')).toEqual({ kind: 'lesson', slug: 'mat-khau-passcode-otp' })
})

test('Học tiếp wraps round to the first unread lesson when nothing after the last one is unread', () => {
  expect(next(['dang-ky-va-kich-hoat', 'mat-khau-passcode-otp', 'vi-giay-to'], 'vi-giay-to')).toEqual({ kind: 'lesson', slug: 'vneid-la-gi' })
  expect(next(['vneid-la-gi', 'mat-khau-passcode-otp', 'vi-giay-to'], 'mat-khau-passcode-otp')).toEqual({ kind: 'lesson', slug: 'dang-ky-va-kich-hoat' })
  // Several unread before the last one: the first of them, in course order.
  expect(next(['vi-giay-to'], 'vi-giay-to')).toEqual({ kind: 'lesson', slug: 'vneid-la-gi' })
})

test('without a known last lesson, Học tiếp starts at the first unread one', () => {
  expect(next([], null)).toEqual({ kind: 'lesson', slug: 'vneid-la-gi' })
  expect(next(['vneid-la-gi'], null)).toEqual({ kind: 'lesson', slug: 'dang-ky-va-kich-hoat' })
  // A lesson removed from the course since it was read.
  expect(next(['vneid-la-gi'], 'bai-da-xoa')).toEqual({ kind: 'lesson', slug: 'dang-ky-va-kich-hoat' })
})

test('after the lessons: the quiz, then the first missing simulator in rule order, then done', () => {
  expect(next(LESSONS, 'vi-giay-to', { quizBestPercent: null })).toEqual({ kind: 'quiz' })
  expect(next(LESSONS, 'vi-giay-to', { quizBestPercent: 50 })).toEqual({ kind: 'quiz' })
  // Lessons come before the quiz even when the quiz is the thing left undone.
  expect(next(LESSONS.slice(1), 'vi-giay-to', { quizBestPercent: null })).toEqual({ kind: 'lesson', slug: 'vneid-la-gi' })
  expect(next(LESSONS, 'vi-giay-to', { simulatorsPassed: new Set() })).toEqual({ kind: 'simulator', id: 'vneid-kich-hoat-tai-khoan' })
  expect(next(LESSONS, 'vi-giay-to', { simulatorsPassed: new Set(['vneid-kich-hoat-tai-khoan']) })).toEqual({ kind: 'simulator', id: 'vneid-doi-passcode' })
  // The quiz comes before the simulators.
  expect(next(LESSONS, 'vi-giay-to', { quizBestPercent: 0, simulatorsPassed: new Set() })).toEqual({ kind: 'quiz' })
  expect(next(LESSONS, 'vi-giay-to')).toEqual({ kind: 'done' })
})
