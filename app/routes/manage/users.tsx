import { queryParam } from '~/lib/text'
import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { requirePermission } from '~/auth/guards.server'
import { actorFor, listManagedUsers } from '~/auth/manage.server'
import { assignableRoles, hasPermission } from '~/auth/permissions'
import { Role } from '#generated/prisma/enums'
import { type MessageKey } from '~/i18n'
import { loginText } from '~/lib/phone'
import { pageTitle } from '~/ui/meta'
import { useT } from '~/ui/use-t'

export const meta: MetaFunction = (args) => pageTitle(args, 'manage.usersTitle')

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'user:list')
  const url = new URL(request.url)
  const query = queryParam(url, 'q')
  const page = Math.max(1, Math.min(10_000, Number.parseInt(url.searchParams.get('trang') ?? '1', 10) || 1))
  const roleParam = url.searchParams.get('vai-tro')
  const role = Object.values(Role).find((value) => value === roleParam) ?? null
  const actor = await actorFor(user)
  return {
    query,
    role,
    // The roles this actor can see in the list (a trainer sees learners only).
    roleChoices: actor.role === 'TRAINER' ? [] : actor.role === 'ADMIN' ? assignableRoles(actor) : (['LEARNER', 'TRAINER'] as Role[]),
    canImportOrganizations: hasPermission(user.role, 'organization:import'),
    canManageApiTokens: hasPermission(user.role, 'api-token:manage'),
    canManageCertificates: hasPermission(user.role, 'certificate:revoke'),
    canViewReport: hasPermission(user.role, 'report:view'),
    ...(await listManagedUsers(actor, { query, page, role })),
  }
}

export default function ManageUsersRoute() {
  const t = useT()
  const { query, role, roleChoices, rows, total, page, pageCount, canImportOrganizations, canManageApiTokens, canManageCertificates, canViewReport } =
    useLoaderData<typeof loader>()
  const pageHref = (target: number) => `?${new URLSearchParams({ q: query, ...(role ? { 'vai-tro': role } : {}), trang: String(target) })}`
  return (
    <div className="container page">
      <h1>{t('manage.usersHeading')}</h1>
      <p className="actions">
        <Link to="/quan-ly/nguoi-dung/moi" className="button">
          {t('manage.create')}
        </Link>
        {canViewReport ? <Link to="/quan-ly/bao-cao">{t('nav.report')}</Link> : null}
        {canImportOrganizations ? <Link to="/quan-ly/to-chuc">{t('manage.organizations')}</Link> : null}
        {canManageApiTokens ? <Link to="/quan-ly/api">{t('manage.apiTokens')}</Link> : null}
        {canManageCertificates ? <Link to="/quan-ly/chung-chi">{t('manage.certificates')}</Link> : null}
      </p>
      <Form method="get" className="search" role="search">
        <div className="field">
          <label htmlFor="q">{t('manage.search')}</label>
          <input id="q" name="q" type="search" defaultValue={query} />
        </div>
        {roleChoices.length ? (
          <div className="field">
            <label htmlFor="vai-tro">{t('manage.roleFilter')}</label>
            <select id="vai-tro" name="vai-tro" defaultValue={role ?? ''}>
              <option value="">{t('manage.roleAll')}</option>
              {roleChoices.map((choice) => (
                <option key={choice} value={choice}>
                  {t(`role.${choice}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <button type="submit" className="button button--secondary">
          {t('manage.searchSubmit')}
        </button>
      </Form>
      <p role="status">{t('manage.count', { count: total })}</p>
      {rows.length === 0 ? (
        <p>{t('manage.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('manage.colName')}</th>
                <th scope="col">{t('manage.colLogin')}</th>
                <th scope="col">{t('manage.colRole')}</th>
                <th scope="col">{t('manage.colOrganization')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <Link to={`/quan-ly/nguoi-dung/${row.id}`}>{row.name}</Link>
                    {row.mustChangePassword ? <div className="muted">{t('manage.temporaryPending')}</div> : null}
                  </td>
                  <td>{loginText(row)}</td>
                  <td>{t(`role.${row.role}` as MessageKey)}</td>
                  <td>{row.organizationName ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pageCount > 1 ? (
        <nav className="actions" aria-label={t('manage.page', { page, pages: pageCount })}>
          {page > 1 ? <Link to={pageHref(page - 1)}>{t('manage.previous')}</Link> : null}
          <span>{t('manage.page', { page, pages: pageCount })}</span>
          {page < pageCount ? <Link to={pageHref(page + 1)}>{t('manage.next')}</Link> : null}
        </nav>
      ) : null}
    </div>
  )
}
