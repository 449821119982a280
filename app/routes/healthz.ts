import { type LoaderFunctionArgs } from '@remix-run/node'
import { checkDatabase } from '~/db.server'
import { log } from '~/log.server'

// For load balancers and uptime checks: 200 only when the database answers.
export async function loader(_args: LoaderFunctionArgs) {
  const started = performance.now()
  const database = await checkDatabase()
  if (!database.ok) log('error', 'health check failed', { error: database.error })
  const body = {
    status: database.ok ? 'ok' : 'error',
    database: database.ok ? 'ok' : 'unreachable',
    ms: Math.round(performance.now() - started),
  }
  return Response.json(body, {
    status: database.ok ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
  })
}
