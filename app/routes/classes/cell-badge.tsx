import { type Translate } from '~/i18n'
import { formatVietnamDay } from '~/lib/dates'
import { useT } from '~/ui/use-t'

// A cell as the page needs it: small enough that a 500 × 12 matrix is cheap
// to serialise and render.
export type CellView = { state: 'done' | 'overdue' | 'in-progress' | 'not-started'; percent: number; doneDay: string | null; late: boolean; dueSoon: boolean }

export function cellView(cell: { state: CellView['state']; percent: number; doneAt: Date | null; late: boolean; dueSoon: boolean }, dayOf: (date: Date) => string): CellView {
  return { state: cell.state, percent: cell.percent, doneDay: cell.doneAt ? dayOf(cell.doneAt) : null, late: cell.late, dueSoon: cell.dueSoon }
}

const STATES: CellView['state'][] = ['done', 'overdue', 'in-progress', 'not-started']

// One short string per cell ("0|100|2026-11-20|0|0") for the matrix: Remix
// encodes loader data value by value, and six thousand small objects cost
// more to encode than the rest of the page to render.
export function packCell(cell: CellView): string {
  return `${STATES.indexOf(cell.state)}|${cell.percent}|${cell.doneDay ?? ''}|${cell.late ? 1 : 0}|${cell.dueSoon ? 1 : 0}`
}

/** A whole row in one string (cells joined by ";", empty for no cell): one value per learner to encode, not twelve. */
export function packRow(cells: readonly (CellView | null)[]): string {
  return cells.map((cell) => (cell ? packCell(cell) : '')).join(';')
}

export function unpackRow(packed: string): (CellView | null)[] {
  return packed.split(';').map((cell) => (cell ? unpackCell(cell) : null))
}

export function unpackCell(packed: string): CellView {
  const [state, percent, doneDay, late, dueSoon] = packed.split('|')
  return { state: STATES[Number(state)] ?? 'not-started', percent: Number(percent), doneDay: doneDay || null, late: late === '1', dueSoon: dueSoon === '1' }
}

// A status in words and a symbol, never colour alone (WCAG 1.4.1).
export function cellLabel(t: Translate, cell: CellView): string {
  switch (cell.state) {
    case 'done':
      return `${t('classes.cellDone')}${cell.doneDay ? ` ${formatVietnamDay(cell.doneDay)}` : ''}${cell.late ? ` (${t('classes.cellLate')})` : ''}`
    case 'overdue':
      return t('classes.cellOverdue', { percent: cell.percent })
    case 'in-progress':
      return `${t('classes.cellProgress', { percent: cell.percent })}${cell.dueSoon ? ` · ${t('classes.cellDueSoon')}` : ''}`
    case 'not-started':
      return `${t('classes.cellNotStarted')}${cell.dueSoon ? ` · ${t('classes.cellDueSoon')}` : ''}`
  }
}

// The symbol before the words comes from CSS (`.cell--done::before`), so a
// 500 × 12 matrix carries one class and one label per cell and nothing else.
export function cellClass(cell: CellView): string {
  return `cell cell--${cell.state}`
}

export function CellBadge({ cell }: { cell: CellView | undefined }) {
  const t = useT()
  return cell ? <span className={cellClass(cell)}>{cellLabel(t, cell)}</span> : null
}
