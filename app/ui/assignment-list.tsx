import { Link } from '@remix-run/react'
import { type Cell } from '~/classes/status'
import { formatVietnamDay } from '~/lib/dates'
import { useT } from './use-t'

export type AssignmentItem = { id: string; className: string; kind: 'course' | 'simulator'; title: string; href: string; dueDay: string; cell: Cell }

// Shown on the home page and the dashboard when something is overdue or due
// within three days; a plain notice, announced once, never a pop-up.
export function AssignmentNotice({ notice, linkToDashboard }: { notice: { overdue: number; dueSoon: number }; linkToDashboard?: boolean }) {
  const t = useT()
  return (
    <p className="notice" role="status">
      <span aria-hidden="true">⏰ </span>
      {notice.overdue ? t('assignments.noticeOverdue', { count: notice.overdue }) : null}
      {notice.overdue && notice.dueSoon ? ' ' : null}
      {notice.dueSoon ? t('assignments.noticeDueSoon', { count: notice.dueSoon }) : null}
      {linkToDashboard ? (
        <>
          {' '}
          <Link to="/hoc-tap#assignments-heading">{t('assignments.see')}</Link>
        </>
      ) : null}
    </p>
  )
}

export function AssignmentList({ items }: { items: AssignmentItem[] }) {
  const t = useT()
  return (
    <ul className="cards" role="list">
      {items.map((item) => {
        const { cell } = item
        const due = formatVietnamDay(item.dueDay)
        return (
          <li key={item.id} className={`card assignment assignment--${cell.state}`}>
            <h3>
              <Link to={item.href}>
                {item.kind === 'simulator' ? `${t('classes.kindSimulator')}: ` : null}
                {item.title}
              </Link>
            </h3>
            <p className="muted">{t('assignments.fromClass', { name: item.className })}</p>
            <p>
              {cell.state === 'done' ? (
                <strong>
                  <span aria-hidden="true">✓ </span>
                  {cell.late ? t('assignments.doneLate') : t('assignments.done')}
                </strong>
              ) : cell.state === 'overdue' ? (
                <strong>
                  <span aria-hidden="true">⚠ </span>
                  {t('assignments.overdue', { day: due, percent: cell.percent })}
                </strong>
              ) : (
                <>
                  {cell.dueSoon ? <span aria-hidden="true">⏰ </span> : null}
                  {t(cell.dueSoon ? 'assignments.dueSoon' : 'assignments.due', { day: due, percent: cell.percent })}
                </>
              )}
            </p>
          </li>
        )
      })}
    </ul>
  )
}
