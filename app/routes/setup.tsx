import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { SetupAdminSchema } from '~/auth/schemas'
import { createFirstAdmin, isSetupTokenValid } from '~/auth/setup.server'
import { DEFAULT_LOCALE, translator } from '~/i18n'
import { parseSubmission, readForm } from '~/lib/form-data.server'
import { parsePreferences } from '~/lib/preferences'
import { Field, ErrorSummary, useZodForm } from '~/ui/forms'
import { useT } from '~/ui/use-t'

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) => [
  { title: translator(loaderData?.locale ?? DEFAULT_LOCALE)('setup.title') },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const valid = await isSetupTokenValid(params.token ?? '')
  const { locale } = parsePreferences(request.headers.get('Cookie'))
  return data({ valid, locale }, { status: valid ? 200 : 404 })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request)
  const submission = parseSubmission(form, SetupAdminSchema)
  // The link decides before the form does: without a valid one, nothing
  // about the form is worth answering.
  if (!(await isSetupTokenValid(params.token ?? ''))) {
    return data({ done: false, result: submission.reply({ formErrors: ['setup.invalid'], hideFields: ['password'] }) }, { status: 403 })
  }
  if (submission.status !== 'success') {
    return data({ done: false, result: submission.reply({ hideFields: ['password'] }) }, { status: 400 })
  }
  const result = await createFirstAdmin(params.token ?? '', submission.value)
  if (!result.ok) {
    const reply =
      result.reason === 'invalid-token'
        ? submission.reply({ formErrors: ['setup.invalid'], hideFields: ['password'] })
        : submission.reply({
            fieldErrors: {
              login: [result.reason === 'login-taken' ? 'validation.loginTaken' : 'validation.loginInvalid'],
            },
            hideFields: ['password'],
          })
    return data({ done: false, result: reply }, { status: result.reason === 'invalid-token' ? 403 : 400 })
  }
  return data({ done: true, result: undefined })
}

export default function SetupRoute() {
  const { valid } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const [form, fields, formProps] = useZodForm(SetupAdminSchema, { lastResult: actionData?.result })

  if (actionData?.done) {
    return (
      <div className="container page narrow">
        <h1>{t('setup.heading')}</h1>
        <p className="alert alert--success" role="status">
          {t('setup.done')}
        </p>
      </div>
    )
  }

  return (
    <div className="container page narrow">
      <h1>{t('setup.heading')}</h1>
      {valid ? (
        <>
          <p className="lead">{t('setup.lead')}</p>
          <Form method="post" {...formProps} className="stack">
            <ErrorSummary form={form} labels={{ name: t('setup.name'), login: t('setup.login'), password: t('setup.password') }} />
            <Field field={fields.name} label={t('setup.name')} autoComplete="name" />
            <Field
              field={fields.login}
              label={t('setup.login')}
              hint={t('setup.loginHint')}
              autoComplete="username"
            />
            <Field
              field={fields.password}
              label={t('setup.password')}
              hint={t('setup.passwordHint')}
              type="password"
              autoComplete="new-password"
            />
            <button type="submit" className="button">
              {t('setup.submit')}
            </button>
          </Form>
        </>
      ) : (
        <p className="alert alert--error">{t('setup.invalid')}</p>
      )}
    </div>
  )
}
