import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'

export const context = { cspNonce: 'test-nonce', requestId: 'test-request', clientIp: '203.0.113.7' }

type Handler = (args: LoaderFunctionArgs | ActionFunctionArgs) => Promise<unknown>

export function formRequest(url: string, fields: Record<string, string>, cookie?: string) {
  return new Request(new URL(url, 'http://localhost').toString(), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields),
  })
}

export function getRequest(url: string, cookie?: string) {
  return new Request(new URL(url, 'http://localhost').toString(), { headers: cookie ? { Cookie: cookie } : {} })
}

// Loaders and actions either return (data() or a Response) or throw (a
// redirect or an error Response); tests look at both the same way.
export type Outcome = { status: number; headers: Headers; body: unknown }

export async function run(
  handler: Handler,
  request: Request,
  params: Record<string, string> = {},
  ctx: typeof context = context,
): Promise<Outcome> {
  let value: unknown
  try {
    value = await handler({ request, params, context: ctx })
  } catch (thrown) {
    value = thrown
  }
  if (value instanceof Response) {
    const text = await value.text()
    let body: unknown = text
    try {
      body = JSON.parse(text)
    } catch {
      // not JSON
    }
    return { status: value.status, headers: value.headers, body }
  }
  if (value && typeof value === 'object' && 'type' in value && (value as { type: string }).type === 'DataWithResponseInit') {
    const { data, init } = value as unknown as { data: unknown; init: ResponseInit | null }
    return { status: init?.status ?? 200, headers: new Headers(init?.headers), body: data }
  }
  return { status: 200, headers: new Headers(), body: value }
}

// The cookie a browser would send back after this response.
export function sessionCookieFrom(outcome: Outcome): string {
  const header = outcome.headers.get('Set-Cookie') ?? ''
  const match = header.match(/hs_session=([^;]*)/)
  if (!match) throw new Error(`no session cookie in: ${header}`)
  return `hs_session=${match[1]}`
}
