import { queryParam } from '~/lib/text'
import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { searchLessons } from '~/content/catalog.server'
import { type RouteHandle } from '~/root'
import { pageTitle } from '~/ui/meta'
import { useT } from '~/ui/use-t'

export const meta: MetaFunction = (args) => pageTitle(args, 'search.title')
export const handle: RouteHandle = { hydrate: false }

export async function loader({ request }: LoaderFunctionArgs) {
  const query = queryParam(request.url, 'q')
  return { query, hits: query ? searchLessons(query) : [] }
}

export default function SearchRoute() {
  const t = useT()
  const { query, hits } = useLoaderData<typeof loader>()
  return (
    <div className="container page narrow">
      <h1>{t('search.heading')}</h1>
      <Form method="get" role="search" className="search">
        <div className="field">
          <label htmlFor="q">{t('search.label')}</label>
          <p id="q-hint" className="field__hint">
            {t('search.hint')}
          </p>
          <input id="q" name="q" type="search" defaultValue={query} aria-describedby="q-hint" />
        </div>
        <button type="submit" className="button">
          {t('search.submit')}
        </button>
      </Form>
      {query ? (
        <>
          <p role="status">{hits.length ? t('search.results', { count: hits.length, query }) : t('search.none', { query })}</p>
          <ol className="search-results" lang="vi">
            {hits.map((hit) => (
              <li key={hit.href}>
                <Link to={hit.href}>{hit.title}</Link>
                <p className="muted">{hit.kind === 'lesson' ? hit.courseTitle : t('search.simulatorHit')}</p>
                <p>{hit.snippet}</p>
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </div>
  )
}
