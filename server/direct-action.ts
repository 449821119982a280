import { type ActionFunction, type AppLoadContext, type ServerBuild } from '@remix-run/node'
import { type NextFunction, type Request, type Response } from 'express'
import { readBody } from './body'

// POST /api/progress/events is a JSON endpoint that browsers call for every
// lesson opened or read: the busiest write of the site. Through Remix's
// request handler each call costs ~0.5 ms of CPU before the action runs
// (route matching, a streamed web Request, a streamed Response) on this
// project's 2-core machines, a third of what one request may cost at 2,000
// events per second. The route module's own action answers here instead,
// called directly with a Request built from the already-read body; it runs
// after the Origin check and the size limit like every other post (the body
// is the one bodyLimit read, or is read here with the same limit), and Remix
// still serves the same URL in development. See
// docs/decisions/010-event-ingestion.md.
export function directAction({
  build,
  routeId,
  maxBodyBytes,
  context,
}: {
  build: ServerBuild
  routeId: string
  maxBodyBytes: number
  context: (req: Request, res: Response) => AppLoadContext
}) {
  const action = build.routes[routeId]?.module.action as ActionFunction | undefined
  if (!action) throw new Error(`route ${routeId} has no action`)

  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const bytes = await readBody(req, res, maxBodyBytes)
      // Refused with 413, or the client went away.
      if (bytes === null) return
      const body = bytes.toString('utf8')
      const headers = new Headers()
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string') headers.set(name, value)
      }
      const request = new BufferedRequest(`${req.protocol}://${req.get('host')}${req.originalUrl}`, { method: req.method, headers }, body)
      let response: unknown
      try {
        response = await action({ request, params: {}, context: context(req, res) })
      } catch (thrown) {
        // A thrown Response is an answer, as in Remix; anything else is a bug.
        if (!(thrown instanceof globalThis.Response)) throw thrown
        response = thrown
      }
      if (!(response instanceof globalThis.Response)) throw new Error(`${routeId}: the action must return a Response`)
      const reply = Buffer.from(await response.arrayBuffer())
      res.status(response.status)
      response.headers.forEach((value, name) => {
        if (name !== 'content-length' && name !== 'set-cookie') res.setHeader(name, value)
      })
      const cookies = response.headers.getSetCookie()
      if (cookies.length) res.setHeader('Set-Cookie', cookies)
      res.setHeader('Content-Length', reply.length)
      res.end(reply)
    } catch (error) {
      next(error)
    }
  }
}

// A Request whose body was already read: text() and json() answer from it
// without the web stream a body passed to Request would be wrapped in (a
// ReadableStream per request, ~2 % of the endpoint's CPU). Actions served
// here read their body with those two only.
class BufferedRequest extends globalThis.Request {
  readonly #body: string
  constructor(url: string, init: RequestInit, body: string) {
    super(url, init)
    this.#body = body
  }
  override text() {
    return Promise.resolve(this.#body)
  }
  override json() {
    return Promise.resolve().then(() => JSON.parse(this.#body) as unknown)
  }
}
