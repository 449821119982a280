import { type NextFunction, type Request, type Response } from 'express'
import { plainPage } from './security'

// Every request body is read here, once, counting as it streams, before any
// handler runs: past the limit the answer is 413 at once and the rest is
// never read (the connection is closed after the answer). A limit on
// Content-Length alone let a chunked 30 MB post through whole.
//
// Reading whole costs nothing extra: Remix's request.formData() and the JSON
// endpoints read the whole body before they look at it anyway. It also means
// no handler ever starts work on a body that turns out to be too large.
// Handlers take the bytes from requestBody(); see server/remix.ts.
const bodies = new WeakMap<Request, Buffer>()
const NO_BODY = new Set(['GET', 'HEAD'])

/** The body read by bodyLimit or readBody; undefined for GET and HEAD. */
export function requestBody(req: Request): Buffer | undefined {
  return bodies.get(req)
}

export function bodyLimit(maxBytes: number) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (NO_BODY.has(req.method)) return next()
    readBody(req, res, maxBytes).then((body) => {
      if (body) next()
    }, next)
  }
}

/**
 * The whole body, or null when it was refused (413 sent) or the client went
 * away (nothing to answer). Never holds more than maxBytes: the chunk that
 * passes the limit is dropped, and reading stops there.
 */
export function readBody(req: Request, res: Response, maxBytes: number): Promise<Buffer | null> {
  const known = bodies.get(req)
  if (known) return Promise.resolve(known)
  // Read by someone else: waiting for 'end' would wait forever.
  if (req.readableEnded) return Promise.reject(new Error('the request body was read before the body limit'))
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > maxBytes) {
    refuseTooLarge(req, res, maxBytes)
    return Promise.resolve(null)
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    const settle = (body: Buffer | null) => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onGone)
      req.off('close', onGone)
      resolve(body)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBytes) {
        settle(null)
        refuseTooLarge(req, res, maxBytes)
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      const body = Buffer.concat(chunks, size)
      bodies.set(req, body)
      settle(body)
    }
    const onGone = () => settle(null)
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onGone)
    req.on('close', onGone)
  })
}

// Stop reading (the socket fills its buffer and TCP holds the sender back),
// answer, and close the connection once the answer is flushed: keep-alive
// would otherwise make Node read, and throw away, the rest of the body.
function refuseTooLarge(req: Request, res: Response, maxBytes: number) {
  req.pause()
  req.unpipe()
  res.setHeader('Connection', 'close')
  res.once('finish', () => req.socket.destroy())
  res.status(413)
  if (req.originalUrl.startsWith('/api/')) {
    res.json({ ok: false, reason: 'Nội dung gửi lên quá lớn.' })
    return
  }
  res
    .type('html')
    .send(
      plainPage(
        'Dữ liệu gửi lên quá lớn',
        `Nội dung gửi lên vượt quá ${sizeText(maxBytes)}. Vui lòng bớt nội dung hoặc chọn tệp nhỏ hơn rồi thử lại.`,
      ),
    )
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`
}
