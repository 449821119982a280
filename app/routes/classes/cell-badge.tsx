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

export function unpackCell(packed: string): CellView {
  const [state, percent, doneDay, late, dueSoon] = packed.split('|')
  return { state: STATES[Number(state)] ?? 'not-started', percent: Number(percent), doneDay: doneDay || null, late: late === '1', dueSoon: dueSoon === '1' }
}

const ICONS: Record<CellView['state'], string> = { done: '✓ ', overdue: '⚠ ', 'in-progress': '◐ ', 'not-started': '○ ' }

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

/** Rendered with a translator passed in, not a hook per cell: the matrix has thousands. */
export function cellContent(t: Translate, cell: CellView | undefined) {
  if (!cell) return null
  return (
    <span className={`cell cell--${cell.state}`}>
      <span aria-hidden="true">{ICONS[cell.state]}</span>
      {cellLabel(t, cell)}
    </span>
  )
}

export function CellBadge({ cell }: { cell: CellView | undefined }) {
  return cellContent(useT(), cell)
}
