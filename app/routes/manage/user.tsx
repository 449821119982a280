import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { requirePermission } from '~/auth/guards.server'
import { actorFor, changeOrganization, changeRole, getManagedUser, managedTarget, resetLearnerPassword } from '~/auth/manage.server'
import { organizationsWithin } from '~/auth/organizations.server'
import { assignableRoles, canSetOrganization, hasPermission } from '~/auth/permissions'
import { ManageUserSchema } from '~/auth/schemas'
import { siteUrl } from '~/env.server'
import { type MessageKey } from '~/i18n'
import { parseSubmission, readForm } from '~/lib/form-data.server'
import { loginText } from '~/lib/phone'
import { pageTitle } from '~/ui/meta'
import { LoginSlip } from '~/ui/slip'
import { useLocale, useT } from '~/ui/use-t'

export const meta: MetaFunction = (args) => pageTitle(args, 'manage.userTitle')

const notFound = () => new Response('Not found', { status: 404 })
const SUCCESS_MESSAGES = new Set(['manage.roleChanged', 'manage.organizationChanged'])

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'user:list')
  const actor = await actorFor(user)
  const managed = await getManagedUser(actor, params.id ?? '')
  if (!managed) throw notFound()
  const { user: target, history } = managed
  return {
    target: {
      id: target.id,
      name: target.name,
      login: loginText(target),
      role: target.role,
      agency: target.agency,
      position: target.position,
      mustChangePassword: target.mustChangePassword,
      organizationId: target.organizationId ?? '',
    },
    history: history.map((entry) => ({
      id: entry.id,
      action: entry.action,
      actorName: entry.actor?.name ?? null,
      at: entry.createdAt.toISOString(),
    })),
    canReset: hasPermission(user.role, 'account:reset-password'),
    roles: hasPermission(user.role, 'user:change-role') ? assignableRoles(actor) : [],
    // Only units inside the actor's reach, and only for people whose current
    // unit is inside it too (canSetOrganization).
    organizations:
      hasPermission(user.role, 'user:change-organization') && canSetOrganization(actor, target, target.organizationId ?? actor.organizationScope[0] ?? null)
        ? await organizationsWithin(actor)
        : [],
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'user:list')
  const actor = await actorFor(user)
  // Reach first: someone outside it gets the same 404 whatever they post.
  if (!(await managedTarget(actor, params.id ?? ''))) throw notFound()
  const submission = parseSubmission(await readForm(request), ManageUserSchema)
  if (submission.status !== 'success') return data({ slip: null, message: 'validation.invalid' }, { status: 400 })
  if (submission.value.intent === 'reset-password') {
    if (!hasPermission(user.role, 'account:reset-password')) throw new Response('Forbidden', { status: 403 })
    const result = await resetLearnerPassword(actor, params.id ?? '')
    if (!result.ok) throw notFound()
    return data({ slip: { ...result.slip, siteUrl: siteUrl() }, message: null }, { headers: { 'Cache-Control': 'no-store' } })
  }
  if (submission.value.intent === 'change-organization') {
    if (!hasPermission(user.role, 'user:change-organization')) throw new Response('Forbidden', { status: 403 })
    const moved = await changeOrganization(actor, params.id ?? '', submission.value.organizationId)
    if (!moved.ok) {
      if (moved.error === 'not-found') throw notFound()
      return data({ slip: null, message: 'manage.organizationNotAllowed' }, { status: 403 })
    }
    return data({ slip: null, message: 'manage.organizationChanged' })
  }
  if (!hasPermission(user.role, 'user:change-role')) throw new Response('Forbidden', { status: 403 })
  const result = await changeRole(actor, params.id ?? '', submission.value.role)
  if (!result.ok) {
    if (result.error === 'not-found') throw notFound()
    const message = result.error === 'last-admin' ? 'manage.lastAdmin' : 'manage.roleNotAllowed'
    return data({ slip: null, message }, { status: result.error === 'last-admin' ? 409 : 403 })
  }
  return data({ slip: null, message: 'manage.roleChanged' })
}

export default function ManageUserRoute() {
  const t = useT()
  const locale = useLocale()
  const { target, history, canReset, roles, organizations } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  if (actionData?.slip) {
    return (
      <div className="container page">
        <h1 className="no-print">{target.name}</h1>
        <LoginSlip slip={actionData.slip} />
        <p className="no-print">
          <Link to="/quan-ly/nguoi-dung">{t('manage.back')}</Link>
        </p>
      </div>
    )
  }
  const dateFormat = new Intl.DateTimeFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Asia/Ho_Chi_Minh',
  })
  return (
    <div className="container page narrow">
      <p>
        <Link to="/quan-ly/nguoi-dung">{t('manage.back')}</Link>
      </p>
      <h1>{target.name}</h1>
      {actionData?.message ? (
        <p className={SUCCESS_MESSAGES.has(actionData.message) ? 'alert alert--success' : 'alert alert--error'} role="status">
          {t(actionData.message as MessageKey)}
        </p>
      ) : null}
      <dl className="definition-list">
        <dt>{t('manage.colLogin')}</dt>
        <dd>{target.login}</dd>
        <dt>{t('manage.colRole')}</dt>
        <dd>{t(`role.${target.role}` as MessageKey)}</dd>
        {target.agency ? (
          <>
            <dt>{t('signup.agency')}</dt>
            <dd>{target.agency}</dd>
            <dt>{t('signup.position')}</dt>
            <dd>{target.position}</dd>
          </>
        ) : null}
      </dl>
      {target.mustChangePassword ? <p className="muted">{t('manage.temporaryPending')}</p> : null}
      {canReset ? (
        <Form method="post" className="section">
          <input type="hidden" name="intent" value="reset-password" />
          <p className="muted">{t('manage.resetHint')}</p>
          <button type="submit" className="button button--secondary">
            {t('manage.reset')}
          </button>
        </Form>
      ) : null}
      {roles.length ? (
        <Form method="post" className="section stack">
          <input type="hidden" name="intent" value="change-role" />
          <div className="field">
            <label htmlFor="role">{t('manage.roleHeading')}</label>
            <select id="role" name="role" defaultValue={target.role}>
              {roles.map((role) => (
                <option key={role} value={role}>
                  {t(`role.${role}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button--secondary">
            {t('manage.roleSubmit')}
          </button>
        </Form>
      ) : null}
      {organizations.length ? (
        <Form method="post" className="section stack">
          <input type="hidden" name="intent" value="change-organization" />
          <div className="field">
            <label htmlFor="organizationId">{t('manage.organizationHeading')}</label>
            <p className="field__hint" id="organizationId-hint">
              {t('manage.organizationHint')}
            </p>
            {/* Required only while "none" is the first choice: a select that always holds a value needs no placeholder (HTML requires one with `required`). */}
            <select id="organizationId" name="organizationId" defaultValue={target.organizationId} aria-describedby="organizationId-hint" required={!target.organizationId}>
              {target.organizationId ? null : <option value="">{t('signup.organizationNone')}</option>}
              {organizations.map((organization) => (
                <option key={organization.id} value={organization.id}>
                  {organization.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button--secondary">
            {t('manage.organizationSubmit')}
          </button>
        </Form>
      ) : null}
      <section className="section" aria-labelledby="history-heading">
        <h2 id="history-heading">{t('manage.historyHeading')}</h2>
        <ul>
          {history.map((entry) => (
            <li key={entry.id}>
              {dateFormat.format(new Date(entry.at))} — {t(`audit.${entry.action}` as MessageKey) ?? entry.action}
              {entry.actorName ? ` (${entry.actorName})` : ''}
            </li>
          ))}
        </ul>
      </section>
    </div>
  )
}
