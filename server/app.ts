import path from 'node:path'
import { type ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express, { type NextFunction, type Request, type Response } from 'express'
import { type Env, siteUrl } from '../app/env.server'
import { randomId } from '../app/lib/ids'
import { log } from '../app/log.server'
import { SESSION_COOKIE } from '../app/auth/session.server'
import { bodyLimit } from './body'
import { pageCache } from './page-cache'
import { directAction } from './direct-action'
import { remixHandler } from './remix'
import { simulatorStepCache } from './step-cache'
import { jsonApiHeaders, originCheck, plainPage, securityHeaders } from './security'

const MAX_BODY_BYTES = 1024 * 1024

type BuildSource =
  | { mode: 'production'; buildDir: string }
  | { mode: 'development'; loadBuild: () => Promise<ServerBuild>; viteMiddleware: express.RequestHandler }

export async function createApp(env: Env, source: BuildSource) {
  const dev = source.mode === 'development'
  const app = express()
  app.disable('x-powered-by')
  // A hop count or the proxies' own addresses, never "believe every header" (see env.server.ts).
  if (env.TRUST_PROXY !== false) app.set('trust proxy', env.TRUST_PROXY)
  const allowedOrigins = [new URL(siteUrl(env)).origin]
  const build =
    source.mode === 'production'
      ? ((await import(path.join(source.buildDir, 'server', 'index.js'))) as ServerBuild)
      : source.loadBuild
  const getLoadContext = (req: Request, res: Response) => ({
    cspNonce: String(res.locals.cspNonce),
    requestId: String(res.locals.requestId),
    clientIp: req.ip ?? null,
  })

  app.use((req, res, next) => {
    const requestId = randomId(10)
    const started = process.hrtime.bigint()
    res.locals.requestId = requestId
    res.setHeader('X-Request-Id', requestId)
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      log('info', 'request', {
        id: requestId,
        method: req.method,
        path: req.originalUrl.split('?')[0],
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
      })
    })
    next()
  })
  // The progress API (a small JSON reply, every lesson opened) answers before
  // what pages need: CSP nonces, compression, the page cache, static files,
  // ~220 µs of CPU a request. It keeps the Origin check and size limit.
  if (source.mode === 'production' && typeof build !== 'function') {
    app.post(
      '/api/progress/events',
      jsonApiHeaders,
      originCheck({ allowedOrigins }),
      bodyLimit(MAX_BODY_BYTES),
      directAction({ build, routeId: 'routes/api/progress-events', maxBodyBytes: MAX_BODY_BYTES, context: getLoadContext }),
    )
  }
  app.use(securityHeaders({ dev }))
  app.use(compression())
  // Before the static middleware, so a cached page costs no file-system lookup.
  if (source.mode === 'production') app.use(pageCache({ sessionCookie: SESSION_COOKIE }))

  // Scripts built outside Vite (the simulator enhancer); names carry a hash.
  app.use('/static', express.static(path.resolve(process.cwd(), 'client-build'), { immutable: true, maxAge: '1y', index: false }))
  if (source.mode === 'production') {
    const clientDir = path.join(source.buildDir, 'client')
    // Fingerprinted files never change; everything else may.
    app.use(
      '/assets',
      express.static(path.join(clientDir, 'assets'), { immutable: true, maxAge: '1y', index: false }),
    )
    app.use(express.static(clientDir, { maxAge: '1h', index: false }))
  } else {
    app.use(source.viteMiddleware)
  }

  app.use(originCheck({ allowedOrigins }))
  app.use(bodyLimit(MAX_BODY_BYTES))

  if (source.mode === 'production' && typeof build !== 'function') {
    app.use(simulatorStepCache({ build, sessionCookie: SESSION_COOKIE }))
  }

  app.all('*', remixHandler({ build, mode: source.mode, getLoadContext }))

  // Last resort when something fails outside Remix: a plain Vietnamese page, never a stack.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const id = String(res.locals.requestId ?? '')
    const status = (error as { status?: unknown } | null)?.status
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // e.g. a malformed %-escape in the address: the client's mistake, not ours.
      res
        .status(status)
        .type('html')
        .send(plainPage('Địa chỉ không hợp lệ', 'Địa chỉ hoặc dữ liệu gửi lên không đúng. Vui lòng kiểm tra lại hoặc về trang chủ.'))
      return
    }
    log('error', 'server error', {
      id,
      error: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? error.stack : undefined,
    })
    if (res.headersSent) return
    res
      .status(500)
      .type('html')
      .send(plainPage('Đã có lỗi xảy ra', `Xin lỗi, hệ thống gặp sự cố. Mã lỗi: ${id}. Vui lòng thử lại sau ít phút.`))
  })

  return app
}
