import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { createApiToken, listApiTokens, revokeApiToken } from '~/auth/api-tokens.server'
import { requirePermission } from '~/auth/guards.server'
import { ApiTokenActionSchema, ApiTokenCreateSchema } from '~/auth/schemas'
import { siteUrl } from '~/env.server'
import { type MessageKey } from '~/i18n'
import { parseSubmission, readForm } from '~/lib/form-data.server'
import { Field, ErrorSummary, useZodForm } from '~/ui/forms'
import { pageTitle } from '~/ui/meta'
import { useLocale, useT } from '~/ui/use-t'

export const meta: MetaFunction = (args) => pageTitle(args, 'apiTokens.title')

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'api-token:manage')
  const tokens = await listApiTokens()
  return {
    endpoint: `${siteUrl()}/api/xapi`,
    tokens: tokens.map((token) => ({
      id: token.id,
      name: token.name,
      createdByName: token.createdByName,
      createdAt: token.createdAt.toISOString(),
      lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
      revokedAt: token.revokedAt?.toISOString() ?? null,
    })),
  }
}

type Notice = { key: MessageKey; name?: string; error: boolean }

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'api-token:manage')
  const submission = parseSubmission(await readForm(request), ApiTokenActionSchema)
  const intent = submission.payload.intent === 'revoke' ? 'revoke' : 'create'
  const reply = (body: { result?: ReturnType<typeof submission.reply>; created?: { name: string; token: string }; notice?: Notice }, init?: ResponseInit) =>
    data({ intent, result: body.result ?? null, created: body.created ?? null, notice: body.notice ?? null }, init)
  if (submission.status !== 'success') {
    if (intent === 'revoke') return reply({ notice: { key: 'validation.revokeConfirm', error: true } }, { status: 400 })
    return reply({ result: submission.reply() }, { status: 400 })
  }
  if (submission.value.intent === 'create') {
    const created = await createApiToken(user.id, submission.value.name)
    // The token is in this response only; the database keeps its hash.
    return reply(
      { result: submission.reply({ resetForm: true }), created: { name: created.name, token: created.token } },
      { headers: { 'Cache-Control': 'no-store' } },
    )
  }
  const revoked = await revokeApiToken(user.id, submission.value.tokenId)
  if (!revoked.ok) return reply({ notice: { key: 'apiTokens.notFound', error: true } }, { status: 404 })
  return reply({ notice: { key: 'apiTokens.revokedDone', name: revoked.name, error: false } })
}

export default function ManageApiTokensRoute() {
  const t = useT()
  const locale = useLocale()
  const { endpoint, tokens } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields, formProps] = useZodForm(ApiTokenCreateSchema, {
    lastResult: actionData?.intent === 'create' ? actionData.result : null,
    defaultValue: { intent: 'create' },
  })
  const dateFormat = new Intl.DateTimeFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Asia/Ho_Chi_Minh',
  })
  const when = (iso: string) => dateFormat.format(new Date(iso))
  const created = actionData?.created
  const notice = actionData?.notice
  return (
    <div className="container page">
      <p>
        <Link to="/quan-ly/nguoi-dung">{t('manage.back')}</Link>
      </p>
      <h1>{t('apiTokens.heading')}</h1>
      <p className="lead">{t('apiTokens.lead')}</p>
      <p>{t('apiTokens.endpoint', { endpoint })}</p>

      {notice ? (
        <p className={notice.error ? 'alert alert--error' : 'alert alert--success'} role={notice.error ? 'alert' : 'status'}>
          {t(notice.key, notice.name ? { name: notice.name } : undefined)}
        </p>
      ) : null}

      {created ? (
        <section className="section" aria-labelledby="created-heading">
          <div className="alert alert--success" role="status">
            <p id="created-heading">{t('apiTokens.created', { name: created.name })}</p>
          </div>
          <div className="field">
            <label htmlFor="new-token">{t('apiTokens.token')}</label>
            <p id="new-token-hint" className="field__hint">
              {t('apiTokens.copyHint')}
            </p>
            <input id="new-token" className="slip__code" readOnly value={created.token} aria-describedby="new-token-hint" autoComplete="off" spellCheck={false} />
          </div>
          <h2>{t('apiTokens.exampleHeading')}</h2>
          <p>{t('apiTokens.exampleBearer')}</p>
          <pre>
            <code>{`curl -H "Authorization: Bearer ${created.token}" \\\n  -H "X-Experience-API-Version: 1.0.3" \\\n  "${endpoint}/statements?ascending=true&limit=100"`}</code>
          </pre>
          <p>{t('apiTokens.exampleBasic')}</p>
          <pre>
            <code>{`curl -u "lrs:${created.token}" \\\n  -H "X-Experience-API-Version: 1.0.3" \\\n  "${endpoint}/statements?since=2026-01-01T00:00:00Z&ascending=true"`}</code>
          </pre>
        </section>
      ) : null}

      <section className="section narrow" aria-labelledby="create-heading">
        <h2 id="create-heading">{t('apiTokens.createHeading')}</h2>
        <Form method="post" {...formProps} className="stack">
          <ErrorSummary form={form} labels={{ name: t('apiTokens.name') }} />
          <input type="hidden" name="intent" value="create" />
          <Field field={fields.name} label={t('apiTokens.name')} hint={t('apiTokens.nameHint')} autoComplete="off" />
          <button type="submit" className="button">
            {t('apiTokens.createSubmit')}
          </button>
        </Form>
      </section>

      <section className="section" aria-labelledby="list-heading">
        <h2 id="list-heading">{t('apiTokens.listHeading')}</h2>
        {tokens.length === 0 ? (
          <p>{t('apiTokens.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('apiTokens.colName')}</th>
                  <th scope="col">{t('apiTokens.colCreated')}</th>
                  <th scope="col">{t('apiTokens.colLastUsed')}</th>
                  <th scope="col">{t('apiTokens.colStatus')}</th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((token) => (
                  <tr key={token.id}>
                    <td>{token.name}</td>
                    <td>
                      {when(token.createdAt)}
                      {token.createdByName ? <div className="muted">{t('apiTokens.createdBy', { name: token.createdByName })}</div> : null}
                    </td>
                    <td>{token.lastUsedAt ? when(token.lastUsedAt) : t('apiTokens.never')}</td>
                    <td>
                      {token.revokedAt ? (
                        t('apiTokens.revokedAt', { at: when(token.revokedAt) })
                      ) : (
                        <>
                          {t('apiTokens.active')}
                          <details>
                            <summary>{t('apiTokens.revoke')}</summary>
                            <Form method="post" className="stack">
                              <input type="hidden" name="intent" value="revoke" />
                              <input type="hidden" name="tokenId" value={token.id} />
                              <label className="choice">
                                <input type="checkbox" name="confirm" required />
                                <span>{t('apiTokens.revokeConfirm')}</span>
                              </label>
                              <button type="submit" className="button button--danger">
                                {t('apiTokens.revokeSubmit')}
                              </button>
                            </Form>
                          </details>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  )
}
