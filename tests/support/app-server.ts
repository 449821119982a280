import http from 'node:http'
import { type AddressInfo, type Socket } from 'node:net'
import path from 'node:path'
import { type ServerBuild } from '@remix-run/node'
import { type ViteDevServer } from 'vite'
import { parseEnv } from '~/env.server'
import { createApp } from '../../server/app'

const ROOT = path.resolve(__dirname, '..', '..')

// The real Express app (server/app.ts) around the real routes, compiled by
// Vite as `npm run dev` does, so tests cross the same HTTP layer a browser
// does: origin check, body limit, Remix's request handling, headers.
// vite.config.ts leaves the Remix plugin out under Vitest; it is put back
// for this server only.
export async function startVite(): Promise<ViteDevServer> {
  const vite = await import('vite')
  const saved = process.env.VITEST
  delete process.env.VITEST
  try {
    return await vite.createServer({
      configFile: path.join(ROOT, 'vite.config.ts'),
      root: ROOT,
      logLevel: 'error',
      appType: 'custom',
      // Tests send any Host on purpose (a proxy's, a forged one).
      server: { middlewareMode: true, hmr: false, watch: null, allowedHosts: true },
      // No browser loads these pages: nothing to pre-bundle for one.
      optimizeDeps: { noDiscovery: true, include: [] },
    })
  } finally {
    process.env.VITEST = saved
  }
}

export type AppServer = { base: string; lastSocket: () => Socket | null; close: () => Promise<void> }

export async function startApp(vite: ViteDevServer, settings: Record<string, string>): Promise<AppServer> {
  const env = parseEnv({ NODE_ENV: 'development', LOG_FORMAT: 'json', ...settings })
  const app = await createApp(env, {
    mode: 'development',
    viteMiddleware: vite.middlewares,
    loadBuild: () => vite.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>,
  })
  const server = http.createServer(app)
  let last: Socket | null = null
  server.on('connection', (socket) => (last = socket))
  server.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    lastSocket: () => last,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
