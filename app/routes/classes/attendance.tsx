import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { requirePermission } from '~/auth/guards.server'
import { actorFor } from '~/auth/manage.server'
import { attendanceSessions, classMembers, deleteAttendance, findClass, saveAttendance } from '~/classes/classes.server'
import { AttendanceSchema, MAX_PRESENT } from '~/classes/schemas'
import { formatVietnamDay, isDay, vietnamDay } from '~/lib/dates'
import { parseSubmission, readForm } from '~/lib/form-data.server'
import { ActionButton, translateError } from '~/ui/forms'
import { pageTitle } from '~/ui/meta'
import { useT } from '~/ui/use-t'

export const meta: MetaFunction = (args) => pageTitle(args, 'classes.attendanceTitle')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await actorFor(await requirePermission(request, 'class:manage'))
  const cls = await findClass(actor, params.id ?? '')
  if (!cls) throw new Response('Not found', { status: 404 })
  const [members, sessions] = await Promise.all([classMembers(cls.id), attendanceSessions(cls.id)])
  const asked = new URL(request.url).searchParams.get('ngay') ?? ''
  const day = isDay(asked) ? asked : vietnamDay(new Date())
  const current = sessions.find((session) => session.day === day)
  return {
    cls: { id: cls.id, name: cls.name },
    members: members.map((member) => ({ id: member.id, name: member.name })),
    sessions: sessions.map((session) => ({ day: session.day, note: session.note, present: session.present.length })),
    day,
    note: current?.note ?? '',
    present: current?.present ?? [],
    recorded: !!current,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await actorFor(await requirePermission(request, 'class:manage'))
  // Reach before the form: outside it, every post is the same 404.
  if (!(await findClass(actor, params.id ?? ''))) throw new Response('Not found', { status: 404 })
  // One checkbox per learner, plus the day, the note and the intent.
  const form = await readForm(request, { maxFields: MAX_PRESENT + 3 })
  if (form.data.get('intent') === 'delete') {
    const day = String(form.data.get('day') ?? '')
    if (!isDay(day) || !(await deleteAttendance(actor, params.id ?? '', day))) throw new Response('Not found', { status: 404 })
    return { saved: null, deleted: day, error: null }
  }
  const submission = parseSubmission(form, AttendanceSchema)
  if (submission.status !== 'success') {
    const error = Object.values(submission.error ?? {}).flat()[0] ?? 'validation.invalid'
    return data({ saved: null, deleted: null, error }, { status: 400 })
  }
  const result = await saveAttendance(actor, params.id ?? '', submission.value)
  if (!result.ok) throw new Response('Not found', { status: 404 })
  return { saved: { day: submission.value.day, present: result.present }, deleted: null, error: null }
}

export default function AttendanceRoute() {
  const t = useT()
  const { cls, members, sessions, day, note, present, recorded } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const presentSet = new Set(present)
  return (
    <div className="container page">
      <p>
        <Link to={`/lop-hoc/${cls.id}`}>← {cls.name}</Link>
      </p>
      <h1>{t('classes.attendanceHeading')}</h1>
      {actionData?.saved ? (
        <p className="notice" role="status">
          {t('classes.attendanceSaved', { day: formatVietnamDay(actionData.saved.day), count: actionData.saved.present })}
        </p>
      ) : null}
      {actionData?.deleted ? (
        <p className="notice" role="status">
          {t('classes.attendanceDeleted', { day: formatVietnamDay(actionData.deleted) })}
        </p>
      ) : null}
      {actionData?.error ? (
        <p className="field__error" role="alert">
          {translateError(t, actionData.error)}
        </p>
      ) : null}
      <Form method="get" className="inline-form">
        <label htmlFor="pick-day">{t('classes.attendancePickDay')}</label>{' '}
        <input type="date" id="pick-day" name="ngay" defaultValue={searchParams.get('ngay') ?? day} />{' '}
        <button type="submit" className="button button--secondary">
          {t('classes.attendanceOpen')}
        </button>
      </Form>
      {members.length ? (
        <Form method="post" className="stack" key={day}>
          <input type="hidden" name="day" value={day} />
          <fieldset>
            <legend>{t(recorded ? 'classes.attendanceEditing' : 'classes.attendanceNew', { day: formatVietnamDay(day) })}</legend>
            <ul className="checklist" role="list">
              {members.map((member) => (
                <li key={member.id}>
                  <label>
                    <input type="checkbox" name="present" value={member.id} defaultChecked={presentSet.has(member.id)} /> {member.name}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <div className="field">
            <label htmlFor="attendance-note">{t('classes.attendanceNote')}</label>
            <input id="attendance-note" name="note" defaultValue={note} maxLength={300} />
          </div>
          <button type="submit" className="button">
            {t('classes.attendanceSave')}
          </button>
        </Form>
      ) : (
        <p>{t('classes.noMembers')}</p>
      )}
      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">{t('classes.sessionsHeading')}</h2>
        {sessions.length ? (
          <ul role="list" className="member-list">
            {sessions.map((session) => (
              <li key={session.day}>
                <Link to={`?ngay=${session.day}`}>{formatVietnamDay(session.day)}</Link>{' '}
                {t('classes.sessionPresent', { count: session.present, total: members.length })}
                {session.note ? ` — ${session.note}` : null}
                <ActionButton fields={{ intent: 'delete', day: session.day }} label={t('classes.sessionDelete')} target={formatVietnamDay(session.day)} />
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('classes.noSessions')}</p>
        )}
      </section>
    </div>
  )
}
