import { type RouteConfig, index, route } from '@remix-run/route-config'

// Every URL is listed here, in one place, mapped to a file in app/routes/
// named after the URL (see docs/decisions/002-route-convention.md).
export default [
  index('routes/home.tsx'),
  route('healthz', 'routes/healthz.ts'),
  route('preferences', 'routes/preferences.ts'),
  route('setup/:token', 'routes/setup.tsx'),
  route('*', 'routes/not-found.tsx'),
] satisfies RouteConfig
