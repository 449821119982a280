import crypto from 'node:crypto'
import { type NextFunction, type Request, type Response } from 'express'

export function createNonce(): string {
  return crypto.randomBytes(16).toString('base64')
}

// Scripts run only with this response's nonce; nothing is loaded from other
// origins, so no request ever leaves the site. Vite's dev server needs inline
// styles and a WebSocket, which production never gets.
export function contentSecurityPolicy(nonce: string, { dev, https }: { dev: boolean; https: boolean }) {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    dev ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    dev ? "connect-src 'self' ws: wss:" : "connect-src 'self'",
    "manifest-src 'self'",
    "media-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ]
  if (https) directives.push('upgrade-insecure-requests')
  return directives.join('; ')
}

export function securityHeaders({ dev }: { dev: boolean }) {
  // Built once: only the nonce changes between responses.
  const NONCE = '\u0000'
  const [httpBefore, httpAfter] = contentSecurityPolicy(NONCE, { dev, https: false }).split(NONCE)
  const [httpsBefore, httpsAfter] = contentSecurityPolicy(NONCE, { dev, https: true }).split(NONCE)
  return (req: Request, res: Response, next: NextFunction) => {
    const nonce = createNonce()
    res.locals.cspNonce = nonce
    const https = req.secure
    res.setHeader('Content-Security-Policy', https ? `${httpsBefore}${nonce}${httpsAfter}` : `${httpBefore}${nonce}${httpAfter}`)
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin')
    res.setHeader('X-Frame-Options', 'DENY')
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
    res.setHeader(
      'Permissions-Policy',
      'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
    )
    if (https) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
    next()
  }
}

// For JSON replies, which run no scripts and load nothing: a fixed policy
// instead of a per-response nonce.
export function jsonApiHeaders(_req: Request, res: Response, next: NextFunction) {
  res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'")
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin')
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
  next()
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
const accepted = new WeakMap<Request, string>()

/** The Origin originCheck accepted for this request (unsafe methods only). */
export function acceptedOrigin(req: Request): string | undefined {
  return accepted.get(req)
}

// Cookies are SameSite=Lax, which already stops most cross-site posts; the
// Origin check closes the rest (older browsers, same-site subdomains), as the
// Lucia guide recommends. Browsers send Origin on every non-GET request.
//
// This is the site's one origin rule. An origin is ours when it is SITE_URL's
// or the one the browser addressed (scheme and the Host header it sent: a
// page can only send that when it was served from that very host). Never
// X-Forwarded-Host, which any client may send. Remix has a check of its own
// (Origin against X-Forwarded-Host or Host) that fails behind a proxy that
// rewrites Host, with a 500: the request handed to Remix is made to agree
// with the origin accepted here (server/remix.ts).
export function originCheck({ allowedOrigins }: { allowedOrigins: string[] }) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next()
    const origin = req.get('origin')
    const own = `${req.protocol}://${req.headers.host}`
    if (origin && (origin === own || allowedOrigins.includes(origin))) {
      accepted.set(req, origin)
      return next()
    }
    res.status(403).type('html').send(
      plainPage(
        'Yêu cầu bị từ chối',
        'Biểu mẫu này phải được gửi từ chính trang Học Số. Vui lòng quay lại trang, tải lại và thử lại.',
      ),
    )
  }
}

// For the few responses sent before Remix runs: no scripts, no styles, no stack.
export function plainPage(title: string, message: string): string {
  const escape = (text: string) =>
    text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title></head><body><main><h1>${escape(title)}</h1><p>${escape(message)}</p><p><a href="/">Về trang chủ</a></p></main></body></html>`
}
