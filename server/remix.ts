import { type AppLoadContext, type ServerBuild, createRequestHandler, writeReadableStreamToWritable } from '@remix-run/node'
import { type NextFunction, type Request, type Response } from 'express'
import { requestBody } from './body'
import { acceptedOrigin } from './security'

// Remix behind Express, as @remix-run/express does it (same URL, headers,
// abort signal, and streamed response with every Set-Cookie kept), with two
// differences:
// - the body is the one server/body.ts already read within the limit, not
//   `req` itself: @remix-run/express hands Remix the raw stream, so an action
//   reading request.formData() would read any amount;
// - on a post, Host agrees with the Origin our originCheck accepted and
//   X-Forwarded-Host is dropped, so Remix's own CSRF comparison (Origin
//   against X-Forwarded-Host or Host) can only repeat our decision, never
//   turn an accepted post into a 500 behind a proxy that rewrites Host.

type Build = ServerBuild | (() => ServerBuild | Promise<ServerBuild>)

export function remixHandler({
  build,
  mode,
  getLoadContext,
}: {
  build: Build
  mode: string
  getLoadContext: (req: Request, res: Response) => AppLoadContext
}) {
  const handle = createRequestHandler(build, mode)
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const response = await handle(remixRequest(req, res), getLoadContext(req, res))
      await sendRemixResponse(res, response)
    } catch (error) {
      next(error)
    }
  }
}

export function remixRequest(req: Request, res: Response): globalThis.Request {
  // req.hostname drops the port and follows "trust proxy"; the port comes
  // from X-Forwarded-Host or Host, as in @remix-run/express.
  const forwardedPort = Number.parseInt(req.get('x-forwarded-host')?.split(':')[1] ?? '', 10)
  const hostPort = Number.parseInt(req.get('host')?.split(':')[1] ?? '', 10)
  const port = Number.isSafeInteger(forwardedPort) ? forwardedPort : Number.isSafeInteger(hostPort) ? hostPort : null
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ''}${req.originalUrl}`)

  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item)
    else if (value) headers.set(name, value)
  }
  const origin = acceptedOrigin(req)
  if (origin) {
    headers.set('host', new URL(origin).host)
    headers.delete('x-forwarded-host')
  }

  // Abort loaders and actions once no answer can be written (closed without
  // finishing), not after a finished one.
  let controller: AbortController | null = new AbortController()
  res.on('finish', () => (controller = null))
  res.on('close', () => controller?.abort())

  const init: RequestInit = { method: req.method, headers, signal: controller.signal }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const body = requestBody(req)
    // Every body reaches Remix through the limit; one that did not is a bug
    // in the middleware order, not something to read unbounded.
    if (!body) throw new Error(`${req.method} ${req.path}: the body was not read through bodyLimit`)
    init.body = body as Uint8Array<ArrayBuffer>
  }
  return new globalThis.Request(url.href, init)
}

export async function sendRemixResponse(res: Response, response: globalThis.Response) {
  res.statusMessage = response.statusText
  res.status(response.status)
  for (const [name, value] of response.headers.entries()) res.append(name, value)
  if (/text\/event-stream/i.test(response.headers.get('Content-Type') ?? '')) res.flushHeaders()
  if (response.body) await writeReadableStreamToWritable(response.body, res)
  else res.end()
}
