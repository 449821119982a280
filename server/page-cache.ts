import { type NextFunction, type Request, type Response } from 'express'

// Lesson and catalogue pages are the same for every anonymous visitor with
// the same display preferences, and they change only when the content is
// rebuilt (which restarts the server). Rendering each one once and replaying
// it lets a 2-core server answer a whole province's classes; the per-response
// CSP nonce is swapped into the stored copy. See docs/decisions/007-page-cache.md.
const NONCE_PLACEHOLDER = '__HOC_SO_NONCE__'
const REQUEST_ID_PLACEHOLDER = '__HOC_SO_REQUEST_ID__'
const CACHEABLE = /^\/(?:khoa-hoc(?:\/[a-z0-9-]+){0,2}|quyen-rieng-tu)?$/

// The page split at each nonce / request id, so a replay is one join.
type Entry = { parts: Buffer[]; slots: ('nonce' | 'id')[]; headers: Record<string, string>; storedAt: number }

export type PageCacheOptions = { maxEntries?: number; ttlMs?: number; sessionCookie: string }

export function pageCache({ maxEntries = 500, ttlMs = 10 * 60 * 1000, sessionCookie }: PageCacheOptions) {
  const entries = new Map<string, Entry>()

  function keyFor(req: Request): string | null {
    if (req.method !== 'GET' && req.method !== 'HEAD') return null
    const [pathname = '', query = ''] = req.originalUrl.split('?')
    if (!CACHEABLE.test(pathname)) return null
    // Signed-in pages carry the person's name and progress; a guest's
    // progress cookie changes course, lesson and home pages too.
    const cookies = req.headers.cookie ?? ''
    if (cookies.includes(`${sessionCookie}=`) || /(?:^|;\s*)hs_guest=[^;]/.test(cookies)) return null
    const prefs = /(?:^|;\s*)hs_prefs=([^;]*)/.exec(cookies)?.[1] ?? ''
    return `${pathname}?${query}|${prefs}`
  }

  return (req: Request, res: Response, next: NextFunction) => {
    const key = keyFor(req)
    if (!key) return next()
    const nonce = String(res.locals.cspNonce)
    const requestId = String(res.locals.requestId)
    const hit = entries.get(key)
    if (hit && Date.now() - hit.storedAt < ttlMs) {
      // Refresh the entry's place in the LRU order.
      entries.delete(key)
      entries.set(key, hit)
      for (const [name, value] of Object.entries(hit.headers)) res.setHeader(name, value)
      res.setHeader('X-Page-Cache', 'hit')
      // Stored as UTF-8 bytes: re-encoding ~14 KB of Vietnamese text on
      // every replay cost more than the rest of the request.
      const pieces: Buffer[] = [hit.parts[0]!]
      const nonceBytes = Buffer.from(nonce)
      const idBytes = Buffer.from(requestId)
      for (let index = 0; index < hit.slots.length; index++) {
        pieces.push(hit.slots[index] === 'nonce' ? nonceBytes : idBytes, hit.parts[index + 1]!)
      }
      const body = Buffer.concat(pieces)
      // res.end rather than res.send: send would hash every body for an ETag.
      res.statusCode = 200
      res.setHeader('Content-Length', body.length)
      res.end(req.method === 'HEAD' ? undefined : body)
      return
    }

    const chunks: Buffer[] = []
    const write = res.write.bind(res) as (...args: unknown[]) => boolean
    const end = res.end.bind(res) as (...args: unknown[]) => Response
    const collect = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'))
    }
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      collect(chunk, rest[0])
      return write(chunk, ...rest)
    }) as Response['write']
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      collect(chunk, rest[0])
      const type = String(res.getHeader('content-type') ?? '')
      if (res.statusCode === 200 && type.startsWith('text/html') && !res.getHeader('set-cookie')) {
        const body = Buffer.concat(chunks).toString('utf8')
        const headers: Record<string, string> = { 'Content-Type': type }
        const vary = res.getHeader('vary')
        if (vary) headers.Vary = String(vary)
        const template = body.replaceAll(nonce, NONCE_PLACEHOLDER).replaceAll(`content="${requestId}"`, `content="${REQUEST_ID_PLACEHOLDER}"`)
        const pieces = template.split(/(__HOC_SO_NONCE__|__HOC_SO_REQUEST_ID__)/)
        const parts = pieces.filter((_, index) => index % 2 === 0).map((part) => Buffer.from(part))
        const slots = pieces.filter((_, index) => index % 2 === 1).map((slot) => (slot === NONCE_PLACEHOLDER ? 'nonce' : 'id') as 'nonce' | 'id')
        entries.set(key, { parts, slots, headers, storedAt: Date.now() })
        while (entries.size > maxEntries) entries.delete(entries.keys().next().value!)
      }
      return end(chunk, ...rest)
    }) as Response['end']
    res.set('X-Page-Cache', 'miss')
    next()
  }
}
