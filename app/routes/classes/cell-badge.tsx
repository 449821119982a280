import { type Cell } from '~/classes/status'
import { formatVietnamDay } from '~/lib/dates'
import { useT } from '~/ui/use-t'

// A status in words and a symbol, never colour alone (WCAG 1.4.1).
export function CellBadge({ cell }: { cell: Cell | undefined }) {
  const t = useT()
  if (!cell) return null
  switch (cell.state) {
    case 'done':
      return (
        <span className="cell cell--done">
          <span aria-hidden="true">✓ </span>
          {t('classes.cellDone')}
          {cell.doneAt ? ` ${formatVietnamDay(new Date(cell.doneAt))}` : null}
          {cell.late ? ` (${t('classes.cellLate')})` : null}
        </span>
      )
    case 'overdue':
      return (
        <span className="cell cell--overdue">
          <span aria-hidden="true">⚠ </span>
          {t('classes.cellOverdue', { percent: cell.percent })}
        </span>
      )
    case 'in-progress':
      return (
        <span className="cell cell--progress">
          <span aria-hidden="true">◐ </span>
          {t('classes.cellProgress', { percent: cell.percent })}
          {cell.dueSoon ? ` · ${t('classes.cellDueSoon')}` : null}
        </span>
      )
    case 'not-started':
      return (
        <span className="cell cell--none">
          <span aria-hidden="true">○ </span>
          {t('classes.cellNotStarted')}
          {cell.dueSoon ? ` · ${t('classes.cellDueSoon')}` : null}
        </span>
      )
  }
}
