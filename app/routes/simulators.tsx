import { type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { type MessageKey } from '~/i18n'
import { type RouteHandle } from '~/root'
import { listScenarios } from '~/simulators/catalog.server'
import { pageTitle } from '~/ui/meta'
import { useT } from '~/ui/use-t'

export const meta: MetaFunction = (args) => pageTitle(args, 'sim.listTitle')
export const handle: RouteHandle = { hydrate: false }

const SYSTEM_ORDER = ['vneid', 'portal', 'feedback']

export async function loader() {
  return { scenarios: listScenarios() }
}

export default function SimulatorsRoute() {
  const t = useT()
  const { scenarios } = useLoaderData<typeof loader>()
  return (
    <div className="container page">
      <h1>{t('sim.listTitle')}</h1>
      <p className="lead">{t('sim.listLead')}</p>
      {SYSTEM_ORDER.map((system) => {
        const group = scenarios.filter((scenario) => scenario.system === system)
        if (!group.length) return null
        return (
          <section key={system} aria-labelledby={`system-${system}`}>
            <h2 id={`system-${system}`}>{t(`sim.system.${system}` as MessageKey)}</h2>
            <ul className="cards" role="list">
              {group.map((scenario) => (
                <li key={scenario.id} className="card">
                  <h3>
                    <Link to={`/mo-phong/${scenario.id}`}>{scenario.title}</Link>
                  </h3>
                  <p>{scenario.summary}</p>
                  <p className="muted">{t('sim.minutes', { minutes: scenario.minutes })}</p>
                </li>
              ))}
            </ul>
          </section>
        )
      })}
    </div>
  )
}
