import { formatVietnamesePhone } from '~/lib/phone'
import { foldVietnamese } from '~/lib/text'
import { type LearnerSummary, compareNeed } from './status'

// What the trainer asks of the matrix (the page's GET parameters): which
// learners, in which order. Pure, so the page stays a page.

export const MATRIX_FILTERS = ['tat-ca', 'can-giup', 'qua-han', 'chua-bat-dau', 'xong'] as const
export const MATRIX_SORTS = ['can-giup', 'ten', 'tien-do'] as const
export type MatrixFilter = (typeof MATRIX_FILTERS)[number]
export type MatrixSort = (typeof MATRIX_SORTS)[number]

const FILTER_TESTS: Record<MatrixFilter, (summary: LearnerSummary) => boolean> = {
  'tat-ca': () => true,
  'can-giup': (summary) => summary.stuck,
  'qua-han': (summary) => summary.overdue > 0,
  'chua-bat-dau': (summary) => summary.assignments > 0 && summary.notStarted === summary.assignments,
  xong: (summary) => summary.assignments > 0 && summary.done === summary.assignments,
}

/** An unknown value falls back to the first choice, as a link typed by hand would expect. */
export function pickOption<T extends string>(value: string | null, allowed: readonly T[]): T {
  return allowed.includes(value as T) ? (value as T) : allowed[0]!
}

type Row = { name: string; phone: string | null; email: string | null; summary: LearnerSummary }

/** A name without marks ("binh" finds "Bình"), three or more digits of the phone, or part of the email. */
export function matchesLearner(row: Omit<Row, 'summary'>, query: string): boolean {
  const folded = foldVietnamese(query.trim())
  if (!folded) return true
  const digits = query.replace(/\D/g, '')
  return (
    foldVietnamese(row.name).includes(folded) ||
    (digits.length >= 3 && !!row.phone && formatVietnamesePhone(row.phone).replace(/\D/g, '').includes(digits)) ||
    (!!row.email && row.email.includes(query.trim().toLowerCase()))
  )
}

export function selectRows<T extends Row>(rows: readonly T[], { filter, sort, query }: { filter: MatrixFilter; sort: MatrixSort; query: string }): T[] {
  const collator = new Intl.Collator('vi')
  const byName = (a: T, b: T) => collator.compare(a.name, b.name)
  return rows
    .filter((row) => matchesLearner(row, query) && FILTER_TESTS[filter](row.summary))
    .sort((a, b) => {
      if (sort === 'can-giup') return compareNeed(a.summary, b.summary) || byName(a, b)
      if (sort === 'tien-do') return b.summary.averagePercent - a.summary.averagePercent || byName(a, b)
      return byName(a, b)
    })
}

/** How many learners each filter would show, for its label. */
export function filterCounts(rows: readonly Row[]): Record<MatrixFilter, number> {
  const counts = {} as Record<MatrixFilter, number>
  for (const filter of MATRIX_FILTERS) counts[filter] = rows.filter((row) => FILTER_TESTS[filter](row.summary)).length
  return counts
}
