// `npm run dev`: the same server as production, with Vite's middleware for
// instant reloads, so headers and the CSP behave as they will in production.
import { type ServerBuild } from '@remix-run/node'
import { watch } from 'node:fs'
import path from 'node:path'
import {
  ROOT,
  announceFirstRun,
  buildClientScripts,
  buildLessons,
  ensurePrismaClient,
  loadEnvironment,
  migrateDatabase,
  seedReferenceData,
} from './lib/prepare'

const env = loadEnvironment({ NODE_ENV: 'development', LOG_FORMAT: 'pretty' })
ensurePrismaClient()
await buildLessons(env, { exitOnProblems: false })
// Lessons recompile on save; the server picks up the new build on the next request.
let pending: NodeJS.Timeout | undefined
watch(path.join(ROOT, 'content'), { recursive: true }, () => {
  clearTimeout(pending)
  pending = setTimeout(() => void buildLessons(env, { exitOnProblems: false }), 200)
})
await migrateDatabase(env)
await seedReferenceData()
await buildClientScripts()
await announceFirstRun(env)

const vite = await import('vite')
const viteServer = await vite.createServer({ server: { middlewareMode: true } })
const { createApp } = await import('../server/app')
const app = await createApp(env, {
  mode: 'development',
  viteMiddleware: viteServer.middlewares,
  loadBuild: () => viteServer.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>,
})
app.listen(env.PORT, env.HOST, () => {
  console.log(`✔ Học Số (development) on http://localhost:${env.PORT}`)
})
