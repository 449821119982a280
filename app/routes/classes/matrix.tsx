import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { requirePermission } from '~/auth/guards.server'
import { actorFor } from '~/auth/manage.server'
import { classMatrix } from '~/classes/matrix.server'
import { compareNeed } from '~/classes/status'
import { formatVietnamDay, vietnamDay } from '~/lib/dates'
import { formatVietnamesePhone } from '~/lib/phone'
import { foldVietnamese } from '~/lib/text'
import { type RouteHandle } from '~/root'
import { pageTitle } from '~/ui/meta'
import { useT } from '~/ui/use-t'
import { cellClass, cellLabel, cellView, packRow, unpackCell } from './cell-badge'

// Sorting and filtering are GET parameters: the page works without
// JavaScript, ships none, and a trainer can bookmark "who is stuck".
export const handle: RouteHandle = { hydrate: false }

export const meta: MetaFunction = (args) => pageTitle(args, 'classes.matrixTitle')

const FILTERS = ['tat-ca', 'can-giup', 'qua-han', 'chua-bat-dau', 'xong'] as const
const SORTS = ['can-giup', 'ten', 'tien-do'] as const
type Filter = (typeof FILTERS)[number]
type Sort = (typeof SORTS)[number]

function pick<T extends string>(value: string | null, allowed: readonly T[]): T {
  return allowed.includes(value as T) ? (value as T) : allowed[0]!
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await actorFor(await requirePermission(request, 'class:manage'))
  const matrix = await classMatrix(actor, params.id ?? '')
  if (!matrix) throw new Response('Not found', { status: 404 })
  const url = new URL(request.url)
  const filter = pick<Filter>(url.searchParams.get('loc'), FILTERS)
  const sort = pick<Sort>(url.searchParams.get('sap-xep'), SORTS)
  const query = (url.searchParams.get('q') ?? '').trim().slice(0, 100)
  const folded = foldVietnamese(query)
  const digits = query.replace(/\D/g, '')
  const matches = (row: (typeof matrix.rows)[number]) =>
    !folded ||
    foldVietnamese(row.name).includes(folded) ||
    (digits.length >= 3 && !!row.phone && formatVietnamesePhone(row.phone).replace(/\D/g, '').includes(digits)) ||
    (!!row.email && row.email.includes(query.toLowerCase()))
  const collator = new Intl.Collator('vi')
  const rows = matrix.rows
    .filter((row) => {
      if (!matches(row)) return false
      const { summary } = row
      if (filter === 'can-giup') return summary.stuck
      if (filter === 'qua-han') return summary.overdue > 0
      if (filter === 'chua-bat-dau') return summary.assignments > 0 && summary.notStarted === summary.assignments
      if (filter === 'xong') return summary.assignments > 0 && summary.done === summary.assignments
      return true
    })
    .sort((a, b) => {
      if (sort === 'can-giup') return compareNeed(a.summary, b.summary) || collator.compare(a.name, b.name)
      if (sort === 'tien-do') return b.summary.averagePercent - a.summary.averagePercent || collator.compare(a.name, b.name)
      return collator.compare(a.name, b.name)
    })
  const counts = {
    total: matrix.rows.length,
    stuck: matrix.rows.filter((row) => row.summary.stuck).length,
    overdue: matrix.rows.filter((row) => row.summary.overdue > 0).length,
    done: matrix.rows.filter((row) => row.summary.assignments > 0 && row.summary.done === row.summary.assignments).length,
  }
  return {
    cls: { id: matrix.classId, name: matrix.className },
    assignments: matrix.assignments,
    sessions: matrix.sessions.length,
    rows: rows.map((row) => ({
      id: row.id,
      name: row.name,
      login: row.phone ? formatVietnamesePhone(row.phone) : (row.email ?? ''),
      cells: packRow(
        matrix.assignments.map((assignment) => {
          const cell = row.cells[assignment.id]
          return cell ? cellView(cell, vietnamDay) : null
        }),
      ),
      attended: row.attended,
      stuck: row.summary.stuck,
      idleDays: row.summary.idleDays,
    })),
    counts,
    filter,
    sort,
    query,
  }
}

export default function MatrixRoute() {
  const t = useT()
  const { cls, assignments, sessions, rows, counts, filter, sort, query } = useLoaderData<typeof loader>()
  // Most cells repeat ("Chưa bắt đầu", "Xong 20/11/2026"): word each distinct one once.
  const texts = new Map<string, { className: string; label: string }>()
  const cellText = (packed: string) => {
    let text = texts.get(packed)
    if (!text) {
      const cell = unpackCell(packed)
      text = { className: cellClass(cell), label: cellLabel(t, cell) }
      texts.set(packed, text)
    }
    return text
  }
  const filterLabels: Record<Filter, string> = {
    'tat-ca': t('classes.filterAll', { count: counts.total }),
    'can-giup': t('classes.filterStuck', { count: counts.stuck }),
    'qua-han': t('classes.filterOverdue', { count: counts.overdue }),
    'chua-bat-dau': t('classes.filterNotStarted'),
    xong: t('classes.filterDone', { count: counts.done }),
  }
  return (
    <div className="container page wide">
      <p>
        <Link to={`/lop-hoc/${cls.id}`}>← {cls.name}</Link>
      </p>
      <h1>{t('classes.matrixHeading', { name: cls.name })}</h1>
      <p className="actions">
        <a href={`/lop-hoc/${cls.id}/tien-do/bang-tien-do.xlsx`} download>
          {t('classes.exportXlsx')}
        </a>
        <a href={`/lop-hoc/${cls.id}/tien-do/bang-tien-do.csv`} download>
          {t('classes.exportCsv')}
        </a>
      </p>
      <Form method="get" className="search" role="search" aria-label={t('classes.filterFormLabel')}>
        <div className="field">
          <label htmlFor="matrix-q">{t('classes.searchLearner')}</label>
          <input id="matrix-q" name="q" defaultValue={query} />
        </div>
        <div className="field">
          <label htmlFor="matrix-filter">{t('classes.filterLabel')}</label>
          <select id="matrix-filter" name="loc" defaultValue={filter}>
            {FILTERS.map((value) => (
              <option key={value} value={value}>
                {filterLabels[value]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="matrix-sort">{t('classes.sortLabel')}</label>
          <select id="matrix-sort" name="sap-xep" defaultValue={sort}>
            <option value="can-giup">{t('classes.sortNeed')}</option>
            <option value="ten">{t('classes.sortName')}</option>
            <option value="tien-do">{t('classes.sortProgress')}</option>
          </select>
        </div>
        <button type="submit" className="button">
          {t('classes.filterSubmit')}
        </button>
      </Form>
      {!assignments.length ? <p className="notice">{t('classes.matrixNoAssignments')}</p> : null}
      {rows.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="matrix-caption">
          <table className="table matrix">
            <caption id="matrix-caption">{t('classes.matrixCaption', { shown: rows.length, total: counts.total })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('manage.colName')}</th>
                {assignments.map((assignment) => (
                  <th scope="col" key={assignment.id}>
                    {assignment.kind === 'simulator' ? `${t('classes.kindSimulator')}: ` : null}
                    {assignment.title}
                    <span className="matrix__due">{t('classes.dueOn', { day: formatVietnamDay(assignment.dueDay) })}</span>
                  </th>
                ))}
                {sessions ? <th scope="col">{t('classes.colAttendance')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <th scope="row">
                    {/* Plain links: the page ships no JavaScript, and 500 router links cost render time. */}
                    <a href={`/lop-hoc/${cls.id}/hoc-vien/${row.id}`}>{row.name}</a>
                    <span className="matrix__login">{row.login}</span>
                    {row.stuck ? <span className="matrix__flag">{t('classes.needsHelp')}</span> : null}
                  </th>
                  {row.cells.split(';').map((packed, index) => {
                    const cell = packed ? cellText(packed) : null
                    return (
                      <td key={assignments[index]!.id} className={cell?.className}>
                        {cell?.label}
                      </td>
                    )
                  })}
                  {sessions ? <td>{t('classes.attendedOf', { count: row.attended, total: sessions })}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{counts.total ? t('classes.matrixNoMatch') : t('classes.noMembers')}</p>
      )}
    </div>
  )
}
