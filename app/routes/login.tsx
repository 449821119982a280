import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react'
import { logIn } from '~/auth/accounts.server'
import { CHANGE_PASSWORD_PATH, isSecureRequest, redirectWithSession, requireAnonymous } from '~/auth/guards.server'
import { LoginFormSchema } from '~/auth/schemas'
import { parseSubmission, readForm } from '~/lib/form-data.server'
import { joinFromRedirect } from '~/classes/classes.server'
import { adoptGuestProgress } from '~/progress/guest.server'
import { accountPreferences, hasPreferencesCookie, serializePreferences } from '~/lib/preferences'
import { safeRedirectPath } from '~/lib/safe-redirect'
import { Field, ErrorSummary, Honeypot, useZodForm } from '~/ui/forms'
import { pageTitle } from '~/ui/meta'
import { useT } from '~/ui/use-t'
import { forwardHeaders } from '~/lib/headers'

export const meta: MetaFunction = (args) => pageTitle(args, 'login.title')

// A 429's Retry-After (and the rest of the answer's headers) reach the browser.
export const headers = forwardHeaders

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  return null
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request)
  const submission = parseSubmission(await readForm(request), LoginFormSchema)
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: ['password'] }) }, { status: 400 })
  }
  const { login, password, redirectTo } = submission.value
  // Decided before anything is done, so the answer can always be sent.
  const back = safeRedirectPath(redirectTo, '/tai-khoan')
  const result = await logIn({ login, password }, { ip: context.clientIp })
  if (!result.ok) {
    const formErrors =
      result.error === 'throttled'
        ? [`login.throttled|minutes=${Math.max(1, Math.ceil(result.waitSeconds / 60))}`]
        : ['login.invalid']
    return data(
      { result: submission.reply({ formErrors, hideFields: ['password'] }) },
      result.error === 'throttled' ? { status: 429, headers: { 'Retry-After': String(result.waitSeconds) } } : { status: 400 },
    )
  }
  const secure = isSecureRequest(request)
  const merged = await adoptGuestProgress(request, result.user.id, { secure })
  // A device that has made no display choice yet starts with the account's
  // (large text chosen on the first phone is there on the second); one that
  // has keeps its own, as someone may borrow a phone set up for them.
  const preferences = hasPreferencesCookie(request.headers.get('Cookie')) ? [] : [serializePreferences(accountPreferences(result.user), { secure })]
  await joinFromRedirect(result.user.id, back)
  return redirectWithSession(request, result.token, result.expiresAt, result.user.mustChangePassword ? CHANGE_PASSWORD_PATH : back, [...merged, ...preferences])
}

export default function LoginRoute() {
  const t = useT()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const redirectTo = safeRedirectPath(searchParams.get('redirectTo'), '')
  const [form, fields, formProps] = useZodForm(LoginFormSchema, { lastResult: actionData?.result })
  const signupHref = redirectTo ? `/dang-ky?${new URLSearchParams({ redirectTo })}` : '/dang-ky'
  return (
    <div className="container page narrow">
      <h1>{t('login.heading')}</h1>
      <Form method="post" {...formProps} className="stack">
        <ErrorSummary form={form} labels={{ login: t('login.login'), password: t('login.password') }} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Honeypot />
        <Field
          field={fields.login}
          label={t('login.login')}
          hint={t('auth.loginHint')}
          autoComplete="username"
        />
        <Field field={fields.password} label={t('login.password')} type="password" autoComplete="current-password" />
        <button type="submit" className="button">
          {t('login.submit')}
        </button>
      </Form>
      <p className="section">
        {t('login.noAccount')} <Link to={signupHref}>{t('nav.signup')}</Link>
      </p>
      <p className="muted">{t('login.forgot')}</p>
    </div>
  )
}
