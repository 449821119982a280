import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { requirePermission } from '~/auth/guards.server'
import { actorFor, createAccountForLearner } from '~/auth/manage.server'
import { listOrganizationsForSelect } from '~/auth/organizations.server'
import { CreateLearnerSchema } from '~/auth/schemas'
import { siteUrl } from '~/env.server'
import { parseSubmission, readForm } from '~/lib/form-data.server'
import { Field, ErrorSummary, useZodForm } from '~/ui/forms'
import { pageTitle } from '~/ui/meta'
import { LoginSlip } from '~/ui/slip'
import { WorkFields, workFieldLabels } from '~/ui/profile-fields'
import { useT } from '~/ui/use-t'
import { forwardHeaders } from '~/lib/headers'

export const meta: MetaFunction = (args) => pageTitle(args, 'manage.createTitle')

// A 429's Retry-After (and the rest of the answer's headers) reach the browser.
export const headers = forwardHeaders

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'account:create')
  return { organizations: await listOrganizationsForSelect() }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'account:create')
  const submission = parseSubmission(await readForm(request), CreateLearnerSchema)
  if (submission.status !== 'success') return data({ result: submission.reply(), slip: null }, { status: 400 })
  const result = await createAccountForLearner(await actorFor(user), submission.value)
  if (!result.ok && result.error === 'throttled') {
    const minutes = Math.max(1, Math.ceil(result.waitSeconds / 60))
    return data(
      { result: submission.reply({ formErrors: [`signup.throttled|minutes=${minutes}`] }), slip: null },
      { status: 429, headers: { 'Retry-After': String(result.waitSeconds) } },
    )
  }
  if (!result.ok) {
    return data({ result: submission.reply({ fieldErrors: { [result.field]: [result.error] } }), slip: null }, { status: 400 })
  }
  // The slip is shown once, in this response; the temporary password is not kept anywhere.
  return data(
    { result: submission.reply({ resetForm: true }), slip: { ...result.slip, siteUrl: siteUrl() } },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}

export default function ManageUserNewRoute() {
  const t = useT()
  const { organizations } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields, formProps] = useZodForm(CreateLearnerSchema, { lastResult: actionData?.result, defaultValue: { kind: 'RESIDENT' } })
  if (actionData?.slip) {
    return (
      <div className="container page">
        <h1 className="no-print">{t('manage.createTitle')}</h1>
        <LoginSlip slip={actionData.slip} />
        <p className="actions no-print">
          <Link to="/quan-ly/nguoi-dung/moi">{t('manage.create')}</Link>
          <Link to="/quan-ly/nguoi-dung">{t('manage.back')}</Link>
        </p>
      </div>
    )
  }
  return (
    <div className="container page narrow">
      <h1>{t('manage.createTitle')}</h1>
      <p className="lead">{t('manage.createLead')}</p>
      <Form method="post" {...formProps} className="stack">
        <ErrorSummary form={form} labels={{ name: t('signup.name'), login: t('signup.login'), ...workFieldLabels(t) }} />
        <Field field={fields.name} label={t('signup.name')} autoComplete="off" />
        <Field field={fields.login} label={t('signup.login')} hint={t('auth.loginHint')} autoComplete="off" />
        <WorkFields
          fields={fields}
          organizations={organizations}
          organizationPlaceholder={t('manage.organizationDefault')}
          autoComplete={false}
        />
        <button type="submit" className="button">
          {t('manage.createSubmit')}
        </button>
      </Form>
    </div>
  )
}
