import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireUser } from '~/auth/guards.server'
import { actorFor } from '~/auth/manage.server'
import { hasPermission } from '~/auth/permissions'
import { listClasses, myClasses } from '~/classes/classes.server'
import { pageTitle } from '~/ui/meta'
import { useT } from '~/ui/use-t'
import { JoinCodeForm } from './join-code-form'

export const meta: MetaFunction = (args) => pageTitle(args, 'classes.title')

// One address for everyone: staff see the classes they run, learners the
// classes they belong to and the box to type a join code.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { redirectTo: '/lop-hoc' })
  const staff = hasPermission(user.role, 'class:manage')
  const actor = staff ? await actorFor(user) : null
  return {
    staff,
    hasOrganization: user.role === 'ADMIN' || !!user.organizationId,
    managed: staff ? await listClasses(actor!) : [],
    archived: staff ? await listClasses(actor!, { archived: true }) : [],
    justArchived: new URL(request.url).searchParams.has('luu-tru'),
    joined: await myClasses(user.id),
  }
}

export default function ClassesRoute() {
  const t = useT()
  const { staff, hasOrganization, managed, archived, justArchived, joined } = useLoaderData<typeof loader>()
  return (
    <div className="container page">
      <h1>{t('classes.heading')}</h1>
      {justArchived ? (
        <p className="notice" role="status">
          {t('classes.archived')}
        </p>
      ) : null}
      {staff ? (
        <section aria-labelledby="managed-heading">
          <h2 id="managed-heading">{t('classes.managedHeading')}</h2>
          {hasOrganization ? (
            <p>
              <Link to="/lop-hoc/moi" className="button">
                {t('classes.create')}
              </Link>
            </p>
          ) : (
            <p className="notice">{t('classes.noOrganization')}</p>
          )}
          {managed.length ? (
            <ul className="cards" role="list">
              {managed.map((cls) => (
                <li key={cls.id} className="card">
                  <h3>
                    <Link to={`/lop-hoc/${cls.id}`}>{cls.name}</Link>
                  </h3>
                  <p>{cls.organizationName}</p>
                  <p>{t('classes.summary', { members: cls.members, assignments: cls.assignments })}</p>
                  <p>
                    <Link to={`/lop-hoc/${cls.id}/tien-do`}>{t('classes.matrixLink')}</Link>
                  </p>
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('classes.noneManaged')}</p>
          )}
          {archived.length ? (
            <details>
              <summary>{t('classes.archivedList', { count: archived.length })}</summary>
              <ul className="member-list" role="list">
                {archived.map((cls) => (
                  <li key={cls.id}>
                    <Link to={`/lop-hoc/${cls.id}`}>{cls.name}</Link> <span className="muted">{cls.organizationName}</span>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </section>
      ) : null}
      <section aria-labelledby="joined-heading">
        <h2 id="joined-heading">{t('classes.joinedHeading')}</h2>
        {joined.length ? (
          <ul className="cards" role="list">
            {joined.map((cls) => (
              <li key={cls.id} className="card">
                <h3>{cls.name}</h3>
                <p>{t('classes.trainerLine', { trainer: cls.trainer.name, organization: cls.organization.name })}</p>
                {cls.scheduleNotes ? <p className="pre-line">{cls.scheduleNotes}</p> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('classes.noneJoined')}</p>
        )}
        <p>{t('classes.assignmentsOnDashboard')} <Link to="/hoc-tap">{t('nav.progress')}</Link></p>
        <JoinCodeForm />
      </section>
    </div>
  )
}
