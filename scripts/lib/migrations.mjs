// Prisma Migrate's deploy / status / diff / dev, run through the wasm schema
// engine. It keeps Prisma's own layout (prisma/migrations/<timestamp>_<name>/
// migration.sql plus migration_lock.toml) and Prisma's `_prisma_migrations`
// table, so a machine with the native engine and the stock CLI sees the same
// history and can take over.
//
// Paths: `schemaPath`, `migrationsDir` and relative `file:` database URLs are
// resolved against the repository root (found from this file's location), not
// against the working directory. `file:./data/hoc-so.db` therefore always
// means <repo>/data/hoc-so.db; `file:/abs/path.db` is used as is.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { NO_FILTERS, sqliteFilePath, withSchemaEngine } from './wasm-schema-engine.mjs'

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const DEFAULT_SCHEMA_PATH = 'prisma/schema.prisma'
const DEFAULT_MIGRATIONS_DIR = 'prisma/migrations'
const MEMORY_URL = 'file::memory:'
const LOCKFILE = 'migration_lock.toml'

/**
 * @typedef {object} PathOptions
 * @property {string} [schemaPath] Prisma schema; default prisma/schema.prisma
 * @property {string} [migrationsDir] default prisma/migrations
 * @property {(line: string) => void} [log] progress lines; silent by default
 */

/** @param {PathOptions} options */
function resolvePaths(options) {
  const schemaPath = path.resolve(REPO_ROOT, options.schemaPath ?? DEFAULT_SCHEMA_PATH)
  const migrationsDir = path.resolve(REPO_ROOT, options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR)
  return { schemaPath, migrationsDir, log: options.log ?? (() => {}) }
}

function readSchema(schemaPath) {
  if (!existsSync(schemaPath)) throw new Error(`Prisma schema not found at ${schemaPath}`)
  return readFileSync(schemaPath, 'utf8')
}

/**
 * The migrations folder as the engine expects it; the same shape and order as
 * the Prisma CLI's own listing (directories sorted with localeCompare).
 * @returns {import('@prisma/schema-engine-wasm').MigrationList}
 */
function readMigrations(migrationsDir) {
  const lockPath = path.join(migrationsDir, LOCKFILE)
  const names = existsSync(migrationsDir)
    ? readdirSync(migrationsDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort((a, b) => a.localeCompare(b))
    : []
  return {
    baseDir: migrationsDir,
    lockfile: { path: LOCKFILE, content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: names.map((name) => {
      const sqlPath = path.join(migrationsDir, name, 'migration.sql')
      /** @type {import('@prisma/schema-engine-wasm').JsResult<string, string>} */
      const content = existsSync(sqlPath)
        ? { tag: 'ok', value: readFileSync(sqlPath, 'utf8') }
        : { tag: 'error', value: `${sqlPath} does not exist` }
      return { path: name, migrationFile: { path: 'migration.sql', content } }
    }),
  }
}

/**
 * The SQLite file a `file:` URL points to, resolved against the repository root.
 * @param {string} databaseUrl
 * @returns {string} an absolute path, or `:memory:`
 */
export function resolveDatabaseFile(databaseUrl) {
  return sqliteFilePath(databaseUrl, REPO_ROOT)
}

/** Relative to the working directory when inside it, for shorter messages. */
function displayPath(file) {
  const relative = path.relative(process.cwd(), file)
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file
}

function describeDatabase(databaseUrl) {
  const file = resolveDatabaseFile(databaseUrl)
  return file === ':memory:' ? 'the in-memory database' : displayPath(file)
}

/** Rewrites the engine's errors that need an action from the reader. */
function explainMigrateError(error, databaseUrl) {
  const code = error?.code
  const where = describeDatabase(databaseUrl)
  const engineMessage = String(error?.message ?? error)
  const failedName = engineMessage.match(/The `([^`]+)` migration/)?.[1] ?? error?.meta?.migration_name
  let message
  if (code === 'P3005') {
    message =
      `${where} already contains tables but has no Prisma migration history (P3005). ` +
      'Point DATABASE_URL at a new or Prisma-managed database; an existing one has to be baselined first ' +
      '(https://pris.ly/d/migrate-baseline).'
  } else if (code === 'P3009') {
    const name = failedName ?? '<name>'
    message =
      `Migration ${name} failed earlier on ${where} and is still marked as failed (P3009); ` +
      'no further migration is applied. Undo what it changed, run ' +
      `\`node scripts/migrate.mjs resolve --rolled-back ${name}\`, fix the migration and deploy again. ` +
      `A development database can simply be deleted instead.`
  } else if (code === 'P3018') {
    message =
      `Migration ${failedName ?? '(unknown)'} failed to apply to ${where} and is now marked as failed (P3018); ` +
      `later migrations were not applied. Database error: ${engineMessage}`
  } else if (code === 'SQLITE_BUSY') {
    message =
      `${where} is in use by another process (SQLITE_BUSY): migrations need it to themselves. ` +
      'Stop the server or test run that has it open and try again.'
  } else {
    return error instanceof Error ? error : new Error(engineMessage)
  }
  return Object.assign(new Error(message, { cause: error }), { code })
}

async function withEngine(databaseUrl, schemaPath, work) {
  try {
    return await withSchemaEngine(
      { databaseUrl, baseDir: REPO_ROOT, schemaPath, schema: readSchema(schemaPath) },
      work,
    )
  } catch (error) {
    throw explainMigrateError(error, databaseUrl)
  }
}

const PROVIDER = /^\s*provider\s*=\s*"([^"]+)"/m

/**
 * The engine checks migration_lock.toml against the schema in deploy and dev
 * (P3019) but not in diff, where a mismatch yields confusing SQL errors.
 */
function assertLockfileProvider(migrationsList, schema) {
  const locked = migrationsList.lockfile.content && PROVIDER.exec(migrationsList.lockfile.content)?.[1]
  const datasource = /datasource\s+\w+\s*\{[^}]*\}/.exec(schema)?.[0]
  const wanted = datasource && PROVIDER.exec(datasource)?.[1]
  if (locked && wanted && locked !== wanted) {
    throw Object.assign(
      new Error(
        `migration_lock.toml says provider "${locked}" but the schema's datasource uses "${wanted}" (P3019); ` +
          'these migrations were written for another database.',
      ),
      { code: 'P3019' },
    )
  }
}

/**
 * Like `prisma migrate deploy`: creates the SQLite file (and its folder) if
 * missing and applies pending migrations in order. Throws if a migration fails,
 * if an earlier one is still marked as failed (P3009), or if the database has
 * tables that Prisma Migrate does not manage (P3005). Edited migrations are not
 * an error here, as in Prisma.
 * @param {PathOptions & { databaseUrl: string }} options
 * @returns {Promise<{ applied: string[] }>}
 */
export async function deployMigrations(options) {
  const { schemaPath, migrationsDir, log } = resolvePaths(options)
  const migrationsList = readMigrations(migrationsDir)
  return withEngine(options.databaseUrl, schemaPath, async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS })
    for (const name of appliedMigrationNames) log(`Applied ${name}`)
    return { applied: appliedMigrationNames }
  })
}

/**
 * Like `prisma migrate status`. Reads only; a missing database file is
 * reported as "everything pending" and is not created.
 * `missingFromFolder` lists migrations recorded in the database that
 * prisma/migrations does not contain (e.g. a database migrated by newer code).
 * @param {PathOptions & { databaseUrl: string }} options
 * @returns {Promise<{ applied: string[], pending: string[], failed: string[], edited: string[], missingFromFolder: string[] }>}
 */
export async function migrationStatus(options) {
  const { schemaPath, migrationsDir } = resolvePaths(options)
  const migrationsList = readMigrations(migrationsDir)
  const local = migrationsList.migrationDirectories.map((directory) => directory.path)
  const file = resolveDatabaseFile(options.databaseUrl)
  if (file !== ':memory:' && !existsSync(file)) {
    return { applied: [], pending: local, failed: [], edited: [], missingFromFolder: [] }
  }
  const result = await withEngine(options.databaseUrl, schemaPath, (engine) =>
    engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTERS }),
  )
  const history = result.history
  const unapplied = history && 'unappliedMigrationNames' in history ? history.unappliedMigrationNames : []
  const unpersisted = history && 'unpersistedMigrationNames' in history ? history.unpersistedMigrationNames : []
  const failed = result.failedMigrationNames
  return {
    applied: local.filter((name) => !unapplied.includes(name) && !failed.includes(name)),
    pending: unapplied.filter((name) => !failed.includes(name)),
    failed,
    edited: result.editedMigrationNames,
    missingFromFolder: unpersisted,
  }
}

/**
 * Like `prisma migrate diff --from-migrations <dir> --to-schema <schema>
 * --script --exit-code`: replays the migrations into an in-memory shadow
 * database and compares the result with the schema. Touches no database file.
 * @param {PathOptions} [options]
 * @returns {Promise<{ inSync: boolean, script: string }>} `script` is the SQL the
 *   migrations lack, empty when in sync
 */
export async function diffSchemaAgainstMigrations(options = {}) {
  const { schemaPath, migrationsDir } = resolvePaths(options)
  const migrationsList = readMigrations(migrationsDir)
  const schema = readSchema(schemaPath)
  assertLockfileProvider(migrationsList, schema)
  // The engine cannot tell the provider of an empty folder without a lockfile;
  // no migrations at all is the same as an empty database.
  /** @type {import('@prisma/schema-engine-wasm').DiffTarget} */
  const from = migrationsList.migrationDirectories.length ? { tag: 'migrations', ...migrationsList } : { tag: 'empty' }
  const result = await withEngine(MEMORY_URL, schemaPath, (engine) =>
    engine.diff({
      from,
      to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: schema }] },
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    }),
  )
  const inSync = result.exitCode === 0
  return { inSync, script: inSync ? '' : (result.stdout ?? '') }
}

/**
 * Like `prisma migrate resolve --rolled-back <name>`: marks a failed migration
 * as rolled back so that deploy retries it. It does not undo anything the
 * migration changed before it failed; do that by hand first.
 * @param {PathOptions & { databaseUrl: string, name: string }} options
 * @returns {Promise<void>}
 */
export async function markMigrationRolledBack(options) {
  const { schemaPath, log } = resolvePaths(options)
  await withEngine(options.databaseUrl, schemaPath, (engine) =>
    engine.markMigrationRolledBack({ migrationName: options.name }),
  )
  log(`Marked ${options.name} as rolled back`)
}

/**
 * The name part of a migration folder, as Prisma's CLI slugifies `--name`:
 * accents dropped, camelCase split, snake_case, at most 200 characters.
 * @param {string} name
 */
export function migrationSlug(name) {
  return name
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 200)
}

function utcStamp(date) {
  return date.toISOString().replace(/\D/g, '').slice(0, 14)
}

/**
 * `<UTC yyyyMMddHHmmss>_<slug>`, always sorting after the existing folders:
 * two migrations created within one second (scripts, tests) would otherwise
 * share a timestamp and be ordered by name instead of by creation.
 */
function nextDirectoryName(slug, existing, now) {
  let stamp = utcStamp(now)
  const latest = existing
    .map((name) => /^(\d{14})_/.exec(name)?.[1])
    .filter((value) => value !== undefined)
    .sort()
    .at(-1)
  if (latest && stamp <= latest) {
    const [, y, mo, d, h, mi, s] = /** @type {RegExpExecArray} */ (/^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/.exec(latest))
    stamp = utcStamp(new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s + 1)))
  }
  return `${stamp}_${slug}`
}

function lockfileContent(provider) {
  // Byte for byte what Prisma's CLI writes, so the stock CLI leaves it alone.
  return (
    '# Please do not edit this file manually\n' +
    '# It should be added in your version-control system (e.g., Git)\n' +
    `provider = "${provider}"\n`
  )
}

/**
 * Like `prisma migrate dev --name <name>`: applies pending migrations to the
 * development database; if the schema differs from what the migrations
 * produce, writes `<timestamp>_<name>/migration.sql` (and migration_lock.toml)
 * and applies it. Writes nothing when there is no change.
 *
 * Throws without writing a migration when the development database has drifted from the
 * migrations (Prisma would offer a reset), when a step cannot run on the data
 * in it, or when a step loses data and `acceptDataLoss` is not set.
 * @param {PathOptions & { name: string, databaseUrl: string, acceptDataLoss?: boolean, now?: Date }} options
 * @returns {Promise<{ directory: string | null, applied: string[] }>} `directory`
 *   is the new migration folder (absolute), `applied` every migration applied
 *   to the development database by this call
 */
export async function createMigration(options) {
  const { schemaPath, migrationsDir, log } = resolvePaths(options)
  const slug = migrationSlug(options.name ?? '')
  if (!slug) throw new Error('A migration needs a name made of letters or digits, e.g. add_organizations.')
  const schema = readSchema(schemaPath)
  const schemaFiles = { files: [{ path: schemaPath, content: schema }] }

  return withEngine(options.databaseUrl, schemaPath, async (engine) => {
    let migrationsList = readMigrations(migrationsDir)
    const diagnostic = await engine.devDiagnostic({ migrationsList, filters: NO_FILTERS })
    if (diagnostic.action.tag === 'reset') {
      throw new Error(
        `${diagnostic.action.reason}\nThe development database ${describeDatabase(options.databaseUrl)} ` +
          'no longer matches prisma/migrations. Delete it (it is rebuilt from the migrations) and run this again.',
      )
    }
    const applied = [
      ...diagnostic.appliedMigrationNames,
      ...(await engine.applyMigrations({ migrationsList, filters: NO_FILTERS })).appliedMigrationNames,
    ]
    for (const name of applied) log(`Applied ${name}`)

    const loss = await engine.evaluateDataLoss({ migrationsList, schema: schemaFiles, filters: NO_FILTERS })
    if (loss.migrationSteps === 0) return { directory: null, applied }
    if (loss.unexecutableSteps.length) {
      throw new Error(
        `The change cannot be applied to the data in ${describeDatabase(options.databaseUrl)}:\n` +
          loss.unexecutableSteps.map((step) => `  - ${step.message}`).join('\n') +
          '\nChange the schema so that existing rows stay valid (e.g. give a new required column a default), ' +
          'or delete those rows from the development database.',
      )
    }
    if (loss.warnings.length && !options.acceptDataLoss) {
      throw new Error(
        'The change would lose data:\n' +
          loss.warnings.map((step) => `  - ${step.message}`).join('\n') +
          '\nRun again with --accept-data-loss (acceptDataLoss: true) if that is intended.',
      )
    }

    const directoryName = nextDirectoryName(
      slug,
      migrationsList.migrationDirectories.map((directory) => directory.path),
      options.now ?? new Date(),
    )
    const created = await engine.createMigration({
      draft: false,
      migrationName: slug,
      migrationsList,
      schema: schemaFiles,
      filters: NO_FILTERS,
    })
    if (created.migrationScript === null) return { directory: null, applied }
    const directory = path.join(migrationsDir, directoryName)
    if (existsSync(directory)) throw new Error(`The migration directory already exists at ${directory}`)
    mkdirSync(directory, { recursive: true })
    writeFileSync(path.join(directory, `migration.${created.extension}`), created.migrationScript)
    writeFileSync(path.join(migrationsDir, LOCKFILE), lockfileContent(created.connectorType))
    log(`Created ${displayPath(path.join(directory, `migration.${created.extension}`))}`)

    migrationsList = readMigrations(migrationsDir)
    const appliedNow = (await engine.applyMigrations({ migrationsList, filters: NO_FILTERS })).appliedMigrationNames
    for (const name of appliedNow) log(`Applied ${name}`)
    return { directory, applied: [...applied, ...appliedNow] }
  })
}
