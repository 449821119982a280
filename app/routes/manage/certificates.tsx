import { queryParam } from '~/lib/text'
import { type SubmissionResult } from '@conform-to/react'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { requirePermission } from '~/auth/guards.server'
import { actorFor } from '~/auth/manage.server'
import { parseCode } from '~/certificates/code'
import { findCertificates, reissueCertificate, revokeCertificate } from '~/certificates/issue.server'
import { CertificateActionSchema, CertificateReissueSchema, CertificateRevokeSchema } from '~/certificates/schemas'
import { type MessageKey } from '~/i18n'
import { parseSubmission, readForm } from '~/lib/form-data.server'
import { Field, ErrorSummary, useZodForm } from '~/ui/forms'
import { pageTitle } from '~/ui/meta'
import { useLocale, useT } from '~/ui/use-t'

export const meta: MetaFunction = (args) => pageTitle(args, 'manageCertificates.title')

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'certificate:revoke')
  const query = queryParam(request.url, 'q')
  const code = parseCode(query)
  const rows = query ? await findCertificates(await actorFor(user), code.ok ? { code: code.code } : { name: query }) : []
  return { query, searched: query !== '', rows }
}

const ERRORS: Record<string, MessageKey> = {
  'not-found': 'manageCertificates.notFound',
  'already-revoked': 'manageCertificates.alreadyRevoked',
  'already-replaced': 'manageCertificates.alreadyReplaced',
  'holder-deleted': 'manageCertificates.holderDeleted',
}

type Notice = { key: MessageKey; params: Record<string, string>; error: boolean }

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'certificate:revoke')
  const submission = parseSubmission(await readForm(request), CertificateActionSchema)
  const intent = submission.payload.intent === 'reissue' ? 'reissue' : 'revoke'
  const code = String(submission.payload.code ?? '')
  const reply = (result: SubmissionResult<string[]> | null, notice: Notice | null, init?: ResponseInit) => data({ intent, code, result, notice }, init)
  if (submission.status !== 'success') return reply(submission.reply(), null, { status: 400 })
  const actor = await actorFor(user)
  const { reason } = submission.value
  const outcome =
    submission.value.intent === 'revoke'
      ? await revokeCertificate(actor, submission.value.code, reason)
      : await reissueCertificate(actor, submission.value.code, reason)
  if (!outcome.ok) {
    return reply(submission.reply(), { key: ERRORS[outcome.error]!, params: {}, error: true }, { status: outcome.error === 'not-found' ? 404 : 409 })
  }
  return reply(submission.reply({ resetForm: true }), {
    key: outcome.newCode ? 'manageCertificates.reissuedDone' : 'manageCertificates.revokedDone',
    params: { code: outcome.code, ...(outcome.newCode ? { newCode: outcome.newCode } : {}) },
    error: false,
  })
}

function ActionForm({ code, intent }: { code: string; intent: 'revoke' | 'reissue' }) {
  const t = useT()
  const actionData = useActionData<typeof action>()
  const mine = actionData?.code === code && actionData.intent === intent
  const [form, fields, formProps] = useZodForm(intent === 'revoke' ? CertificateRevokeSchema : CertificateReissueSchema, {
    lastResult: mine ? actionData.result : null,
    defaultValue: { intent, code },
  })
  return (
    <details open={mine && !!actionData.result?.error ? true : undefined}>
      <summary>{intent === 'revoke' ? t('manageCertificates.revoke') : t('manageCertificates.reissue')}</summary>
      <Form method="post" {...formProps} className="stack">
        <ErrorSummary form={form} labels={{ reason: t('manageCertificates.reason') }} />
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name="code" value={code} />
        <Field field={fields.reason} label={t('manageCertificates.reason')} hint={t('manageCertificates.reasonHint')} autoComplete="off" />
        <button type="submit" className={intent === 'revoke' ? 'button button--danger' : 'button'}>
          {intent === 'revoke' ? t('manageCertificates.revoke') : t('manageCertificates.reissue')}
        </button>
      </Form>
    </details>
  )
}

export default function ManageCertificatesRoute() {
  const t = useT()
  const locale = useLocale()
  const { query, searched, rows } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const notice = actionData?.notice
  const when = (iso: string) => new Intl.DateTimeFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'short', timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(iso))
  return (
    <div className="container page">
      <p>
        <Link to="/quan-ly/nguoi-dung">{t('manage.back')}</Link>
      </p>
      <h1>{t('manageCertificates.heading')}</h1>
      <p className="lead">{t('manageCertificates.lead')}</p>
      {notice ? (
        <p className={notice.error ? 'alert alert--error' : 'alert alert--success'} role={notice.error ? 'alert' : 'status'}>
          {t(notice.key, notice.params)}
        </p>
      ) : null}
      <section aria-labelledby="search-heading">
        <h2 id="search-heading">{t('manageCertificates.searchHeading')}</h2>
        <Form method="get" className="search" role="search">
          <div className="field">
            <label htmlFor="q">{t('manageCertificates.query')}</label>
            <p id="q-hint" className="field__hint">
              {t('manageCertificates.queryHint')}
            </p>
            <input id="q" name="q" type="search" defaultValue={query} aria-describedby="q-hint" />
          </div>
          <button type="submit" className="button button--secondary">
            {t('manageCertificates.search')}
          </button>
        </Form>
      </section>
      {searched && rows.length === 0 ? <p>{t('manageCertificates.empty')}</p> : null}
      {rows.length ? (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('manageCertificates.colCode')}</th>
                <th scope="col">{t('manageCertificates.colHolder')}</th>
                <th scope="col">{t('manageCertificates.colCourse')}</th>
                <th scope="col">{t('manageCertificates.colIssued')}</th>
                <th scope="col">{t('manageCertificates.colStatus')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.code}>
                  <td>
                    <Link to={`/verify/${row.code}`}>
                      <code>{row.code}</code>
                    </Link>
                  </td>
                  <td>
                    {row.holderName}
                    {row.currentName !== row.holderName ? <div className="muted">{t('manageCertificates.currentName', { name: row.currentName })}</div> : null}
                  </td>
                  <td>{row.courseTitle}</td>
                  <td>{row.issuedOn.split('-').reverse().join('/')}</td>
                  <td>
                    {row.replaced
                      ? t('manageCertificates.replaced')
                      : row.revokedAt
                        ? t('manageCertificates.revokedAt', { date: when(row.revokedAt), reason: row.revokedReason ?? '—' })
                        : t('manageCertificates.active')}
                    {row.revokedAt ? null : <ActionForm code={row.code} intent="revoke" />}
                    {row.replaced ? null : <ActionForm code={row.code} intent="reissue" />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  )
}
