// `npm start`: everything a fresh clone needs, then the production server.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import {
  ROOT,
  announceFirstRun,
  buildClientScripts,
  buildLessons,
  ensurePrismaClient,
  fail,
  loadEnvironment,
  migrateDatabase,
  seedReferenceData,
} from './lib/prepare'
import { siteUrlWarning } from '../app/env.server'

const env = loadEnvironment({ NODE_ENV: 'production' })
ensurePrismaClient()
await buildLessons(env)

const BUILD_ENTRY = path.join(ROOT, 'build', 'server', 'index.js')
const SOURCES = ['app', 'public', 'vite.config.ts', 'package-lock.json']

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0
  const stat = statSync(target)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)))
  return newest
}

// Rebuild when the build is missing or older than any source, so `git pull`
// followed by `npm start` never serves stale code.
const builtAt = existsSync(BUILD_ENTRY) ? statSync(BUILD_ENTRY).mtimeMs : 0
const sourcesAt = Math.max(...SOURCES.map((source) => newestMtime(path.join(ROOT, source))))
if (builtAt < sourcesAt) {
  console.log('… Building the production bundle')
  const vite = path.join(ROOT, 'node_modules', '@remix-run', 'dev', 'dist', 'cli.js')
  const result = spawnSync(process.execPath, [vite, 'vite:build'], { cwd: ROOT, stdio: 'inherit' })
  if (result.status !== 0) fail('The production build failed (see above).')
}

await migrateDatabase(env)
await seedReferenceData()
await buildClientScripts()
await announceFirstRun(env)

const { createApp } = await import('../server/app')
const app = await createApp(env, { mode: 'production', buildDir: path.join(ROOT, 'build') })
const server = app.listen(env.PORT, env.HOST, () => {
  console.log(`✔ Học Số is running on http://localhost:${env.PORT}`)
  const warning = siteUrlWarning(env)
  if (warning) console.warn(warning)
})

function shutdown() {
  server.close(() => process.exit(0))
  setTimeout(() => process.exit(0), 5_000).unref()
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
