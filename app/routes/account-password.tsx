import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { changePassword } from '~/auth/accounts.server'
import { requireSession } from '~/auth/guards.server'
import { ChangePasswordSchema } from '~/auth/schemas'
import { parseSubmission, readForm } from '~/lib/form-data.server'
import { Field, ErrorSummary, useZodForm } from '~/ui/forms'
import { pageTitle } from '~/ui/meta'
import { useT } from '~/ui/use-t'

export const meta: MetaFunction = (args) => pageTitle(args, 'password.title')

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireSession(request)
  return { mustChange: user.mustChangePassword }
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, sessionId } = await requireSession(request)
  const submission = parseSubmission(await readForm(request), ChangePasswordSchema)
  const hidden = ['currentPassword', 'newPassword', 'confirmPassword']
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: hidden }), done: false }, { status: 400 })
  }
  const result = await changePassword(user, sessionId, submission.value)
  if (!result.ok) {
    return data(
      { result: submission.reply({ fieldErrors: { [result.field]: [result.error] }, hideFields: hidden }), done: false },
      { status: 400 },
    )
  }
  return data({ result: submission.reply({ resetForm: true }), done: true })
}

export default function AccountPasswordRoute() {
  const t = useT()
  const { mustChange } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields, formProps] = useZodForm(ChangePasswordSchema, { lastResult: actionData?.result })
  return (
    <div className="container page narrow">
      <h1>{t('password.heading')}</h1>
      {actionData?.done ? (
        <>
          <p className="alert alert--success" role="status">
            {t('password.done')}
          </p>
          <p>
            <Link to="/tai-khoan">{t('account.title')}</Link>
          </p>
        </>
      ) : (
        <>
          {mustChange ? <p className="alert alert--error">{t('password.mustChange')}</p> : null}
          <Form method="post" {...formProps} className="stack">
            <ErrorSummary form={form} labels={{ currentPassword: mustChange ? t('password.currentTemporary') : t('password.current'), newPassword: t('password.new'), confirmPassword: t('password.confirm') }} />
            <Field
              field={fields.currentPassword}
              label={mustChange ? t('password.currentTemporary') : t('password.current')}
              type="password"
              autoComplete="current-password"
            />
            <Field
              field={fields.newPassword}
              label={t('password.new')}
              hint={t('auth.passwordRules')}
              type="password"
              autoComplete="new-password"
            />
            <Field field={fields.confirmPassword} label={t('password.confirm')} type="password" autoComplete="new-password" />
            <button type="submit" className="button">
              {t('password.submit')}
            </button>
          </Form>
        </>
      )}
    </div>
  )
}
