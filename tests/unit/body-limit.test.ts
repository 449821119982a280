import { type AddressInfo, type Socket } from 'node:net'
import express from 'express'
import fc from 'fast-check'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { bodyLimit, requestBody } from '../../server/body'
import { rawRequest } from '../support/raw-http'

// The body limit against real sockets: bodies within it arrive whole, and
// past it the answer is 413 while the body is still arriving, after which
// nothing more is read.
const LIMIT = 32 * 1024

let base = ''
let close = () => {}
// Body bytes handed to JavaScript for the request just made, counted beside
// the limit's own reading; and the socket's bytes read off the wire.
let delivered = 0
let socket: Socket | null = null

beforeAll(async () => {
  const app = express()
  app.use((req, _res, next) => {
    delivered = 0
    socket = req.socket
    req.on('data', (chunk: Buffer) => (delivered += chunk.length))
    next()
  })
  app.use(bodyLimit(LIMIT))
  app.post(['/echo', '/api/echo'], (req, res) => {
    const body = requestBody(req)!
    res.json({ bytes: body.length, sum: body.reduce((total, byte) => total + byte, 0) })
  })
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  close = () => server.close()
})

afterAll(() => close())

const closed = (target: Socket | null) =>
  new Promise<void>((resolve) => (!target || target.destroyed ? resolve() : target.once('close', () => resolve())))

test('a declared Content-Length over the limit is refused before any of the body is read', async () => {
  const reply = await rawRequest(base, {
    path: '/echo',
    headers: { 'Content-Length': String(LIMIT * 100) },
    chunks: Array.from({ length: 100 }, () => Buffer.alloc(LIMIT, 120)),
  })
  expect(reply.status).toBe(413)
  expect(reply.headers.connection).toBe('close')
  expect(reply.body).toContain('Dữ liệu gửi lên quá lớn')
  await closed(socket)
  expect(delivered).toBe(0)
})

test('the API answers a body over the limit in JSON', async () => {
  const reply = await rawRequest(base, { path: '/api/echo', chunks: [Buffer.alloc(LIMIT + 1, 120)] })
  expect(reply.status).toBe(413)
  expect(reply.headers['content-type']).toMatch(/^application\/json/)
  expect(JSON.parse(reply.body)).toEqual({ ok: false, reason: 'Nội dung gửi lên quá lớn.' })
})

test('property: within the limit the whole body arrives; past it, 413 and reading stops after one chunk', async () => {
  const chunkSizes = fc.oneof(
    fc.array(fc.integer({ min: 1, max: 16 * 1024 }), { maxLength: 12 }),
    fc.array(fc.integer({ min: 1, max: 512 }), { minLength: 40, maxLength: 120 }),
    fc.array(fc.integer({ min: 4 * 1024, max: 64 * 1024 }), { minLength: 1, maxLength: 8 }),
  )
  await fc.assert(
    fc.asyncProperty(chunkSizes, fc.integer({ min: 0, max: 255 }), fc.boolean(), async (sizes, fill, declare) => {
      const total = sizes.reduce((sum, size) => sum + size, 0)
      const chunks = sizes.map((size) => Buffer.alloc(size, fill))
      const reply = await rawRequest(base, {
        path: '/echo',
        headers: declare ? { 'Content-Length': String(total) } : {},
        chunks,
      })
      await closed(total > LIMIT ? socket : null)
      if (total <= LIMIT) {
        expect(reply.status).toBe(200)
        expect(JSON.parse(reply.body)).toEqual({ bytes: total, sum: total * fill })
      } else {
        expect(reply.status).toBe(413)
        expect(reply.headers.connection).toBe('close')
        expect(delivered).toBeLessThanOrEqual(LIMIT + Math.max(...sizes))
      }
    }),
    { numRuns: 60 },
  )
})
