import { expect, test } from 'vitest'
import { type MatrixFilter, filterCounts, matchesLearner, pickOption, selectRows } from '~/classes/matrix-view'
import { type LearnerSummary } from '~/classes/status'

const summary = (over: Partial<LearnerSummary>): LearnerSummary => ({
  assignments: 2,
  done: 0,
  late: 0,
  overdue: 0,
  dueSoon: 0,
  inProgress: 0,
  notStarted: 2,
  averagePercent: 0,
  lowestPercent: 0,
  lastActivityAt: null,
  idleDays: null,
  stuck: false,
  ...over,
})

const rows = [
  { name: 'Lê Thị Bình', phone: '+84912345678', email: null, summary: summary({ done: 2, notStarted: 0, averagePercent: 100, lowestPercent: 100 }) },
  { name: 'Trần Văn An', phone: null, email: 'an@example.com', summary: summary({ overdue: 1, stuck: true, averagePercent: 30, lowestPercent: 10, notStarted: 1 }) },
  { name: 'Bùi Thị Cúc', phone: null, email: null, summary: summary({ stuck: true }) },
]

test('a learner is found by name without marks, by phone digits or by email', () => {
  expect(matchesLearner(rows[0]!, 'binh')).toBe(true)
  expect(matchesLearner(rows[0]!, '0912 345')).toBe(true)
  expect(matchesLearner(rows[0]!, '12')).toBe(false)
  expect(matchesLearner(rows[1]!, 'AN@EXAMPLE')).toBe(true)
  expect(matchesLearner(rows[2]!, '')).toBe(true)
})

test('filters and their counts agree, and orders are stable by name', () => {
  const counts = filterCounts(rows)
  expect(counts).toEqual({ 'tat-ca': 3, 'can-giup': 2, 'qua-han': 1, 'chua-bat-dau': 1, xong: 1 })
  for (const filter of Object.keys(counts) as MatrixFilter[]) expect(selectRows(rows, { filter, sort: 'ten', query: '' })).toHaveLength(counts[filter])
  expect(selectRows(rows, { filter: 'tat-ca', sort: 'ten', query: '' }).map((row) => row.name)).toEqual(['Bùi Thị Cúc', 'Lê Thị Bình', 'Trần Văn An'])
  expect(selectRows(rows, { filter: 'tat-ca', sort: 'tien-do', query: '' })[0]!.name).toBe('Lê Thị Bình')
  expect(selectRows(rows, { filter: 'tat-ca', sort: 'can-giup', query: '' }).at(-1)!.name).toBe('Lê Thị Bình')
  expect(pickOption('khong-co', ['a', 'b'] as const)).toBe('a')
})
