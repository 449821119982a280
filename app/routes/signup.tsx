import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { signUp } from '~/auth/accounts.server'
import { isSecureRequest, redirectWithSession, requireAnonymous } from '~/auth/guards.server'
import { listOrganizationsForSelect } from '~/auth/organizations.server'
import { SignupSchema } from '~/auth/schemas'
import { parseSubmission, readForm } from '~/lib/form-data.server'
import { joinFromRedirect } from '~/classes/classes.server'
import { adoptGuestProgress, hasGuestProgress, readGuest } from '~/progress/guest.server'
import { parsePreferences } from '~/lib/preferences'
import { AFTER_SIGNUP, safeRedirectPath } from '~/lib/safe-redirect'
import { CheckboxField, Field, ErrorSummary, Honeypot, useZodForm } from '~/ui/forms'
import { pageTitle } from '~/ui/meta'
import { WorkFields, workFieldLabels } from '~/ui/profile-fields'
import { useT } from '~/ui/use-t'
import { forwardHeaders } from '~/lib/headers'

export const meta: MetaFunction = (args) => pageTitle(args, 'signup.title')

// A 429's Retry-After (and the rest of the answer's headers) reach the browser.
export const headers = forwardHeaders

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  return { organizations: await listOrganizationsForSelect(), keepsProgress: hasGuestProgress(readGuest(request)) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request)
  const submission = parseSubmission(await readForm(request), SignupSchema)
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: ['password'] }) }, { status: 400 })
  }
  const { redirectTo, consent: _consent, website: _honeypot, ...input } = submission.value
  // Decided before the account exists, so the answer can always be sent.
  // Without a way back, a new learner is welcomed on their learning page
  // (what to do next), not dropped on the profile form.
  const back = safeRedirectPath(redirectTo, AFTER_SIGNUP)
  const result = await signUp(input, { ip: context.clientIp, preferences: parsePreferences(request.headers.get('Cookie')) })
  if (!result.ok && result.error === 'throttled') {
    const minutes = Math.max(1, Math.ceil(result.waitSeconds / 60))
    return data(
      { result: submission.reply({ formErrors: [`signup.throttled|minutes=${minutes}`], hideFields: ['password'] }) },
      { status: 429, headers: { 'Retry-After': String(result.waitSeconds) } },
    )
  }
  if (!result.ok) {
    return data(
      { result: submission.reply({ fieldErrors: { [result.field]: [result.error] }, hideFields: ['password'] }) },
      { status: 400 },
    )
  }
  const merged = await adoptGuestProgress(request, result.user.id, { secure: isSecureRequest(request) })
  await joinFromRedirect(result.user.id, back)
  return redirectWithSession(request, result.token, result.expiresAt, back, merged)
}

export default function SignupRoute() {
  const t = useT()
  const { organizations, keepsProgress } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const redirectTo = safeRedirectPath(searchParams.get('redirectTo'), '')
  const [form, fields, formProps] = useZodForm(SignupSchema, { lastResult: actionData?.result, defaultValue: { kind: 'RESIDENT' } })
  const loginHref = redirectTo ? `/dang-nhap?${new URLSearchParams({ redirectTo })}` : '/dang-nhap'
  return (
    <div className="container page narrow">
      <h1>{t('signup.heading')}</h1>
      <p className="lead">{t('signup.lead')}</p>
      {keepsProgress ? (
        <p className="alert alert--success" role="status">
          {t('progress.signupKeeps')}
        </p>
      ) : null}
      <Form method="post" {...formProps} className="stack">
        <ErrorSummary form={form} labels={{ name: t('signup.name'), login: t('signup.login'), password: t('signup.password'), ...workFieldLabels(t) }} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Honeypot />
        <Field field={fields.name} label={t('signup.name')} autoComplete="name" />
        <Field field={fields.login} label={t('signup.login')} hint={t('auth.loginHint')} autoComplete="username" />
        <Field
          field={fields.password}
          label={t('signup.password')}
          hint={t('auth.passwordRules')}
          type="password"
          autoComplete="new-password"
        />
        <WorkFields
          fields={fields}
          organizations={organizations}
          organizationPlaceholder={t('signup.organizationNone')}
          organizationHint={t('signup.organizationHint')}
        />
        <CheckboxField field={fields.consent} label={t('signup.consent')} />
        <p>
          <Link to="/quyen-rieng-tu" target="_blank">
            {t('signup.privacyLink')}
          </Link>
        </p>
        <button type="submit" className="button">
          {t('signup.submit')}
        </button>
      </Form>
      <p className="section">
        {t('signup.haveAccount')} <Link to={loginHref}>{t('nav.login')}</Link>
      </p>
    </div>
  )
}
