import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { requirePermission } from '~/auth/guards.server'
import { actorFor } from '~/auth/manage.server'
import { classOrganizations, createClass } from '~/classes/classes.server'
import { ClassSchema } from '~/classes/schemas'
import { parseSubmission, readForm } from '~/lib/form-data.server'
import { pageTitle } from '~/ui/meta'
import { useT } from '~/ui/use-t'
import { ClassForm } from './class-form'

export const meta: MetaFunction = (args) => pageTitle(args, 'classes.createTitle')

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'class:manage')
  const actor = await actorFor(user)
  return { organizations: await classOrganizations(actor), defaultOrganization: user.organizationId ?? '' }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'class:manage')
  const submission = parseSubmission(await readForm(request), ClassSchema)
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const result = await createClass(await actorFor(user), submission.value)
  if (!result.ok) {
    if ('notFound' in result) throw new Response('Not found', { status: 404 })
    return data({ result: submission.reply({ fieldErrors: { [result.field]: [result.error] } }) }, { status: 400 })
  }
  return redirect(`/lop-hoc/${result.id}?moi=1`)
}

export default function NewClassRoute() {
  const t = useT()
  const { organizations, defaultOrganization } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="container page narrow">
      <p>
        <Link to="/lop-hoc">← {t('classes.back')}</Link>
      </p>
      <h1>{t('classes.createTitle')}</h1>
      <p className="lead">{t('classes.createLead')}</p>
      <ClassForm
        organizations={organizations}
        lastResult={actionData?.result}
        defaultValue={{ name: '', organizationId: defaultOrganization, scheduleNotes: '' }}
        submitLabel={t('classes.createSubmit')}
      />
    </div>
  )
}
