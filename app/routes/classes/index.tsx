import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { requireUser } from '~/auth/guards.server'
import { actorFor } from '~/auth/manage.server'
import { hasPermission } from '~/auth/permissions'
import { listClasses, myClasses } from '~/classes/classes.server'
import { type MyInvitation, answerInvitation, myInvitations } from '~/classes/invitations.server'
import { InvitationAnswerSchema } from '~/classes/schemas'
import { formatVietnamDay } from '~/lib/dates'
import { parseSubmission, readForm } from '~/lib/form-data.server'
import { pageTitle } from '~/ui/meta'
import { useT } from '~/ui/use-t'
import { JoinCodeForm } from './join-code-form'

export const meta: MetaFunction = (args) => pageTitle(args, 'classes.title')

// One address for everyone: staff see the classes they run; everyone sees
// the invitations waiting for their answer, the classes they belong to and
// the box to type a join code.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { redirectTo: '/lop-hoc' })
  const staff = hasPermission(user.role, 'class:manage')
  const actor = staff ? await actorFor(user) : null
  const searchParams = new URL(request.url).searchParams
  return {
    staff,
    hasOrganization: user.role === 'ADMIN' || !!user.organizationId,
    managed: staff ? await listClasses(actor!) : [],
    archived: staff ? await listClasses(actor!, { archived: true }) : [],
    justArchived: searchParams.has('luu-tru'),
    justDeclined: searchParams.has('tu-choi'),
    invitations: await myInvitations(user.id),
    joined: await myClasses(user.id),
  }
}

const ANSWER_ERRORS = { archived: 'classes.invitationArchived', answered: 'classes.invitationAnswered' } as const

// Accept or decline an invitation. Someone else's invitation is 404, as a
// class one does not run is: the id tells nothing.
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { redirectTo: '/lop-hoc' })
  const submission = parseSubmission(await readForm(request), InvitationAnswerSchema)
  if (submission.status !== 'success') throw new Response('Not found', { status: 404 })
  const { intent, invitationId } = submission.value
  const result = await answerInvitation(user.id, invitationId, intent === 'accept-invitation' ? 'accept' : 'decline')
  if (!result.ok) {
    if (result.error === 'not-found') throw new Response('Not found', { status: 404 })
    return data({ error: ANSWER_ERRORS[result.error] }, { status: 400 })
  }
  // The dashboard is where the class's assignments now show.
  return redirect(intent === 'accept-invitation' ? '/hoc-tap?vao-lop=1' : '/lop-hoc?tu-choi=1')
}

export default function ClassesRoute() {
  const t = useT()
  const { staff, hasOrganization, managed, archived, justArchived, justDeclined, invitations, joined } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="container page">
      <h1>{t('classes.heading')}</h1>
      {justArchived ? (
        <p className="notice" role="status">
          {t('classes.archived')}
        </p>
      ) : null}
      {justDeclined ? (
        <p className="notice" role="status">
          {t('classes.invitationDeclined')}
        </p>
      ) : null}
      {actionData?.error ? (
        <p className="alert alert--error" role="alert">
          {t(actionData.error)}
        </p>
      ) : null}
      {invitations.length ? <Invitations invitations={invitations} /> : null}
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

function Invitations({ invitations }: { invitations: MyInvitation[] }) {
  const t = useT()
  return (
    <section aria-labelledby="invitations-heading" id="loi-moi">
      <h2 id="invitations-heading">{t('classes.invitationsForYou', { count: invitations.length })}</h2>
      <p>{t('classes.invitationExplain')}</p>
      <ul className="cards" role="list">
        {invitations.map((invitation) => {
          const headingId = `invitation-${invitation.id}`
          return (
            <li key={invitation.id} className="card">
              <h3 id={headingId}>{invitation.className}</h3>
              <p>{t('classes.trainerLine', { trainer: invitation.trainer, organization: invitation.organization })}</p>
              {invitation.scheduleNotes ? <p className="pre-line">{invitation.scheduleNotes}</p> : null}
              {invitation.assignments.length ? (
                <>
                  <p>{t('classes.invitationAssigned')}</p>
                  <ul>
                    {invitation.assignments.map((assignment) => (
                      <li key={assignment.id}>
                        {assignment.kind === 'simulator' ? `${t('classes.kindSimulator')}: ` : null}
                        {assignment.title} — {t('classes.dueOn', { day: formatVietnamDay(assignment.dueDay) })}
                      </li>
                    ))}
                  </ul>
                </>
              ) : (
                <p>{t('classes.invitationNoAssignments')}</p>
              )}
              <p className="muted">{t('classes.invitedOn', { day: formatVietnamDay(invitation.invitedOn) })}</p>
              {/* One form, the answer is the button pressed (works without JavaScript). */}
              <Form method="post" className="actions">
                <input type="hidden" name="invitationId" value={invitation.id} />
                <button type="submit" name="intent" value="accept-invitation" className="button" aria-describedby={headingId}>
                  {t('classes.acceptInvitation')}
                </button>
                <button type="submit" name="intent" value="decline-invitation" className="button button--secondary" aria-describedby={headingId}>
                  {t('classes.declineInvitation')}
                </button>
              </Form>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
