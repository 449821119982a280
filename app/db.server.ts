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
  return new PrismaClient({ adapter, ...(getEnv().NODE_ENV === 'production' ? { errorFormat: 'minimal' as const } : {}) })
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
