import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { requirePermission } from '~/auth/guards.server'
import { actorFor } from '~/auth/manage.server'
import { findClass } from '~/classes/classes.server'
import { applyRosterImport, previewRosterImport } from '~/classes/import.server'
import { siteUrl } from '~/env.server'
import { MAX_UPLOAD_BYTES, readForm, uploadedText } from '~/lib/form-data.server'
import { formatVietnamesePhone } from '~/lib/phone'
import { pageTitle } from '~/ui/meta'
import { LoginSlip } from '~/ui/slip'
import { useT } from '~/ui/use-t'

export const meta: MetaFunction = (args) => pageTitle(args, 'classes.importTitle')

const FILE_ERRORS = { 'too-large': 'orgs.fileTooLarge', 'not-text': 'orgs.fileNotText' } as const

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await actorFor(await requirePermission(request, 'class:manage'))
  const cls = await findClass(actor, params.id ?? '')
  if (!cls) throw new Response('Not found', { status: 404 })
  return { cls: { id: cls.id, name: cls.name } }
}

// Three steps in one address: paste or upload → preview (nothing written) →
// confirm. The confirm sends the same text back and the server checks it all
// again, so what is written never depends on what the browser showed.
export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await actorFor(await requirePermission(request, 'class:manage'))
  // Reach before the form: outside it, every post is the same 404.
  if (!(await findClass(actor, params.id ?? ''))) throw new Response('Not found', { status: 404 })
  // A pasted list may be as long as an uploaded one.
  const { data: formData, tooLong } = await readForm(request, { maxFieldChars: { text: MAX_UPLOAD_BYTES } })
  if (tooLong.text) return data({ step: 'input' as const, text: '', fileError: 'classes.importTooLong' as const }, { status: 400 })
  const classId = params.id ?? ''
  let text = String(formData.get('text') ?? '')
  const upload = formData.get('file')
  if (upload instanceof File && upload.size > 0) {
    const file = await uploadedText(upload)
    if (!file.ok) return data({ step: 'input' as const, text, fileError: FILE_ERRORS[file.error as keyof typeof FILE_ERRORS] }, { status: 400 })
    text = file.text
  }
  if (!text.trim()) return data({ step: 'input' as const, text, fileError: 'classes.importEmpty' as const }, { status: 400 })
  const intent = formData.get('intent')
  if (intent === 'apply' || intent === 'apply-valid') {
    const result = await applyRosterImport(actor, classId, text, { validRowsOnly: intent === 'apply-valid' })
    if (!result.ok && result.error === 'not-found') throw new Response('Not found', { status: 404 })
    if (result.ok) {
      // Shown once, in this response; temporary passwords are kept nowhere.
      return data(
        { step: 'done' as const, counts: result.counts, skipped: result.skipped, slips: result.slips.map((slip) => ({ ...slip, siteUrl: siteUrl() })) },
        { headers: { 'Cache-Control': 'no-store' } },
      )
    }
  }
  const preview = await previewRosterImport(actor, classId, text)
  if (!preview.ok) throw new Response('Not found', { status: 404 })
  return data({ step: 'preview' as const, text, preview }, { status: preview.canImportAll ? 200 : 400 })
}

export default function ImportRoute() {
  const t = useT()
  const { cls } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const back = (
    <p className="no-print">
      <Link to={`/lop-hoc/${cls.id}`}>← {cls.name}</Link>
    </p>
  )
  if (result?.step === 'done') {
    const { counts, slips, skipped } = result
    return (
      <div className="container page">
        {back}
        <h1 className="no-print">{t('classes.importDoneHeading')}</h1>
        <div className="notice no-print" role="status">
          <p>{t('classes.importDoneCreated', { count: counts.created })}</p>
          {counts.invited ? <p>{t('classes.importDoneInvited', { count: counts.invited })}</p> : null}
          {counts.declinedBefore ? <p>{t('classes.importDoneDeclined', { count: counts.declinedBefore })}</p> : null}
          <p>{t('classes.importDoneRest', { already: counts.alreadyMembers, skipped: counts.skipped })}</p>
        </div>
        {skipped.length ? (
          <div className="no-print">
            <h2>{t('classes.importSkipped')}</h2>
            <ErrorList errors={skipped} />
          </div>
        ) : null}
        {slips.length ? <p className="no-print">{t('classes.importSlipsHint')}</p> : null}
        {slips.map((slip) => (
          <LoginSlip key={slip.login} slip={slip} notice={false} />
        ))}
        <p className="no-print">
          <Link to={`/lop-hoc/${cls.id}/tien-do`}>{t('classes.matrixLink')}</Link>
        </p>
      </div>
    )
  }
  const preview = result?.step === 'preview' ? result.preview : null
  return (
    <div className="container page">
      {back}
      <h1>{t('classes.importHeading', { name: cls.name })}</h1>
      {preview ? <Preview preview={preview} text={result?.text ?? ''} /> : null}
      <h2>{preview ? t('classes.importAgain') : t('classes.importStep1')}</h2>
      <p>{t('classes.importFormat')}</p>
      <pre className="sample">{t('classes.importSample')}</pre>
      <Form method="post" encType="multipart/form-data" className="stack">
        <input type="hidden" name="intent" value="preview" />
        <div className="field">
          <label htmlFor="roster-text">{t('classes.importPaste')}</label>
          <p className="field__hint" id="roster-text-hint">
            {t('classes.importPasteHint')}
          </p>
          <textarea id="roster-text" name="text" rows={8} defaultValue={result?.text ?? ''} aria-describedby="roster-text-hint" />
        </div>
        <div className="field">
          <label htmlFor="roster-file">{t('classes.importFile')}</label>
          <p className="field__hint" id="roster-file-hint">
            {t('classes.importFileHint')}
          </p>
          <input
            id="roster-file"
            name="file"
            type="file"
            accept=".csv,.txt,text/csv,text/plain"
            aria-describedby={result?.step === 'input' ? 'roster-file-hint roster-file-error' : 'roster-file-hint'}
            aria-invalid={result?.step === 'input' ? true : undefined}
          />
          {result?.step === 'input' ? (
            <p id="roster-file-error" className="field__error" role="alert">
              {t(result.fileError)}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button">
          {t('classes.importPreviewSubmit')}
        </button>
      </Form>
    </div>
  )
}

type PreviewData = Extract<NonNullable<ReturnType<typeof useActionData<typeof action>>>, { step: 'preview' }>['preview']

const OUTCOME_KEYS = {
  add: 'classes.outcomeAdd',
  'already-member': 'classes.outcomeAlready',
  'not-allowed': 'classes.outcomeNotAllowed',
} as const

function Preview({ preview, text }: { preview: PreviewData; text: string }) {
  const t = useT()
  const { counts } = preview
  return (
    <section aria-labelledby="preview-heading" className="card">
      <h2 id="preview-heading">{t('classes.importPreviewHeading')}</h2>
      <p role="status">{t('classes.importCounts', { add: counts.add, already: counts.alreadyMember, invalid: counts.invalid + counts.notAllowed })}</p>
      {/* Said once for the whole list: which lines have accounts is not shown. */}
      <p>{t('classes.importConsentNote')}</p>
      {preview.errors.length ? (
        <>
          <h3>{t('classes.importErrorsHeading', { count: preview.errors.length })}</h3>
          <ErrorList errors={preview.errors} />
        </>
      ) : null}
      {preview.rows.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('classes.importPreviewHeading')}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('classes.colLine')}</th>
                <th scope="col">{t('manage.colName')}</th>
                <th scope="col">{t('manage.colLogin')}</th>
                <th scope="col">{t('classes.colOutcome')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row) => (
                <tr key={row.line}>
                  <td>{row.line}</td>
                  <th scope="row">{row.name}</th>
                  <td>{row.loginType === 'phone' ? formatVietnamesePhone(row.login) : row.login}</td>
                  <td>
                    {t(OUTCOME_KEYS[row.outcome])}
                    {row.reason ? ` — ${row.reason}` : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {preview.fatal ? null : (
        // Multipart, because a long list percent-encoded would pass the body limit.
        <Form method="post" encType="multipart/form-data" className="actions">
          <input type="hidden" name="text" value={text} />
          {preview.canImportAll ? (
            <button type="submit" name="intent" value="apply" className="button">
              {t('classes.importConfirm', { count: counts.add })}
            </button>
          ) : preview.canImportValidRows ? (
            <>
              <p>{t('classes.importFixOrValid')}</p>
              <button type="submit" name="intent" value="apply-valid" className="button">
                {t('classes.importValidOnly', { count: counts.add })}
              </button>
            </>
          ) : (
            <p>{t('classes.importNothing')}</p>
          )}
        </Form>
      )}
    </section>
  )
}

function ErrorList({ errors }: { errors: { line: number; message: string }[] }) {
  return (
    <ul className="error-list">
      {errors.map((error, index) => (
        // Messages already start with "Dòng N:", as the organisation import's do.
        <li key={index}>{error.message}</li>
      ))}
    </ul>
  )
}
