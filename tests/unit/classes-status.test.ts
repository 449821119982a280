import { expect, test } from 'vitest'
import {
  type Cell,
  assignmentCell,
  compareNeed,
  courseTargetFacts,
  simulatorTargetFacts,
  summariseLearner,
} from '~/classes/status'
import { endOfVietnamDay as dueAtFromDay, formatVietnamDay as formatDay, isDay, startOfVietnamDay as startOfDay, vietnamDay as dayOf } from '~/lib/dates'

const due = dueAtFromDay('2026-12-01')
const course = { kind: 'course' as const, targetId: 'vneid-co-ban', dueAt: due }
const simulator = { kind: 'simulator' as const, targetId: 'vneid-dang-nhap', dueAt: due }
const at = (iso: string) => new Date(iso)
const courseFacts = (percent: number, completedAt: Date | null = null, lastActivityAt: Date | null = at('2026-11-20T03:00:00Z')) => ({
  kind: 'course' as const,
  percent,
  completedAt,
  started: percent > 0 || lastActivityAt !== null,
  lastActivityAt,
})

test('due dates are the end of the day in Vietnam (UTC+7)', () => {
  expect(due.toISOString()).toBe('2026-12-01T16:59:59.999Z')
  expect(startOfDay('2026-12-01').toISOString()).toBe('2026-11-30T17:00:00.000Z')
  expect(dueAtFromDay('2026-12-31').toISOString()).toBe('2026-12-31T16:59:59.999Z')
  expect(dueAtFromDay('2028-02-29').toISOString()).toBe('2028-02-29T16:59:59.999Z')
  expect(() => dueAtFromDay('2026-02-30')).toThrow(RangeError)
  expect(() => dueAtFromDay('1/12/2026')).toThrow(RangeError)
  expect(isDay('2026-02-28')).toBe(true)
  expect(isDay('2027-02-29')).toBe(false)
})

test('dayOf reads the calendar day in Vietnam, across midnight UTC+7', () => {
  expect(dayOf(at('2026-11-30T16:59:59.999Z'))).toBe('2026-11-30')
  expect(dayOf(at('2026-11-30T17:00:00.000Z'))).toBe('2026-12-01')
  // Midnight UTC is 07:00 in Vietnam: still the same day.
  expect(dayOf(at('2026-12-01T00:00:00Z'))).toBe('2026-12-01')
  expect(dayOf(due)).toBe('2026-12-01')
  expect(dayOf(new Date(due.getTime() + 1))).toBe('2026-12-02')
  expect(formatDay('2026-11-12')).toBe('12/11/2026')
})

test('not started, in progress, done', () => {
  const now = at('2026-11-01T00:00:00Z')
  expect(assignmentCell(course, null, now)).toEqual({ state: 'not-started', percent: 0, doneAt: null, late: false, dueSoon: false, lastActivityAt: null })
  expect(assignmentCell(course, courseFacts(0, null, at('2026-10-31T00:00:00Z')), now).state).toBe('in-progress')
  expect(assignmentCell(course, courseFacts(40), now)).toMatchObject({ state: 'in-progress', percent: 40 })
  const finished = at('2026-11-12T02:00:00Z')
  expect(assignmentCell(course, courseFacts(100, finished), now)).toMatchObject({ state: 'done', percent: 100, doneAt: finished, late: false })
  // Completed under an older version of the course: still done at 100 %.
  expect(assignmentCell(course, courseFacts(80, finished), now)).toMatchObject({ state: 'done', percent: 100 })
  // Facts of the wrong kind count as nothing.
  expect(assignmentCell(simulator, courseFacts(40), now).state).toBe('not-started')
})

test('overdue keeps the percent; done after the due time is late, even seen long after', () => {
  const after = new Date(due.getTime() + 1)
  expect(assignmentCell(course, courseFacts(40), due)).toMatchObject({ state: 'in-progress' })
  expect(assignmentCell(course, courseFacts(40), after)).toMatchObject({ state: 'overdue', percent: 40, late: false, dueSoon: false })
  expect(assignmentCell(course, null, after)).toMatchObject({ state: 'overdue', percent: 0 })
  const justInTime = assignmentCell(course, courseFacts(100, due), at('2027-01-01T00:00:00Z'))
  expect(justInTime).toMatchObject({ state: 'done', late: false })
  // 00:30 on 2 December in Vietnam is 17:30 UTC on 1 December: late.
  const late = assignmentCell(course, courseFacts(100, at('2026-12-01T17:30:00Z')), at('2027-01-01T00:00:00Z'))
  expect(late).toMatchObject({ state: 'done', late: true })
  // 23:30 on 1 December in Vietnam (16:30 UTC) is on time.
  expect(assignmentCell(course, courseFacts(100, at('2026-12-01T16:30:00Z')), after).late).toBe(false)
})

test('due soon: within three days, not done and not yet overdue', () => {
  const threeDaysBefore = new Date(due.getTime() - 3 * 24 * 3600 * 1000)
  expect(assignmentCell(course, courseFacts(40), threeDaysBefore).dueSoon).toBe(true)
  expect(assignmentCell(course, courseFacts(40), new Date(threeDaysBefore.getTime() - 1)).dueSoon).toBe(false)
  expect(assignmentCell(course, null, due).dueSoon).toBe(true)
  expect(assignmentCell(course, courseFacts(100, at('2026-11-30T00:00:00Z')), due).dueSoon).toBe(false)
})

test('simulators: passed in any mode is done; best percent otherwise', () => {
  const facts = simulatorTargetFacts([
    { percent: 40, passed: false, completedAt: at('2026-11-10T00:00:00Z') },
    { percent: 90, passed: true, completedAt: at('2026-11-12T00:00:00Z') },
    { percent: 100, passed: true, completedAt: at('2026-11-11T00:00:00Z') },
  ])
  expect(facts).toEqual({ kind: 'simulator', attempts: 3, bestPercent: 100, passedAt: at('2026-11-11T00:00:00Z'), lastActivityAt: at('2026-11-12T00:00:00Z') })
  expect(assignmentCell(simulator, facts, at('2026-11-20T00:00:00Z'))).toMatchObject({ state: 'done', percent: 100, doneAt: at('2026-11-11T00:00:00Z') })
  const tried = simulatorTargetFacts([{ percent: 60, passed: false, completedAt: at('2026-11-10T00:00:00Z') }])
  expect(assignmentCell(simulator, tried, at('2026-11-20T00:00:00Z'))).toMatchObject({ state: 'in-progress', percent: 60 })
  expect(assignmentCell(simulator, simulatorTargetFacts([]), at('2026-11-20T00:00:00Z')).state).toBe('not-started')
})

test('course facts come from the learner standing', () => {
  const facts = courseTargetFacts({ percent: 40, completedAt: null, started: true, lastActivityAt: at('2026-11-20T00:00:00Z') })
  expect(facts).toEqual({ kind: 'course', percent: 40, completedAt: null, started: true, lastActivityAt: at('2026-11-20T00:00:00Z') })
})

test('summaries find who is stuck and sort them first', () => {
  const now = at('2026-12-10T00:00:00Z')
  const cell = (state: Cell['state'], percent: number, lastActivityAt: Date | null = null): Cell => ({ state, percent, doneAt: null, late: false, dueSoon: false, lastActivityAt })
  const fine = summariseLearner([cell('done', 100, at('2026-12-09T00:00:00Z')), cell('in-progress', 50, at('2026-12-09T12:00:00Z'))], now)
  expect(fine).toMatchObject({ assignments: 2, done: 1, inProgress: 1, overdue: 0, averagePercent: 75, lowestPercent: 50, idleDays: 0, stuck: false })
  const overdue = summariseLearner([cell('overdue', 40, at('2026-12-09T00:00:00Z'))], now)
  expect(overdue).toMatchObject({ overdue: 1, stuck: true })
  const idle = summariseLearner([cell('in-progress', 20, at('2026-12-01T00:00:00Z'))], now)
  expect(idle).toMatchObject({ idleDays: 9, stuck: true })
  expect(summariseLearner([cell('in-progress', 20, at('2026-12-01T00:00:00Z'))], now, { idleDays: 10 }).stuck).toBe(false)
  const never = summariseLearner([cell('not-started', 0)], now)
  expect(never).toMatchObject({ idleDays: null, stuck: true, lowestPercent: 0 })
  // Activity outside the assignments counts.
  expect(summariseLearner([cell('not-started', 0)], now, { lastActivityAt: at('2026-12-09T00:00:00Z') }).stuck).toBe(false)
  const allDone = summariseLearner([cell('done', 100, at('2026-10-01T00:00:00Z'))], now)
  expect(allDone.stuck).toBe(false)
  expect(summariseLearner([], now)).toMatchObject({ assignments: 0, averagePercent: 0, lowestPercent: 100, stuck: false })

  const sorted = [fine, allDone, idle, never, overdue].sort(compareNeed)
  expect(sorted).toEqual([overdue, never, idle, fine, allDone])
})
