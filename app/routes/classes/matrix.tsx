import { queryParam } from '~/lib/text'
import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { requirePermission } from '~/auth/guards.server'
import { actorFor } from '~/auth/manage.server'
import { classMatrix } from '~/classes/matrix.server'
import { MATRIX_FILTERS, MATRIX_SORTS, type MatrixFilter, type MatrixSort, filterCounts, pickOption, selectRows } from '~/classes/matrix-view'
import { formatVietnamDay, vietnamDay } from '~/lib/dates'
import { loginText } from '~/lib/phone'
import { type RouteHandle } from '~/root'
import { pageTitle } from '~/ui/meta'
import { useT } from '~/ui/use-t'
import { cellClass, cellLabel, cellView, packRow, unpackCell } from './cell-badge'

// Sorting and filtering are GET parameters: the page works without
// JavaScript, ships none, and a trainer can bookmark "who is stuck".
export const handle: RouteHandle = { hydrate: false }

export const meta: MetaFunction = (args) => pageTitle(args, 'classes.matrixTitle')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await actorFor(await requirePermission(request, 'class:manage'))
  const matrix = await classMatrix(actor, params.id ?? '')
  if (!matrix) throw new Response('Not found', { status: 404 })
  const url = new URL(request.url)
  const filter = pickOption<MatrixFilter>(url.searchParams.get('loc'), MATRIX_FILTERS)
  const sort = pickOption<MatrixSort>(url.searchParams.get('sap-xep'), MATRIX_SORTS)
  const query = queryParam(url, 'q')
  const rows = selectRows(matrix.rows, { filter, sort, query })
  return {
    cls: { id: matrix.classId, name: matrix.className },
    assignments: matrix.assignments,
    sessions: matrix.sessions.length,
    rows: rows.map((row) => ({
      id: row.id,
      name: row.name,
      login: loginText(row),
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
    counts: filterCounts(matrix.rows),
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
  const filterLabels: Record<MatrixFilter, string> = {
    'tat-ca': t('classes.filterAll', { count: counts['tat-ca'] }),
    'can-giup': t('classes.filterStuck', { count: counts['can-giup'] }),
    'qua-han': t('classes.filterOverdue', { count: counts['qua-han'] }),
    'chua-bat-dau': t('classes.filterNotStarted'),
    xong: t('classes.filterDone', { count: counts.xong }),
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
            {MATRIX_FILTERS.map((value) => (
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
            <caption id="matrix-caption">{t('classes.matrixCaption', { shown: rows.length, total: counts['tat-ca'] })}</caption>
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
                  {/* With no assignments the packed string is "", and "".split(';') is one empty cell without an assignment. */}
                  {(assignments.length ? row.cells.split(';') : []).map((packed, index) => {
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
        <p>{counts['tat-ca'] ? t('classes.matrixNoMatch') : t('classes.noMembers')}</p>
      )}
    </div>
  )
}
