import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { requirePermission } from '~/auth/guards.server'
import { actorFor } from '~/auth/manage.server'
import { classOrganizations, findClass, setArchived, updateClass } from '~/classes/classes.server'
import { ClassSchema } from '~/classes/schemas'
import { parseSubmission, readForm } from '~/lib/form-data.server'
import { pageTitle } from '~/ui/meta'
import { useT } from '~/ui/use-t'
import { ClassForm } from './class-form'

export const meta: MetaFunction = (args) => pageTitle(args, 'classes.editTitle')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await actorFor(await requirePermission(request, 'class:manage'))
  const cls = await findClass(actor, params.id ?? '')
  if (!cls) throw new Response('Not found', { status: 404 })
  const organizations = await classOrganizations(actor)
  // An organisation admin may move a class they can see but whose unit they
  // cannot pick (e.g. above them): keep the current unit selectable.
  if (!organizations.some((org) => org.id === cls.organizationId)) organizations.unshift(cls.organization)
  return {
    cls: { id: cls.id, name: cls.name, organizationId: cls.organizationId, scheduleNotes: cls.scheduleNotes ?? '', archived: !!cls.archivedAt },
    organizations,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await actorFor(await requirePermission(request, 'class:manage'))
  // Reach before the form: outside it, every post is the same 404.
  if (!(await findClass(actor, params.id ?? ''))) throw new Response('Not found', { status: 404 })
  const form = await readForm(request)
  const intent = form.data.get('intent')
  if (intent === 'archive' || intent === 'restore') {
    if (!(await setArchived(actor, params.id ?? '', intent === 'archive'))) throw new Response('Not found', { status: 404 })
    return redirect(intent === 'archive' ? '/lop-hoc?luu-tru=1' : `/lop-hoc/${params.id}`)
  }
  const submission = parseSubmission(form, ClassSchema)
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const result = await updateClass(actor, params.id ?? '', submission.value)
  if (!result.ok) {
    if ('notFound' in result) throw new Response('Not found', { status: 404 })
    return data({ result: submission.reply({ fieldErrors: { [result.field]: [result.error] } }) }, { status: 400 })
  }
  return redirect(`/lop-hoc/${result.id}`)
}

export default function EditClassRoute() {
  const t = useT()
  const { cls, organizations } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="container page narrow">
      <p>
        <Link to={`/lop-hoc/${cls.id}`}>← {cls.name}</Link>
      </p>
      <h1>{t('classes.editTitle')}</h1>
      <ClassForm organizations={organizations} lastResult={actionData?.result} defaultValue={cls} submitLabel={t('classes.saveSubmit')} />
      <section className="section" aria-labelledby="archive-heading">
        <h2 id="archive-heading">{cls.archived ? t('classes.restoreHeading') : t('classes.archiveHeading')}</h2>
        <p>{cls.archived ? t('classes.restoreHint') : t('classes.archiveHint')}</p>
        <Form method="post">
          <button type="submit" name="intent" value={cls.archived ? 'restore' : 'archive'} className="button button--secondary">
            {cls.archived ? t('classes.restoreSubmit') : t('classes.archiveSubmit')}
          </button>
        </Form>
      </section>
    </div>
  )
}
