import '~/styles/fonts.css'
import '~/styles/app.css'
import {
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  data,
} from '@remix-run/node'
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useMatches,
  useRouteError,
} from '@remix-run/react'
import { type ReactNode } from 'react'
import { getUser, sessionRefreshCookie } from '~/auth/guards.server'
import { hasPermission } from '~/auth/permissions'
import { DEFAULT_LOCALE, translator } from '~/i18n'
import { parsePreferences } from '~/lib/preferences'
import { ErrorPage } from '~/ui/error-page'
import { SiteFooter, SiteHeader } from '~/ui/layout'
import { useRequestInfo } from '~/ui/request-context'
import { usePreferences, useT } from '~/ui/use-t'

export const links: LinksFunction = () => [
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
  { rel: 'manifest', href: '/site.webmanifest' },
]

export const meta: MetaFunction<typeof loader> = ({ data, error }) => {
  const t = translator(data?.preferences.locale ?? DEFAULT_LOCALE)
  const title = error
    ? t(isRouteErrorResponse(error) && error.status === 404 ? 'notFound.title' : 'error.title')
    : t('home.title')
  return [{ title }, { name: 'theme-color', content: '#0b4a80' }]
}

// Document responses take their headers from here; the root loader's Vary
// (and later the session cookie) must survive.
export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const forwarded = new Headers()
  for (const name of ['Vary', 'Set-Cookie']) {
    const value = loaderHeaders.get(name)
    if (value) forwarded.set(name, value)
  }
  return forwarded
}

export async function loader({ request }: LoaderFunctionArgs) {
  const preferences = parsePreferences(request.headers.get('Cookie'))
  const user = await getUser(request)
  const headers = new Headers({ Vary: 'Cookie' })
  const refresh = await sessionRefreshCookie(request)
  if (refresh) headers.append('Set-Cookie', refresh)
  return data(
    {
      preferences,
      user: user
        ? { name: user.name, canManage: hasPermission(user.role, 'user:list'), mustChangePassword: user.mustChangePassword }
        : null,
    },
    { headers },
  )
}

export function Layout({ children }: { children: ReactNode }) {
  const preferences = usePreferences()
  const { nonce, requestId } = useRequestInfo()
  const t = useT()
  // Pages that need no interactivity ship no JavaScript at all (ADR 005): on
  // a 3G phone the ~90 KB of React and Remix is most of the page weight.
  const matches = useMatches()
  const hydrate = matches.every((match) => !isStaticPage(match.handle))
  // One description per page: the route's own when its meta gives one.
  const described = matches.some((match) => match.data != null && (match.handle as RouteHandle | undefined)?.describes === true)
  return (
    <html
      lang={preferences.locale}
      data-text={preferences.textSize}
      data-contrast={preferences.contrast}
    >
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {described ? null : <meta name="description" content={t('site.description')} />}
        <meta name="request-id" content={requestId} />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t('a11y.skipToContent')}
        </a>
        <SiteHeader />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter />
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  )
}

export type RouteHandle = {
  hydrate?: boolean
  /** The route's meta sets `<meta name="description">` whenever it has data: the site's own is left out. */
  describes?: boolean
}

function isStaticPage(handle: unknown): boolean {
  return typeof handle === 'object' && handle !== null && (handle as RouteHandle).hydrate === false
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  const error = useRouteError()
  const status = isRouteErrorResponse(error) ? error.status : 500
  return <ErrorPage status={status} />
}
