// Prisma's schema engine, compiled to WebAssembly, driven through the
// better-sqlite3 driver adapter. These machines cannot download the native
// engine binary; the wasm build is the same engine source (see
// docs/decisions/003-prisma-migrations-offline.md and
// ../shared/notes/prisma-offline.md for the workarounds named W1 and W6).
import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils'
import * as runtime from '@prisma/schema-engine-wasm/schema_engine_bg'

const require = createRequire(import.meta.url)
let initialised = false

function initialiseWasm() {
  if (initialised) return
  const glue = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')
  const wasmPath = path.join(path.dirname(glue), 'schema_engine_bg.wasm')
  // Node 20 cannot import .wasm modules, so the wasm-bindgen glue is wired by hand.
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasmPath)), {
    './schema_engine_bg.js': runtime,
  })
  runtime.__wbg_set_wasm(instance.exports)
  instance.exports.__wbindgen_start?.()
  initialised = true
}

const MULTI_STATEMENT = /more than one statement/i

function errorText(error) {
  if (!error) return ''
  const cause = error.cause ? errorText(error.cause) : ''
  return `${error.message ?? ''} ${error.originalMessage ?? ''} ${JSON.stringify(error.cause ?? '')} ${cause}`
}

// W1: the engine replays whole migration files through executeRaw, but
// better-sqlite3's prepare() takes one statement. A parameterless script is
// retried with exec(), which is what the native engine does too.
function withMultiStatementScripts(adapter) {
  const executeRaw = adapter.executeRaw.bind(adapter)
  adapter.executeRaw = async (query) => {
    try {
      return await executeRaw(query)
    } catch (error) {
      if (query.args.length === 0 && MULTI_STATEMENT.test(errorText(error))) {
        await adapter.executeScript(query.sql)
        return 0
      }
      throw error
    }
  }
  return adapter
}

class SqliteMigrationAdapterFactory {
  provider = 'sqlite'
  adapterName = '@prisma/adapter-better-sqlite3'
  #inner
  #opened = []

  constructor(file) {
    this.#inner = new PrismaBetterSqlite3({ url: file })
  }

  async connect() {
    const adapter = withMultiStatementScripts(await this.#inner.connect())
    this.#opened.push(adapter)
    return adapter
  }

  async connectToShadowDb() {
    const adapter = withMultiStatementScripts(await this.#inner.connectToShadowDb())
    this.#opened.push(adapter)
    return adapter
  }

  async closeAll() {
    for (const adapter of this.#opened.splice(0)) {
      try {
        await adapter.dispose()
      } catch {
        // already closed by the engine
      }
    }
  }
}

/** Resolves `file:./x.db` against `root`, as the app does against its working directory. */
export function sqliteFile(databaseUrl, root) {
  if (!databaseUrl.startsWith('file:')) {
    throw new Error(`Only SQLite URLs (file:…) are supported here, got "${databaseUrl}"`)
  }
  const file = databaseUrl.slice('file:'.length)
  if (file === ':memory:') return file
  return path.isAbsolute(file) ? file : path.join(root, file)
}

/**
 * Opens an engine on the SQLite file, runs `work(engine)`, and always frees
 * the engine and closes every connection so the caller can exit or delete the file.
 * @template T
 * @param {{ file: string, schemaPath: string, schema: string }} options
 * @param {(engine: any) => Promise<T>} work
 * @returns {Promise<T>}
 */
export async function withSchemaEngine({ file, schemaPath, schema }, work) {
  initialiseWasm()
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true })
  const factory = new SqliteMigrationAdapterFactory(file)
  const logs = []
  const engine = await runtime.SchemaEngine.new(
    { datamodels: [[schemaPath, schema]] },
    (line) => logs.push(line),
    bindMigrationAwareSqlAdapterFactory(factory),
  )
  try {
    return await work(engine)
  } catch (error) {
    throw new Error(describeEngineError(error, logs))
  } finally {
    try {
      engine.free()
    } catch {
      // freeing twice is harmless
    }
    await factory.closeAll()
  }
}

function describeEngineError(error, logs) {
  const message = error?.message ?? String(error)
  const code = error?.error_code ?? error?.code
  const meta = error?.meta ? ` ${JSON.stringify(error.meta)}` : ''
  const last = logs.slice(-3).join('\n')
  return `${code ? `${code}: ` : ''}${message}${meta}${last && process.env.DEBUG ? `\n${last}` : ''}`
}
