import { prisma } from '~/db.server'

// Counters for every limit on the site, in the database: several processes
// and machines behind one load balancer count together, and a restart
// forgets nothing. Each hit is one atomic upsert, so requests that arrive
// together (an attacker's parallel burst) each get a distinct count and none
// can slip through between a read and a write.

export type Hit = { count: number; windowStartMs: number; prevAtMs: number | null }

const CLEANUP_EVERY = 200
const KEEP_MS = 24 * 60 * 60 * 1000

type Row = { count: number | bigint; windowStart: number | bigint; prevAt: number | bigint | null }

/** Counts one attempt under `key`; a window older than `windowMs` starts again at 1. */
export async function countHit(key: string, windowMs: number, now = Date.now()): Promise<Hit> {
  const at = BigInt(now)
  const cutoff = BigInt(now - windowMs)
  // SET expressions all read the row as it was before this statement, on
  // SQLite and PostgreSQL alike.
  const rows = await prisma.$queryRaw<Row[]>`
    INSERT INTO "RateCounter" ("key", "count", "windowStart", "lastAt", "prevAt")
    VALUES (${key}, 1, ${at}, ${at}, NULL)
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateCounter"."windowStart" <= ${cutoff} THEN 1 ELSE "RateCounter"."count" + 1 END,
      "windowStart" = CASE WHEN "RateCounter"."windowStart" <= ${cutoff} THEN ${at} ELSE "RateCounter"."windowStart" END,
      "prevAt" = CASE WHEN "RateCounter"."windowStart" <= ${cutoff} THEN NULL ELSE "RateCounter"."lastAt" END,
      "lastAt" = ${at}
    RETURNING "count", "windowStart", "prevAt"`
  const row = rows[0]!
  if (Math.random() * CLEANUP_EVERY < 1) void forgetOldCounters(now)
  return {
    count: Number(row.count),
    windowStartMs: Number(row.windowStart),
    prevAtMs: row.prevAt === null ? null : Number(row.prevAt),
  }
}

/** The counter as it stands, without counting (null when there is none in the window). */
export async function peekCounter(key: string, windowMs: number, now = Date.now()): Promise<{ count: number; windowStartMs: number; lastAtMs: number } | null> {
  const row = await prisma.rateCounter.findUnique({ where: { key }, select: { count: true, windowStart: true, lastAt: true } })
  if (!row || Number(row.windowStart) <= now - windowMs) return null
  return { count: row.count, windowStartMs: Number(row.windowStart), lastAtMs: Number(row.lastAt) }
}

export async function resetCounter(key: string) {
  await prisma.rateCounter.deleteMany({ where: { key } })
}

async function forgetOldCounters(now: number) {
  try {
    await prisma.rateCounter.deleteMany({ where: { lastAt: { lt: BigInt(now - KEEP_MS) } } })
  } catch {
    // Housekeeping only: the next hit tries again.
  }
}

export type Limit = { allowed: boolean; retryAfterSec: number }

/**
 * A fixed window of `limit` hits per `windowMs` for `key`. Every call counts,
 * refused ones too, so hammering does not reopen the window early.
 */
export async function hitRateLimit(key: string, { limit, windowMs }: { limit: number; windowMs: number }, now = Date.now()): Promise<Limit> {
  const hit = await countHit(key, windowMs, now)
  if (hit.count <= limit) return { allowed: true, retryAfterSec: 0 }
  return { allowed: false, retryAfterSec: Math.max(1, Math.ceil((hit.windowStartMs + windowMs - now) / 1000)) }
}
