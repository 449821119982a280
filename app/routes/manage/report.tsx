import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requirePermission } from '~/auth/guards.server'
import { actorFor } from '~/auth/manage.server'
import { formatPercent } from '~/classes/report'
import { organizationReport } from '~/classes/report.server'
import { type MessageKey } from '~/i18n'
import { pageTitle } from '~/ui/meta'
import { useLocale, useT } from '~/ui/use-t'
import { WeekChart } from '~/ui/week-chart'

export const meta: MetaFunction = (args) => pageTitle(args, 'report.title')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'report:view')
  const report = await organizationReport(await actorFor(user), params.orgId ?? '', { now: new Date() })
  // Outside the actor's reach looks exactly like an organisation that does not exist.
  if (!report) throw new Response('Not found', { status: 404 })
  // The page shows each unit's totals; its per-course figures are in the CSV
  // and on the unit's own report, so they stay out of the page's data.
  const children = report.children.map(({ figures: { courses: _courses, ...totals }, ...child }) => ({ ...child, figures: totals }))
  return { report: { ...report, children } }
}

const day = (iso: string) => iso.split('-').reverse().join('/')

export default function ReportRoute() {
  const t = useT()
  const locale = useLocale()
  const { report } = useLoaderData<typeof loader>()
  const { organization, figures } = report
  const number = new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB')
  const n = (value: number) => number.format(value)
  const dateTime = new Intl.DateTimeFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Asia/Ho_Chi_Minh' })
  const date = new Intl.DateTimeFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'short', timeZone: 'Asia/Ho_Chi_Minh' })
  const weeks = report.weeks
  const weeklyTotal = weeks.reduce((sum, week) => sum + week.completions, 0)
  const weeklyMax = weeks.reduce((max, week) => Math.max(max, week.completions), 0)
  const kind = (value: string) => t(`orgKind.${value}` as MessageKey)
  return (
    <div className="container page">
      {report.ancestors.length ? (
        <nav className="breadcrumb" aria-label={t('report.breadcrumb')}>
          <ol>
            {report.ancestors.map((ancestor) => (
              <li key={ancestor.id}>
                <Link to={`/quan-ly/bao-cao/${ancestor.id}`}>{ancestor.name}</Link>
              </li>
            ))}
          </ol>
        </nav>
      ) : null}
      <h1>
        {organization.name}
        <span className="muted"> — {t('report.title')}</span>
      </h1>
      <p className="muted">
        {kind(organization.kind)} · {t('report.generatedAt', { at: dateTime.format(report.generatedAt) })}
      </p>
      <p className="actions">
        <a href={`/quan-ly/bao-cao/${organization.id}/csv`} download>
          {t('report.csv')}
        </a>
      </p>

      <section aria-labelledby="summary-heading">
        <h2 id="summary-heading" className="visually-hidden">
          {t('report.summaryHeading')}
        </h2>
        <ul className="report-stats">
          <li>
            <strong>{n(figures.learners)}</strong> {t('report.learners')}
            <div className="muted">
              {t('report.residents')}: {n(figures.residents)} · {t('report.civilServants')}: {n(figures.civilServants)}
            </div>
          </li>
          <li>
            <strong>{n(figures.completions)}</strong> {t('report.completions')}
          </li>
          <li>
            <strong>{n(figures.certificates)}</strong> {t('report.certificates')}
          </li>
          <li>
            <strong>{n(figures.overduePeople)}</strong> {t('report.overduePeople')}
          </li>
        </ul>
      </section>

      <section className="section" aria-labelledby="courses-heading">
        <h2 id="courses-heading">{t('report.coursesHeading')}</h2>
        <div className="table-wrap" role="region" aria-labelledby="courses-caption" tabIndex={0}>
          <table className="table">
            <caption id="courses-caption">{t('report.coursesCaption', { learners: n(figures.learners) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('report.colCourse')}</th>
                <th scope="col" className="numeric">
                  {t('report.colStarted')}
                </th>
                <th scope="col" className="numeric">
                  {t('report.colCompleted')}
                </th>
                <th scope="col" className="numeric">
                  {t('report.colRate')}
                </th>
                <th scope="col" className="numeric">
                  {t('report.colCertificates')}
                </th>
              </tr>
            </thead>
            <tbody>
              {figures.courses.map((course) => (
                <tr key={course.slug}>
                  <th scope="row">{course.title}</th>
                  <td className="numeric">{n(course.started)}</td>
                  <td className="numeric">{n(course.completed)}</td>
                  <td className="numeric">{formatPercent(course.percent, locale)}</td>
                  <td className="numeric">{n(course.certificates)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="section" aria-labelledby="children-heading">
        <h2 id="children-heading">{t('report.childrenHeading')}</h2>
        {report.children.length === 0 ? (
          <p>{t('report.noChildren')}</p>
        ) : (
          <div className="table-wrap" role="region" aria-labelledby="children-caption" tabIndex={0}>
            <table className="table">
              <caption id="children-caption">{t('report.childrenCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('report.colUnit')}</th>
                  <th scope="col" className="numeric">
                    {t('report.colLearners')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('report.colResidents')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('report.colCivilServants')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('report.colCompletions')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('report.colCertificates')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('report.colOverdue')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.children.map((child) => (
                  <tr key={child.id}>
                    <th scope="row">
                      <Link to={`/quan-ly/bao-cao/${child.id}`}>{child.name}</Link>
                      <div className="muted">{kind(child.kind)}</div>
                    </th>
                    <td className="numeric">{n(child.figures.learners)}</td>
                    <td className="numeric">{n(child.figures.residents)}</td>
                    <td className="numeric">{n(child.figures.civilServants)}</td>
                    <td className="numeric">{n(child.figures.completions)}</td>
                    <td className="numeric">{n(child.figures.certificates)}</td>
                    <td className="numeric">{n(child.figures.overduePeople)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="section" aria-labelledby="weeks-heading">
        <h2 id="weeks-heading">{t('report.weeksHeading')}</h2>
        <WeekChart
          id="weeks-chart"
          title={t('report.weeksHeading')}
          description={t('report.weeksDescription', {
            from: day(weeks[0]?.monday ?? ''),
            to: day(weeks.at(-1)?.monday ?? ''),
            total: n(weeklyTotal),
            max: n(weeklyMax),
          })}
          bars={weeks.map((week) => ({
            label: String(week.week),
            name: t('report.weekName', { week: week.week, monday: day(week.monday) }),
            value: week.completions,
          }))}
          tableToggle={t('report.weeksTable')}
          columnHeader={t('report.colWeek')}
          valueHeader={t('report.colCompletions')}
          formatNumber={n}
        />
      </section>

      <section className="section" aria-labelledby="overdue-heading">
        <h2 id="overdue-heading">{t('report.overdueHeading')}</h2>
        {report.overdue.items === 0 ? (
          <p>{t('report.overdueNone')}</p>
        ) : (
          <>
            <p>{t('report.overdueLead', { people: n(report.overdue.people), items: n(report.overdue.items) })}</p>
            <div className="table-wrap" role="region" aria-labelledby="overdue-caption" tabIndex={0}>
              <table className="table">
                <caption id="overdue-caption">{t('report.overdueCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('report.colPerson')}</th>
                    <th scope="col">{t('report.colAgency')}</th>
                    <th scope="col">{t('report.colClass')}</th>
                    <th scope="col">{t('report.colAssignment')}</th>
                    <th scope="col">{t('report.colDue')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.overdue.rows.map((row) => (
                    <tr key={`${row.userId}-${row.assignmentId}`}>
                      <th scope="row">{row.name}</th>
                      <td>{row.agency ?? row.organizationName ?? '—'}</td>
                      <td>{row.className}</td>
                      <td>
                        {row.targetTitle}
                        <div className="muted">{t(`report.kind.${row.kind}`)}</div>
                      </td>
                      <td>{date.format(row.dueAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {report.overdue.items > report.overdue.rows.length ? (
              <p className="muted">{t('report.overdueShown', { shown: n(report.overdue.rows.length), items: n(report.overdue.items) })}</p>
            ) : null}
          </>
        )}
      </section>

      <section className="section" aria-labelledby="trainers-heading">
        <h2 id="trainers-heading">{t('report.trainersHeading')}</h2>
        <p>
          {t('report.trainersLead')} <Link to="/quan-ly/nguoi-dung?vai-tro=TRAINER">{t('report.trainersAll')}</Link>
        </p>
        {report.trainers.rows.length === 0 ? (
          <p>{t('report.trainersNone')}</p>
        ) : (
          <div className="table-wrap" role="region" aria-labelledby="trainers-caption" tabIndex={0}>
            <table className="table">
              <caption id="trainers-caption">{t('report.trainersCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('report.colTrainer')}</th>
                  <th scope="col">{t('report.colUnit')}</th>
                  <th scope="col" className="numeric">
                    {t('report.colClasses')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('report.colClassLearners')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.trainers.rows.map((trainer) => (
                  <tr key={trainer.id}>
                    <th scope="row">
                      <Link to={`/quan-ly/nguoi-dung/${trainer.id}`}>{trainer.name}</Link>
                    </th>
                    <td>{trainer.organizationName ?? '—'}</td>
                    <td className="numeric">{n(trainer.classes)}</td>
                    <td className="numeric">{n(trainer.learners)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {report.trainers.total > report.trainers.rows.length ? (
          <p className="muted">{t('report.trainersShown', { shown: n(report.trainers.rows.length), total: n(report.trainers.total) })}</p>
        ) : null}
      </section>
    </div>
  )
}
