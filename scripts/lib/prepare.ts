// Steps shared by `npm start`, `npm run dev` and the e2e server: load .env,
// validate the environment, generate the Prisma client, migrate the database,
// and print the first-run link. Each step fails with a readable message.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { type Env, parseEnv, siteUrl } from '../../app/env.server'
import { deployMigrations } from './migrations.mjs'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

export function fail(message: string): never {
  console.error(`\n✖ ${message}\n`)
  process.exit(1)
}

export function loadEnvironment(defaults: Partial<Record<string, string>>): Env {
  const envFile = path.join(ROOT, '.env')
  if (existsSync(envFile)) process.loadEnvFile(envFile)
  for (const [key, value] of Object.entries(defaults)) {
    if (process.env[key] === undefined && value !== undefined) process.env[key] = value
  }
  try {
    return parseEnv(process.env)
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error))
  }
}

export function ensurePrismaClient(): void {
  if (existsSync(path.join(ROOT, 'generated', 'prisma', 'client.ts'))) return
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'prisma-generate.mjs')], {
    cwd: ROOT,
    stdio: 'inherit',
  })
  if (result.status !== 0) fail('Could not generate the Prisma client (see above).')
}

export function sqlitePath(databaseUrl: string): string {
  const file = databaseUrl.replace(/^file:/, '')
  return path.isAbsolute(file) ? file : path.join(ROOT, file)
}

// Migrations lock the SQLite file exclusively, which fails while a running
// server holds it open (SQLITE_BUSY). So a second process (an admin command
// beside the running server, another app process) first asks, read-only and
// with a busy timeout, whether anything is pending at all, and leaves the
// engine alone when nothing is.
function migrationsPending(databaseUrl: string): boolean {
  const file = sqlitePath(databaseUrl)
  if (!existsSync(file)) return true
  const folder = path.join(ROOT, 'prisma', 'migrations')
  const local = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(folder, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5_000 })
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get()
    if (!table) return true
    const rows = db
      .prepare('SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL')
      .all() as { name: string }[]
    const applied = new Set(rows.map((row) => row.name))
    return local.some((name) => !applied.has(name))
  } finally {
    db.close()
  }
}

export async function migrateDatabase(env: Env): Promise<void> {
  if (!migrationsPending(env.DATABASE_URL)) {
    console.log('✔ Database is up to date')
    return
  }
  try {
    const { applied } = await deployMigrations({ databaseUrl: env.DATABASE_URL })
    if (applied.length) console.log(`✔ Applied ${applied.length} migration(s): ${applied.join(', ')}`)
    else console.log('✔ Database is up to date')
  } catch (error) {
    fail(`Database migration failed: ${error instanceof Error ? error.message : String(error)}`)
  }
  // WAL lets readers continue while a learner's progress is written; the mode
  // is stored in the file, so setting it once here is enough.
  const db = new Database(sqlitePath(env.DATABASE_URL))
  db.pragma('journal_mode = WAL')
  db.close()
}

// The organisation list people pick from at sign-up; loaded once into an
// empty database, later kept up to date with `npm run org:import`.
export async function seedReferenceData(): Promise<void> {
  try {
    const { ensureOrganizationsSeeded } = await import('../../app/auth/organizations.server')
    const created = await ensureOrganizationsSeeded()
    if (created) console.log(`✔ Loaded ${created} organisations from prisma/seed/organizations.csv`)
  } catch (error) {
    fail(`Could not load the organisation list: ${error instanceof Error ? error.message : String(error)}`)
  }
}

// Compiles the lessons (cached by content hash) into CONTENT_BUILD_DIR. The
// server never compiles MDX on a request, and refuses to start with content
// that does not pass the checks.
export async function buildLessons(env: Env, { exitOnProblems = true } = {}): Promise<boolean> {
  const { buildContent, formatProblems } = await import('../../app/content/build.server')
  const started = performance.now()
  const { problems, catalog } = await buildContent({
    contentDir: path.join(ROOT, 'content'),
    publicDir: path.join(ROOT, 'public'),
    outDir: path.resolve(ROOT, env.CONTENT_BUILD_DIR),
    cacheDir: path.join(ROOT, '.cache', 'mdx'),
  })
  if (problems.length) {
    const message = `The content has ${problems.length} problem(s); fix them and start again:\n${formatProblems(problems)}`
    if (exitOnProblems) fail(message)
    console.error(`✖ ${message}`)
    return false
  }
  const lessons = catalog!.courses.reduce((total, course) => total + course.lessons.length, 0)
  console.log(`✔ Content: ${catalog!.courses.length} courses, ${lessons} lessons (${((performance.now() - started) / 1000).toFixed(1)} s)`)
  return true
}

// The simulators' small browser script (app/simulators/enhance.ts), bundled
// without React into client-build/ with a content-hashed name.
export async function buildClientScripts(): Promise<void> {
  const { build } = await import('esbuild')
  const { createHash } = await import('node:crypto')
  const { mkdirSync, rmSync, writeFileSync } = await import('node:fs')
  const outDir = path.join(ROOT, 'client-build')
  const result = await build({
    entryPoints: [path.join(ROOT, 'app', 'simulators', 'enhance.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2019',
    write: false,
    logLevel: 'silent',
    alias: { '~': path.join(ROOT, 'app') },
  })
  const code = result.outputFiles[0]!.contents
  const name = `simulator.${createHash('sha256').update(code).digest('hex').slice(0, 10)}.js`
  rmSync(outDir, { recursive: true, force: true })
  mkdirSync(outDir, { recursive: true })
  writeFileSync(path.join(outDir, name), code)
  writeFileSync(path.join(outDir, 'manifest.json'), JSON.stringify({ simulator: name }))
}

export async function announceFirstRun(env: Env): Promise<void> {
  const { issueSetupToken } = await import('../../app/auth/setup.server')
  const token = await issueSetupToken()
  if (!token) return
  const link = `${siteUrl(env)}/setup/${token}`
  console.log(
    [
      '',
      '────────────────────────────────────────────────────────────',
      ' No administrator exists yet. Open this one-time link to create one:',
      `   ${link}`,
      ' (valid 24 hours, replaced at every restart; or run `npm run admin:create`)',
      '────────────────────────────────────────────────────────────',
      '',
    ].join('\n'),
  )
}
