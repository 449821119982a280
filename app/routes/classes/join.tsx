import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { getUser, requireUser } from '~/auth/guards.server'
import { classByJoinCode, isClassMember, joinClass, normalizeJoinCode } from '~/classes/classes.server'
import { JoinSchema } from '~/classes/schemas'
import { parseSubmission, readForm } from '~/lib/form-data.server'
import { pageTitle } from '~/ui/meta'
import { useT } from '~/ui/use-t'
import { JoinCodeForm } from './join-code-form'

export const meta: MetaFunction = (args) => pageTitle(args, 'classes.joinTitle')

// /vao-lop?ma=… (typed code) and /vao-lop/<code> (poster QR, shared link).
// Looking at a class needs no account; joining does, and the sign-up and
// login pages come back here with the learner already in the class.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const typed = new URL(request.url).searchParams.get('ma')
  if (!params.code && typed !== null) {
    const code = normalizeJoinCode(typed)
    if (code) return redirect(`/vao-lop/${encodeURIComponent(code)}`)
  }
  const user = await getUser(request)
  if (!params.code) return { code: '', cls: null, signedIn: !!user, member: false }
  const cls = await classByJoinCode(params.code)
  const code = normalizeJoinCode(params.code)
  if (!cls) return data({ code, cls: null, signedIn: !!user, member: false }, { status: 404 })
  const member = user ? await isClassMember(user.id, cls.id) : false
  return {
    code,
    cls: { name: cls.name, organization: cls.organization.name, trainer: cls.trainer.name, scheduleNotes: cls.scheduleNotes },
    signedIn: !!user,
    member,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { redirectTo: params.code ? `/vao-lop/${params.code}` : '/vao-lop' })
  const submission = parseSubmission(await readForm(request), JoinSchema)
  if (submission.status !== 'success') return data({ error: 'validation.required' as const, code: '' }, { status: 400 })
  const result = await joinClass(user.id, submission.value.code)
  if (!result.ok) return data({ error: result.error, code: submission.value.code }, { status: 400 })
  return redirect('/hoc-tap?vao-lop=1')
}

export default function JoinRoute() {
  const t = useT()
  const { code, cls, signedIn, member } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const back = encodeURIComponent(`/vao-lop/${code}`)
  return (
    <div className="container page narrow">
      <h1>{cls ? t('classes.joinHeadingNamed', { name: cls.name }) : t('classes.joinTitle')}</h1>
      {cls ? (
        <>
          <p>{t('classes.trainerLine', { trainer: cls.trainer, organization: cls.organization })}</p>
          {cls.scheduleNotes ? <p className="pre-line">{cls.scheduleNotes}</p> : null}
          {member ? (
            <>
              <p className="notice" role="status">
                {t('classes.alreadyMember')}
              </p>
              <p>
                <Link to="/hoc-tap" className="button">
                  {t('classes.seeAssignments')}
                </Link>
              </p>
            </>
          ) : signedIn ? (
            <Form method="post">
              <input type="hidden" name="code" value={code} />
              <button type="submit" className="button">
                {t('classes.joinConfirm', { name: cls.name })}
              </button>
            </Form>
          ) : (
            <>
              <p>{t('classes.joinNeedsAccount')}</p>
              <p className="actions">
                <Link to={`/dang-ky?redirectTo=${back}`} className="button">
                  {t('classes.signupToJoin')}
                </Link>
                <Link to={`/dang-nhap?redirectTo=${back}`}>{t('classes.loginToJoin')}</Link>
              </p>
            </>
          )}
        </>
      ) : (
        <JoinCodeForm code={code} error={actionData?.error ? t(actionData.error) : code ? t('classes.codeUnknown') : undefined} />
      )}
    </div>
  )
}
