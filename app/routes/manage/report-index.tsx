import { type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requirePermission } from '~/auth/guards.server'
import { actorFor } from '~/auth/manage.server'
import { reportStartingPoints } from '~/classes/report.server'
import { type MessageKey } from '~/i18n'
import { pageTitle } from '~/ui/meta'
import { useT } from '~/ui/use-t'

export const meta: MetaFunction = (args) => pageTitle(args, 'report.title')

// An organisation admin goes straight to their organisation's report; an
// administrator chooses a province.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'report:view')
  const actor = await actorFor(user)
  const roots = await reportStartingPoints(actor)
  if (actor.role !== 'ADMIN') {
    if (roots[0]) throw redirect(`/quan-ly/bao-cao/${roots[0].id}`)
    return { roots, noOrganization: true }
  }
  return { roots, noOrganization: false }
}

export default function ReportIndexRoute() {
  const t = useT()
  const { roots, noOrganization } = useLoaderData<typeof loader>()
  return (
    <div className="container page narrow">
      <h1>{t('report.chooseHeading')}</h1>
      {noOrganization ? (
        <p>{t('report.noOrganization')}</p>
      ) : roots.length === 0 ? (
        <p>{t('report.noRoots')}</p>
      ) : (
        <>
          <p>{t('report.chooseLead')}</p>
          <ul>
            {roots.map((root) => (
              <li key={root.id}>
                <Link to={`/quan-ly/bao-cao/${root.id}`}>{root.name}</Link>{' '}
                <span className="muted">({t(`orgKind.${root.kind}` as MessageKey)})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  )
}
