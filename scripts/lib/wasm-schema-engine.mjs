// Prisma's schema engine compiled to WebAssembly, driven through a driver
// adapter. The native engine binary cannot be downloaded on these machines; the
// wasm package is the same engine build as the pinned prisma CLI (see
// docs/decisions/003-prisma-migrations-offline.md). Its API is internal to
// Prisma, so everything that touches it stays in this file.
import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils'
import * as runtime from '@prisma/schema-engine-wasm/schema_engine_bg'

/** No externally managed tables or enums (prisma.config.ts `tables.external`). */
export const NO_FILTERS = Object.freeze({ externalTables: [], externalEnums: [] })

// The wasm-bindgen glue keeps the instance in module state. Test runners may
// evaluate this file more than once per process while Node caches the glue, so
// the shared state lives on globalThis rather than in this module.
const SHARED = Symbol.for('hoc-so.schema-engine-wasm')

/** @returns {{ timers: Set<ReturnType<typeof setTimeout>>, activeEngines: number }} */
function startWasm() {
  const existing = /** @type {any} */ (globalThis)[SHARED]
  if (existing) return existing
  const shared = { timers: new Set(), activeEngines: 0 }
  const require = createRequire(import.meta.url)
  const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')
  const bytes = readFileSync(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'))
  // The engine arms timers (some of 60 s) and never clears them, which kept a
  // caller's process alive for a minute after the work was done. Its timers
  // are recorded here and cleared once no engine is left (see withSchemaEngine).
  /** @type {Record<string, unknown>} */
  const imports = { ...runtime }
  for (const name of Object.keys(imports).filter((key) => key.startsWith('__wbg_setTimeout_'))) {
    const armTimer = /** @type {(callback: () => void, delay: number) => ReturnType<typeof setTimeout>} */ (
      imports[name]
    )
    imports[name] = (/** @type {() => void} */ callback, /** @type {number} */ delay) => {
      const timer = armTimer(callback, delay)
      shared.timers.add(timer)
      return timer
    }
  }
  // Node 20 cannot import .wasm as a module, so the glue is wired by hand the
  // way the package's own schema_engine.js would do it under a bundler.
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
    './schema_engine_bg.js': /** @type {WebAssembly.ModuleImports} */ (imports),
  })
  const exports = /** @type {any} */ (instance.exports)
  runtime.__wbg_set_wasm(exports)
  exports.__wbindgen_start()
  Object.defineProperty(globalThis, SHARED, { value: shared })
  return shared
}

/**
 * Turns a `file:` URL into a path. Relative paths are resolved against
 * `baseDir` (the repository root), never against the working directory, so the
 * scripts behave the same wherever they are started from.
 * @param {string} databaseUrl e.g. `file:./data/hoc-so.db`, `file:/abs/x.db`, `file::memory:`
 * @param {string} baseDir
 * @returns {string} an absolute path, or `:memory:`
 */
export function sqliteFilePath(databaseUrl, baseDir) {
  if (!databaseUrl.startsWith('file:')) {
    // Only the scheme is shown: other URLs may carry a password.
    const scheme = databaseUrl.split(':')[0] || '(empty)'
    throw new Error(`Unsupported database URL scheme "${scheme}:". Only SQLite "file:" URLs are supported so far.`)
  }
  const withoutQuery = databaseUrl.split('?')[0] ?? databaseUrl
  if (withoutQuery.startsWith('file://')) return fileURLToPath(withoutQuery)
  const file = withoutQuery.slice('file:'.length)
  if (file === ':memory:') return file
  if (!file) throw new Error(`The database URL "${databaseUrl}" names no file.`)
  return path.resolve(baseDir, file)
}

const MULTI_STATEMENT = /contains more than one statement/

// W1: the engine replays a whole migration.sql through executeRaw, but
// better-sqlite3's prepare() accepts one statement only. A parameterless
// command that fails that way is re-run as a script (db.exec), which is what
// the native engine does with the same text.
function runScriptsThroughExec(adapter) {
  const executeRaw = adapter.executeRaw.bind(adapter)
  adapter.executeRaw = async (query) => {
    try {
      return await executeRaw(query)
    } catch (error) {
      if (query.args.length > 0 || !MULTI_STATEMENT.test(String(error?.message))) throw error
      await adapter.executeScript(query.sql)
      return 0
    }
  }
  return adapter
}

/**
 * Wraps an adapter factory so every connection the engine opens (main and
 * shadow) is patched and can be closed afterwards, whether or not the engine
 * disposed of it.
 */
function trackConnections(inner, patch) {
  /** @type {Set<{ dispose(): Promise<void> }>} */
  const open = new Set()
  const track = async (connecting) => {
    const adapter = patch(await connecting)
    const dispose = adapter.dispose.bind(adapter)
    adapter.dispose = async () => {
      if (!open.delete(adapter)) return
      await dispose()
    }
    open.add(adapter)
    return adapter
  }
  return {
    factory: {
      provider: inner.provider,
      adapterName: inner.adapterName,
      connect: () => track(inner.connect()),
      connectToShadowDb: () => track(inner.connectToShadowDb()),
    },
    async closeAll() {
      for (const adapter of [...open]) await adapter.dispose().catch(() => {})
    },
  }
}

/**
 * The single place that knows which driver adapter serves a database URL.
 * PostgreSQL (@prisma/adapter-pg, with the note's W2–W5, W7) goes here later.
 * @param {string} databaseUrl
 * @param {string} baseDir base for relative `file:` paths
 * @returns {{ factory: any, closeAll(): Promise<void>, provider: 'sqlite' }}
 */
export function createMigrationAdapterFactory(databaseUrl, baseDir) {
  const file = sqliteFilePath(databaseUrl, baseDir)
  // Prisma's CLI creates the SQLite file and its folder on first use; the
  // driver creates the file but not the folder.
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true })
  const { factory, closeAll } = trackConnections(new PrismaBetterSqlite3({ url: file }), runScriptsThroughExec)
  return { factory, closeAll, provider: 'sqlite' }
}

/** The engine's P1014, raised where the native engine answers "not initialised". */
function isMissingMigrationsTable(error) {
  return error?.code === 'P1014' && /_prisma_migrations/.test(String(error?.message))
}

/**
 * Makes the engine's errors readable, keeping the original as `cause`:
 * - "External error id#N" is all the engine says when the driver failed; the
 *   driver's own error sits in the factory's registry under that id.
 * - Messages end with a Rust span trace ("   0: sql_schema_connector::…"),
 *   noise for a reader; it is kept only under DEBUG.
 * - A migration that fails in applyMigrations comes back without the P3018
 *   code the native engine gives it (only the trace names the migration), so
 *   the code and `meta.migration_name` are restored here.
 * - SQLITE_BUSY reaches the engine as a driver error kind (`SocketTimeout`)
 *   that this engine build cannot decode. Migrations lock the file
 *   exclusively, which fails while another process holds a WAL database open.
 */
function explainEngineError(error, errorRegistry, debug) {
  if (!(error instanceof Error)) return new Error(String(error))
  if (/unknown variant `SocketTimeout`/.test(error.message)) {
    return Object.assign(
      new Error(
        'The database is locked by another connection (SQLITE_BUSY). Stop the process that has it open ' +
          '(a running server or test run) and try again.',
        { cause: error },
      ),
      { code: 'SQLITE_BUSY' },
    )
  }
  const details = []
  for (const match of error.message.matchAll(/External error id#(\d+)/g)) {
    const cause = errorRegistry?.consumeError?.(Number(match[1]))?.error
    if (cause) details.push(cause.message ?? cause.originalMessage ?? JSON.stringify(cause))
  }
  const traceStart = error.message.search(/\n\s+0: \S+::/)
  if (!details.length && traceStart < 0) return error

  let { code, meta } = /** @type {{ code?: string, meta?: Record<string, unknown> }} */ (error)
  const trace = traceStart < 0 ? '' : error.message.slice(traceStart)
  const failedMigration = /apply_migration::apply_script\s+with migration_name="([^"]+)"/.exec(trace)?.[1]
  if (!code && failedMigration) {
    code = 'P3018'
    meta = { ...meta, migration_name: failedMigration }
  }
  let message = traceStart < 0 ? error.message : error.message.slice(0, traceStart).trimEnd()
  if (details.length) message += `\nDatabase error: ${details.join('\n')}`
  if (debug) message += trace
  return Object.assign(new Error(message, { cause: error }), { code, meta })
}

/**
 * Opens the engine on `databaseUrl`, runs `work` with it, and always frees the
 * engine and closes every database connection, so the caller can exit and
 * delete the file afterwards.
 * @template T
 * @param {{ databaseUrl: string, baseDir: string, schemaPath: string, schema: string }} options
 * @param {(engine: SchemaEngineSession) => Promise<T>} work
 * @returns {Promise<T>}
 */
export async function withSchemaEngine({ databaseUrl, baseDir, schemaPath, schema }, work) {
  const shared = startWasm()
  const { factory, closeAll } = createMigrationAdapterFactory(databaseUrl, baseDir)
  const bound = bindMigrationAwareSqlAdapterFactory(factory)
  const debug = /schema-engine|prisma:\*/.test(process.env.DEBUG ?? '')
  const onLog = (/** @type {string} */ line) => {
    if (debug) process.stderr.write(`${line.trimEnd()}\n`)
  }
  /** @type {runtime.SchemaEngine | undefined} */
  let engine
  shared.activeEngines++
  try {
    engine = await runtime.SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, onLog, bound)
    return await work(new SchemaEngineSession(engine))
  } catch (error) {
    throw explainEngineError(error, bound.errorRegistry, debug)
  } finally {
    try {
      engine?.free()
    } finally {
      await closeAll()
      // Timers of a freed engine only guard work that no longer exists.
      if (--shared.activeEngines === 0) {
        for (const timer of shared.timers) clearTimeout(timer)
        shared.timers.clear()
      }
    }
  }
}

/**
 * The engine's RPC methods used by migrations.mjs, with the wasm build's
 * SQLite gaps (W6) filled in the way the native engine behaves.
 */
export class SchemaEngineSession {
  /** @param {runtime.SchemaEngine} engine */
  constructor(engine) {
    this.engine = engine
  }

  /** @param {import('@prisma/schema-engine-wasm').ApplyMigrationsInput} input */
  applyMigrations(input) {
    return this.engine.applyMigrations(input)
  }

  /**
   * W6: on a database without `_prisma_migrations` the wasm build raises P1014;
   * the native engine reports "no table, every migration unapplied".
   * @param {import('@prisma/schema-engine-wasm').DiagnoseMigrationHistoryInput} input
   * @returns {Promise<import('@prisma/schema-engine-wasm').DiagnoseMigrationHistoryOutput>}
   */
  async diagnoseMigrationHistory(input) {
    try {
      return await this.engine.diagnoseMigrationHistory(input)
    } catch (error) {
      if (!isMissingMigrationsTable(error)) throw error
      const names = input.migrationsList.migrationDirectories.map((directory) => directory.path)
      return {
        editedMigrationNames: [],
        failedMigrationNames: [],
        hasMigrationsTable: false,
        history: names.length ? { diagnostic: 'databaseIsBehind', unappliedMigrationNames: names } : null,
      }
    }
  }

  /**
   * W6: `migrate dev` on a fresh SQLite file fails with P1014 in the wasm build.
   * applyMigrations creates the table on an empty database (or raises P3005 on
   * an unmanaged one), after which the diagnostic works. The migrations
   * applied on the way are returned as `appliedMigrationNames`.
   * @param {import('@prisma/schema-engine-wasm').DevDiagnosticInput} input
   * @returns {Promise<import('@prisma/schema-engine-wasm').DevDiagnosticOutput & { appliedMigrationNames: string[] }>}
   */
  async devDiagnostic(input) {
    try {
      return { ...(await this.engine.devDiagnostic(input)), appliedMigrationNames: [] }
    } catch (error) {
      if (!isMissingMigrationsTable(error)) throw error
      const { appliedMigrationNames } = await this.engine.applyMigrations(input)
      return { ...(await this.engine.devDiagnostic(input)), appliedMigrationNames }
    }
  }

  /** @param {import('@prisma/schema-engine-wasm').EvaluateDataLossInput} input */
  evaluateDataLoss(input) {
    return this.engine.evaluateDataLoss(input)
  }

  /** @param {import('@prisma/schema-engine-wasm').CreateMigrationInput} input */
  createMigration(input) {
    return this.engine.createMigration(input)
  }

  /** @param {import('@prisma/schema-engine-wasm').MarkMigrationRolledBackInput} input */
  markMigrationRolledBack(input) {
    return this.engine.markMigrationRolledBack(input)
  }

  /** @param {import('@prisma/schema-engine-wasm').DiffParams} input */
  diff(input) {
    return this.engine.diff(input)
  }
}
