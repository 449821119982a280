import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { requirePermission } from '~/auth/guards.server'
import { importOrganizations, organizationCounts } from '~/auth/organizations.server'
import { type MessageKey } from '~/i18n'
import { readFormData, uploadedText } from '~/lib/form-data.server'
import { pageTitle } from '~/ui/meta'
import { useT } from '~/ui/use-t'

export const meta: MetaFunction = (args) => pageTitle(args, 'orgs.title')

const FILE_ERRORS = { missing: 'orgs.fileMissing', 'too-large': 'orgs.fileTooLarge', 'not-text': 'orgs.fileNotText' } as const

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'organization:import')
  return { counts: await organizationCounts() }
}

type ActionResult =
  | { status: 'done'; created: number; updated: number; unchanged: number }
  | { status: 'invalid'; errors: { line: number; message: string }[] }
  | { status: 'file'; message: MessageKey }

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'organization:import')
  const file = await uploadedText((await readFormData(request)).get('file'))
  const reply = (result: ActionResult, status = 200) => data(result, { status })
  if (!file.ok) return reply({ status: 'file', message: FILE_ERRORS[file.error] }, 400)
  const result = await importOrganizations(file.text, { actorId: user.id })
  if (!result.ok) return reply({ status: 'invalid', errors: result.errors.slice(0, 200) }, 400)
  return reply({ status: 'done', created: result.created, updated: result.updated, unchanged: result.unchanged })
}

export default function ManageOrganizationsRoute() {
  const t = useT()
  const { counts } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  return (
    <div className="container page narrow">
      <h1>{t('orgs.heading')}</h1>
      <p>{t('orgs.counts', counts)}</p>
      {result?.status === 'done' ? (
        <p className="alert alert--success" role="status">
          {t('orgs.done', result)}
        </p>
      ) : null}
      {result?.status === 'invalid' ? (
        <div className="alert alert--error" role="alert">
          <p>{t('orgs.errors', { count: result.errors.length })}</p>
          <ul>
            {result.errors.map((error) => (
              <li key={`${error.line}-${error.message}`}>{error.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <p>{t('orgs.lead')}</p>
      <Form method="post" encType="multipart/form-data" className="stack">
        <div className="field">
          <label htmlFor="file">{t('orgs.file')}</label>
          <p id="file-hint" className="field__hint">
            {t('orgs.fileHint')}
          </p>
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby={result?.status === 'file' ? 'file-hint file-error' : 'file-hint'}
            aria-invalid={result?.status === 'file' ? true : undefined}
          />
          {result?.status === 'file' ? (
            <p id="file-error" className="field__error">
              {t(result.message)}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button">
          {t('orgs.submit')}
        </button>
      </Form>
    </div>
  )
}
