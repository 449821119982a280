import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { choosesOwnOrganization, signOutEverywhere, updateProfile } from '~/auth/accounts.server'
import { isSecureRequest, requireUser } from '~/auth/guards.server'
import { listOrganizationsForSelect, organizationName } from '~/auth/organizations.server'
import { ProfileSchema } from '~/auth/schemas'
import { blankSessionCookie } from '~/auth/session.server'
import { type MessageKey } from '~/i18n'
import { parseSubmission, readForm } from '~/lib/form-data.server'
import { loginText } from '~/lib/phone'
import { parsePreferences, serializePreferences } from '~/lib/preferences'
import { Field, ErrorSummary, RadioGroup, useZodForm } from '~/ui/forms'
import { pageTitle } from '~/ui/meta'
import { WorkFields, workFieldLabels } from '~/ui/profile-fields'
import { useT } from '~/ui/use-t'
import { forwardHeaders } from '~/lib/headers'

export const meta: MetaFunction = (args) => pageTitle(args, 'account.title')

// A 429's Retry-After (and the rest of the answer's headers) reach the browser.
export const headers = forwardHeaders

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  return {
    user: {
      name: user.name,
      login: loginText(user),
      kind: user.kind,
      agency: user.agency ?? '',
      position: user.position ?? '',
      organizationId: user.organizationId ?? '',
      role: user.role,
      locale: user.locale,
      textSize: user.textSize,
    },
    // Staff see their unit but cannot change it here (it is their reach).
    organizationChoice: choosesOwnOrganization(user)
      ? ({ locked: false, options: await listOrganizationsForSelect() } as const)
      : ({ locked: true, name: user.organizationId ? await organizationName(user.organizationId) : null } as const),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const form = await readForm(request)
  if (form.data.get('intent') === 'sign-out-everywhere') {
    await signOutEverywhere(user.id)
    return redirect('/dang-nhap', { headers: { 'Set-Cookie': blankSessionCookie({ secure: isSecureRequest(request) }) } })
  }
  const submission = parseSubmission(form, ProfileSchema)
  if (submission.status !== 'success') return data({ result: submission.reply(), saved: false }, { status: 400 })
  const { intent: _intent, ...input } = submission.value
  const result = await updateProfile(user, input)
  if (!result.ok && result.error === 'throttled') {
    const minutes = Math.max(1, Math.ceil(result.waitSeconds / 60))
    return data(
      { result: submission.reply({ formErrors: [`signup.throttled|minutes=${minutes}`] }), saved: false },
      { status: 429, headers: { 'Retry-After': String(result.waitSeconds) } },
    )
  }
  if (!result.ok) {
    return data({ result: submission.reply({ fieldErrors: { [result.field]: [result.error] } }), saved: false }, { status: 400 })
  }
  // The display preferences follow the account to the cookie that renders pages.
  const prefs = parsePreferences(request.headers.get('Cookie'))
  const cookie = serializePreferences(
    { ...prefs, locale: input.locale, textSize: input.textSize },
    { secure: isSecureRequest(request) },
  )
  return data({ result: submission.reply(), saved: true }, { headers: { 'Set-Cookie': cookie } })
}

export default function AccountRoute() {
  const t = useT()
  const { user, organizationChoice } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields, formProps] = useZodForm(ProfileSchema, { lastResult: actionData?.result, defaultValue: user })
  return (
    <div className="container page narrow">
      <h1>{t('account.heading')}</h1>
      <p>
        {t('account.role')}: <strong>{t(`role.${user.role}` as MessageKey)}</strong>
      </p>
      <section aria-labelledby="profile-heading">
        <h2 id="profile-heading">{t('account.profileHeading')}</h2>
        {actionData?.saved ? (
          <p className="alert alert--success" role="status">
            {t('account.saved')}
          </p>
        ) : null}
        <Form method="post" {...formProps} className="stack">
          <input type="hidden" name="intent" value="profile" />
          <ErrorSummary form={form} labels={{ name: t('signup.name'), login: t('signup.login'), ...workFieldLabels(t), locale: t('account.language'), textSize: t('account.textSize') }} />
          <Field field={fields.name} label={t('signup.name')} autoComplete="name" />
          <Field field={fields.login} label={t('signup.login')} hint={t('auth.loginHint')} autoComplete="username" />
          <WorkFields
            fields={fields}
            organizations={organizationChoice.locked ? null : organizationChoice.options}
            lockedOrganization={organizationChoice.locked ? (organizationChoice.name ?? t('signup.organizationNone')) : undefined}
            organizationPlaceholder={t('signup.organizationNone')}
          />
          <RadioGroup
            field={fields.locale}
            legend={t('account.language')}
            options={[
              { value: 'vi', label: 'Tiếng Việt' },
              { value: 'en', label: 'English' },
            ]}
          />
          <RadioGroup
            field={fields.textSize}
            legend={t('account.textSize')}
            options={[
              { value: 'normal', label: t('prefs.textNormal') },
              { value: 'large', label: t('prefs.textLarge') },
            ]}
          />
          <button type="submit" className="button">
            {t('account.save')}
          </button>
        </Form>
      </section>
      <section className="section" aria-labelledby="security-heading">
        <h2 id="security-heading">{t('account.securityHeading')}</h2>
        <p>
          <Link to="/tai-khoan/mat-khau">{t('account.changePassword')}</Link>
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value="sign-out-everywhere" />
          <p className="muted">{t('account.signOutEverywhereHint')}</p>
          <button type="submit" className="button button--secondary">
            {t('account.signOutEverywhere')}
          </button>
        </Form>
      </section>
      <section className="section" aria-labelledby="data-heading">
        <h2 id="data-heading">{t('account.dataHeading')}</h2>
        <p>
          <a href="/tai-khoan/du-lieu" download>
            {t('account.download')}
          </a>
        </p>
        <p>
          <Link to="/quyen-rieng-tu">{t('signup.privacyLink')}</Link>
        </p>
        <p>
          <Link to="/tai-khoan/xoa" className="button button--danger">
            {t('account.delete')}
          </Link>
        </p>
      </section>
    </div>
  )
}
