import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, Link, useActionData } from '@remix-run/react'
import { deleteMyAccount } from '~/auth/accounts.server'
import { isSecureRequest, requireUser } from '~/auth/guards.server'
import { DeleteAccountSchema } from '~/auth/schemas'
import { blankSessionCookie } from '~/auth/session.server'
import { parseSubmission, readForm } from '~/lib/form-data.server'
import { randomId } from '~/lib/ids'
import { erasureOperations } from '~/progress/track.server'
import { CheckboxField, Field, ErrorSummary, useZodForm } from '~/ui/forms'
import { pageTitle } from '~/ui/meta'
import { useT } from '~/ui/use-t'

export const meta: MetaFunction = (args) => pageTitle(args, 'delete.title')

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request)
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const submission = parseSubmission(await readForm(request), DeleteAccountSchema)
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: ['password'] }), done: false }, { status: 400 })
  }
  const result = await deleteMyAccount(user, submission.value.password, (userId) => erasureOperations(userId, randomId(16)))
  if (!result.ok) {
    const field = result.error === 'validation.passwordWrong' ? 'password' : ''
    return data(
      {
        result: submission.reply({
          ...(field ? { fieldErrors: { password: [result.error] } } : { formErrors: [result.error] }),
          hideFields: ['password'],
        }),
        done: false,
      },
      { status: 400 },
    )
  }
  return data(
    { result: undefined, done: true },
    { headers: { 'Set-Cookie': blankSessionCookie({ secure: isSecureRequest(request) }) } },
  )
}

export default function AccountDeleteRoute() {
  const t = useT()
  const actionData = useActionData<typeof action>()
  const [form, fields, formProps] = useZodForm(DeleteAccountSchema, { lastResult: actionData?.result })
  if (actionData?.done) {
    return (
      <div className="container page narrow">
        <h1>{t('delete.heading')}</h1>
        <p className="alert alert--success" role="status">
          {t('delete.done')}
        </p>
      </div>
    )
  }
  return (
    <div className="container page narrow">
      <h1>{t('delete.heading')}</h1>
      <p>{t('delete.explain')}</p>
      <Form method="post" {...formProps} className="stack">
        <ErrorSummary form={form} labels={{ password: t('delete.password') }} />
        <Field field={fields.password} label={t('delete.password')} type="password" autoComplete="current-password" />
        <CheckboxField field={fields.confirm} label={t('delete.confirm')} />
        <div className="actions">
          <button type="submit" className="button button--danger">
            {t('delete.submit')}
          </button>
          <Link to="/tai-khoan" className="button button--secondary">
            {t('delete.cancel')}
          </Link>
        </div>
      </Form>
    </div>
  )
}
