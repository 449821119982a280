import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { requirePermission } from '~/auth/guards.server'
import { actorFor } from '~/auth/manage.server'
import { assign, assignableTargets, classAssignments, classMembers, findClass, removeMember, unassign } from '~/classes/classes.server'
import { classCertificateCount } from '~/classes/certificates.server'
import { classInvitations, withdrawInvitation } from '~/classes/invitations.server'
import { AssignmentSchema, RemoveMemberSchema, UnassignSchema, WithdrawInvitationSchema } from '~/classes/schemas'
import { siteUrl } from '~/env.server'
import { formatVietnamDay, vietnamDay } from '~/lib/dates'
import { parseSubmission, readForm } from '~/lib/form-data.server'
import { loginText } from '~/lib/phone'
import { ActionButton, Field, ErrorSummary, SelectField, useZodForm } from '~/ui/forms'
import { pageTitle } from '~/ui/meta'
import { useT } from '~/ui/use-t'

export const meta: MetaFunction = (args) => pageTitle(args, 'classes.classTitle')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await actorFor(await requirePermission(request, 'class:manage'))
  const cls = await findClass(actor, params.id ?? '')
  if (!cls) throw new Response('Not found', { status: 404 })
  const [members, assignments, invitations] = await Promise.all([classMembers(cls.id), classAssignments(cls.id), classInvitations(cls.id)])
  const certificateCount = await classCertificateCount(cls.id, members.map((member) => member.id))
  return {
    cls: {
      id: cls.id,
      name: cls.name,
      joinCode: cls.joinCode,
      scheduleNotes: cls.scheduleNotes,
      organization: cls.organization.name,
      trainer: cls.trainer.name,
      archived: !!cls.archivedAt,
    },
    joinUrl: `${siteUrl()}/vao-lop/${cls.joinCode}`,
    members: members.map((member) => ({
      id: member.id,
      name: member.name,
      login: loginText(member),
    })),
    // The names the trainer typed in their list, never the accounts' own.
    invitations,
    assignments: assignments.map((row) => ({ id: row.id, kind: row.kind, targetId: row.targetId, title: row.title, dueDay: row.dueDay })),
    targets: assignableTargets(),
    today: vietnamDay(new Date()),
    certificateCount,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await actorFor(await requirePermission(request, 'class:manage'))
  // Reach before the form: outside it, every post is the same 404.
  if (!(await findClass(actor, params.id ?? ''))) throw new Response('Not found', { status: 404 })
  const form = await readForm(request)
  const classId = params.id ?? ''
  const intent = form.data.get('intent')
  if (intent === 'assign') {
    const submission = parseSubmission(form, AssignmentSchema)
    if (submission.status !== 'success') return data({ intent, result: submission.reply(), done: null }, { status: 400 })
    const result = await assign(actor, classId, submission.value)
    if (!result.ok) {
      if ('notFound' in result) throw new Response('Not found', { status: 404 })
      return data({ intent, result: submission.reply({ fieldErrors: { [result.field]: [result.error] } }), done: null }, { status: 400 })
    }
    return { intent, result: submission.reply({ resetForm: true }), done: 'classes.assigned' as const }
  }
  if (intent === 'unassign') {
    const submission = parseSubmission(form, UnassignSchema)
    if (submission.status !== 'success' || !(await unassign(actor, classId, submission.value.assignmentId))) {
      throw new Response('Not found', { status: 404 })
    }
    return { intent, result: null, done: 'classes.unassigned' as const }
  }
  if (intent === 'remove-member') {
    const submission = parseSubmission(form, RemoveMemberSchema)
    if (submission.status !== 'success' || !(await removeMember(actor, classId, submission.value.userId))) {
      throw new Response('Not found', { status: 404 })
    }
    return { intent, result: null, done: 'classes.memberRemoved' as const }
  }
  if (intent === 'withdraw-invitation') {
    const submission = parseSubmission(form, WithdrawInvitationSchema)
    if (submission.status !== 'success' || !(await withdrawInvitation(actor, classId, submission.value.invitationId))) {
      throw new Response('Not found', { status: 404 })
    }
    return { intent, result: null, done: 'classes.invitationWithdrawn' as const }
  }
  return data({ intent: null, result: null, done: null }, { status: 400 })
}

export default function ClassRoute() {
  const t = useT()
  const { cls, joinUrl, members, invitations, assignments, targets, today, certificateCount } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const [form, fields, formProps] = useZodForm(AssignmentSchema, {
    lastResult: actionData?.intent === 'assign' ? actionData.result : undefined,
    defaultValue: { intent: 'assign' },
  })
  const courseTargets = targets.filter((target) => target.kind === 'course')
  const simulatorTargets = targets.filter((target) => target.kind === 'simulator')
  return (
    <div className="container page">
      <p>
        <Link to="/lop-hoc">← {t('classes.back')}</Link>
      </p>
      <h1>{cls.name}</h1>
      {searchParams.get('moi') ? (
        <p className="notice" role="status">
          {t('classes.created')}
        </p>
      ) : null}
      {actionData?.done ? (
        <p className="notice" role="status">
          {t(actionData.done)}
        </p>
      ) : null}
      {cls.archived ? <p className="notice">{t('classes.isArchived')}</p> : null}
      <p>{t('classes.trainerLine', { trainer: cls.trainer, organization: cls.organization })}</p>
      {cls.scheduleNotes ? <p className="pre-line">{cls.scheduleNotes}</p> : null}
      <nav aria-label={t('classes.toolsLabel')} className="actions">
        <Link to={`/lop-hoc/${cls.id}/tien-do`} className="button">
          {t('classes.matrixLink')}
        </Link>
        <Link to={`/lop-hoc/${cls.id}/them-hoc-vien`}>{t('classes.importLink')}</Link>
        <Link to={`/lop-hoc/${cls.id}/diem-danh`}>{t('classes.attendanceLink')}</Link>
        <Link to={`/lop-hoc/${cls.id}/sua`}>{t('classes.editLink')}</Link>
      </nav>

      <section aria-labelledby="join-heading" className="card">
        <h2 id="join-heading">{t('classes.joinHeading')}</h2>
        <p>
          {t('classes.joinCodeIs')} <strong className="join-code">{cls.joinCode}</strong>
        </p>
        <p>
          {t('classes.joinLinkIs')} <code className="break-all">{joinUrl}</code>
        </p>
        <p>
          <Link to={`/lop-hoc/${cls.id}/ap-phich`}>{t('classes.posterLink')}</Link>
        </p>
      </section>

      <section aria-labelledby="assignments-heading">
        <h2 id="assignments-heading">{t('classes.assignmentsHeading')}</h2>
        {assignments.length ? (
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="assignments-heading">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('classes.colAssignment')}</th>
                  <th scope="col">{t('classes.colDue')}</th>
                  <th scope="col">{t('classes.colActions')}</th>
                </tr>
              </thead>
              <tbody>
                {assignments.map((row) => (
                  <tr key={row.id}>
                    <th scope="row">
                      {row.kind === 'simulator' ? `${t('classes.kindSimulator')}: ` : null}
                      {row.title}
                    </th>
                    <td>
                      {formatVietnamDay(row.dueDay)}
                      {row.dueDay < today ? ` — ${t('classes.duePassed')}` : null}
                    </td>
                    <td>
                      <ActionButton fields={{ intent: 'unassign', assignmentId: row.id }} label={t('classes.unassign')} target={row.title} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t('classes.noAssignments')}</p>
        )}
        <h3>{t('classes.assignHeading')}</h3>
        <p>{t('classes.assignHint')}</p>
        <Form method="post" {...formProps} className="stack narrow">
          <input type="hidden" name="intent" value="assign" />
          <ErrorSummary form={form} labels={{ target: t('classes.targetLabel'), dueDay: t('classes.dueLabel') }} />
          <SelectField
            field={fields.target}
            label={t('classes.targetLabel')}
            placeholder={t('classes.targetPlaceholder')}
            groups={[
              { label: t('classes.groupCourses'), options: courseTargets.map((target) => ({ value: `course:${target.targetId}`, label: target.title })) },
              {
                label: t('classes.groupSimulators'),
                options: simulatorTargets.map((target) => ({ value: `simulator:${target.targetId}`, label: target.title })),
              },
            ]}
          />
          {/* A native date picker: large, localised by the phone, and it sends YYYY-MM-DD.
              No min: this form also moves an assigned item's date, which may go
              back into the past (docs/classes.md); the server refuses a past
              date only for a new assignment, with its own message. */}
          <Field field={fields.dueDay} type="date" label={t('classes.dueLabel')} hint={t('classes.dueHint')} />
          <button type="submit" className="button">
            {t('classes.assignSubmit')}
          </button>
        </Form>
      </section>

      <section aria-labelledby="members-heading">
        <h2 id="members-heading">{t('classes.membersHeading', { count: members.length })}</h2>
        {members.length ? (
          <ul className="member-list" role="list">
            {members.map((member) => (
              <li key={member.id}>
                <Link to={`/lop-hoc/${cls.id}/hoc-vien/${member.id}`}>{member.name}</Link> <span className="muted">{member.login}</span>
                <ActionButton fields={{ intent: 'remove-member', userId: member.id }} label={t('classes.removeMember')} target={member.name} />
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('classes.noMembers')}</p>
        )}
      </section>
      {invitations.length ? (
        <section aria-labelledby="invitations-heading">
          <h2 id="invitations-heading">{t('classes.invitationsHeading', { count: invitations.length })}</h2>
          <p>{t('classes.invitationsHint')}</p>
          <ul className="member-list" role="list">
            {invitations.map((invitation) => (
              <li key={invitation.id}>
                {invitation.displayName} <span className="muted">{t('classes.invitedOn', { day: formatVietnamDay(invitation.invitedOn) })}</span>
                <ActionButton
                  fields={{ intent: 'withdraw-invitation', invitationId: invitation.id }}
                  label={t('classes.withdrawInvitation')}
                  target={invitation.displayName}
                />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="certificates-heading">
        <h2 id="certificates-heading">{t('classes.certificatesHeading')}</h2>
        <p>{t('classes.certificatesCount', { count: certificateCount })}</p>
        {certificateCount ? (
          <p className="actions">
            <a href={`/lop-hoc/${cls.id}/chung-nhan/chung-nhan.zip`} download>
              {t('classes.certificatesZip')}
            </a>
            <a href={`/lop-hoc/${cls.id}/chung-nhan/chung-nhan.csv`} download>
              {t('classes.certificatesCsv')}
            </a>
          </p>
        ) : null}
      </section>
    </div>
  )
}
