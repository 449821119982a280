// A fixed-window counter per key, in memory: cheap, and enough to slow down
// enumeration from one address. It lives in one process; several processes
// each count alone, and a restart forgets.
export function createRateLimiter({ limit, windowMs, maxKeys = 50_000 }: { limit: number; windowMs: number; maxKeys?: number }) {
  const windows = new Map<string, { start: number; count: number }>()
  return {
    hit(key: string, now = Date.now()): { allowed: boolean; retryAfterSec: number } {
      let entry = windows.get(key)
      if (!entry || now - entry.start >= windowMs) {
        // Bounded memory: when full, windows that have ended are dropped; if
        // none has, the oldest goes (Map keeps insertion order).
        if (!entry && windows.size >= maxKeys) {
          for (const [k, value] of windows) if (now - value.start >= windowMs) windows.delete(k)
          if (windows.size >= maxKeys) windows.delete(windows.keys().next().value!)
        }
        entry = { start: now, count: 0 }
        windows.set(key, entry)
      }
      entry.count += 1
      if (entry.count <= limit) return { allowed: true, retryAfterSec: 0 }
      return { allowed: false, retryAfterSec: Math.max(1, Math.ceil((entry.start + windowMs - now) / 1000)) }
    },
  }
}
