import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaClient } from '#generated/prisma/client'
import { getEnv } from '~/env.server'

export type { PrismaClient }

// better-sqlite3 turns foreign keys on by default; `timeout` is SQLite's busy
// timeout, so concurrent writers wait instead of failing with SQLITE_BUSY.
// WAL mode is persistent in the file and is set when migrations run.
//
// In production errors are formatted minimally: otherwise Prisma captures a
// stack trace (new Error()) on every query to point at the calling line,
// ~10 % of a simple query's CPU.
export function createPrismaClient(databaseUrl: string): PrismaClient {
  const adapter = new PrismaBetterSqlite3({ url: databaseUrl, timeout: 5_000 })
  const client = new PrismaClient({ adapter, ...(getEnv().NODE_ENV === 'production' ? { errorFormat: 'minimal' as const } : {}) })
  // How durable a commit is, stated here rather than left to how
  // better-sqlite3 happens to be compiled (SQLITE_DEFAULT_WAL_SYNCHRONOUS=1).
  // In WAL mode NORMAL syncs to disk at checkpoints, not at every commit: an
  // acknowledged event survives the process being killed, but the last
  // transactions before a power cut may be lost (ADR 010).
  //
  // A larger page cache (64 MiB instead of 16) and reads through mmap (up to
  // SQLite's 2 GiB limit) because the log's unique index holds random UUIDs:
  // with ten million events every insert and duplicate check lands on a
  // different page, and event ingestion ran ~25 % slower without them.
  //
  // A failure of these would show again on the first real query, which
  // reports it.
  client.$executeRawUnsafe('PRAGMA synchronous = NORMAL').catch(() => {})
  client.$executeRawUnsafe('PRAGMA cache_size = -65536').catch(() => {})
  client.$queryRawUnsafe('PRAGMA mmap_size = 2147418112').catch(() => {})
  return client
}

const globalForPrisma = globalThis as unknown as { __hocSoPrisma?: PrismaClient }

// One client per process; in development Vite reloads modules, so the client
// lives on globalThis to avoid opening a new connection on every edit.
export const prisma: PrismaClient = (globalForPrisma.__hocSoPrisma ??= createPrismaClient(
  getEnv().DATABASE_URL,
))

export async function checkDatabase(): Promise<{ ok: boolean; error?: string }> {
  try {
    // A real query through the client, not just a connection ping: proves the
    // migrations ran and the file is readable.
    await prisma.user.count()
    return { ok: true }
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) }
  }
}
