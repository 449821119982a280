import { type AddressInfo, type Socket } from 'node:net'
import { type ServerBuild } from '@remix-run/node'
import express from 'express'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { directAction } from '../../server/direct-action'
import { rawRequest } from '../support/raw-http'

// A route module answered without Remix must answer as Remix would: the
// action's status, headers and cookies, thrown Responses, errors to the
// error handler, and the body it reads whole.
const build = {
  routes: {
    echo: {
      module: {
        action: async ({ request }: { request: Request }) => {
          const body = (await request.json()) as { mode?: string }
          if (body.mode === 'throw-response') throw Response.json({ thrown: true }, { status: 409 })
          if (body.mode === 'throw-error') throw new Error('boom')
          const headers = new Headers({ 'Cache-Control': 'no-store' })
          headers.append('Set-Cookie', 'a=1; Path=/')
          headers.append('Set-Cookie', 'b=2; Path=/')
          return Response.json({ got: body, cookie: request.headers.get('cookie'), url: new URL(request.url).pathname }, { status: 201, headers })
        },
      },
    },
  },
} as unknown as ServerBuild

let base = ''
let close = () => {}
let socket: Socket | null = null

beforeAll(async () => {
  const app = express()
  app.use((req, _res, next) => {
    socket = req.socket
    next()
  })
  app.post('/echo', directAction({ build, routeId: 'echo', maxBodyBytes: 64, context: () => ({ cspNonce: '', requestId: 'test', clientIp: null }) }))
  app.use((_error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).send('handled')
  })
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  close = () => server.close()
})

afterAll(() => close())

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  fetch(`${base}/echo`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body, duplex: 'half' } as RequestInit)

test('the action sees the body, headers and path, and its status, headers and cookies reach the client', async () => {
  const response = await post(JSON.stringify({ hello: 'xin chào' }), { Cookie: 'hs_session=abc' })
  expect(response.status).toBe(201)
  expect(response.headers.get('cache-control')).toBe('no-store')
  expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/'])
  expect(await response.json()).toEqual({ got: { hello: 'xin chào' }, cookie: 'hs_session=abc', url: '/echo' })
})

test('a thrown Response is the answer; an error goes to the error handler', async () => {
  const thrown = await post(JSON.stringify({ mode: 'throw-response' }))
  expect(thrown.status).toBe(409)
  expect(await thrown.json()).toEqual({ thrown: true })
  const failed = await post(JSON.stringify({ mode: 'throw-error' }))
  expect(failed.status).toBe(500)
  expect(await failed.text()).toBe('handled')
})

test('a body over the limit is refused with 413 even without Content-Length', async () => {
  const chunked = new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(JSON.stringify({ padding: 'x'.repeat(100) })))
      controller.close()
    },
  })
  const response = await post(chunked)
  expect(response.status).toBe(413)
})

test('past the limit reading stops: the rest of a 20 MB chunked body is never read', async () => {
  const chunk = Buffer.alloc(64 * 1024, 120)
  function* twentyMegabytes() {
    for (let sent = 0; sent < 20 * 1024 * 1024; sent += chunk.length) yield chunk
  }
  const reply = await rawRequest(base, { path: '/echo', headers: { 'Content-Type': 'application/json' }, chunks: twentyMegabytes() })
  expect(reply.status).toBe(413)
  expect(reply.headers.connection).toBe('close')
  await new Promise<void>((resolve) => (socket!.destroyed ? resolve() : socket!.once('close', () => resolve())))
  expect(socket!.bytesRead).toBeLessThan(1024 * 1024)
})
