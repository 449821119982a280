import { prisma } from '~/db.server'
import { FREE_FAILURES, THROTTLE_WINDOW_MS, remainingLockout } from './throttle'

type Keys = { login: string; ip: string | null }

function keysOf({ login, ip }: Keys) {
  const keys: { key: string; free: number }[] = [{ key: `login:${login}`, free: FREE_FAILURES.login }]
  if (ip) keys.push({ key: `ip:${ip}`, free: FREE_FAILURES.ip })
  return keys
}

async function failuresSinceLastSuccess(key: string, now: Date) {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS)
  const lastSuccess = await prisma.loginAttempt.findFirst({
    where: { key, success: true, createdAt: { gte: since } },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true },
  })
  const from = lastSuccess?.createdAt ?? since
  const where = { key, success: false, createdAt: { gt: from } }
  const [count, last] = await Promise.all([
    prisma.loginAttempt.count({ where }),
    prisma.loginAttempt.findFirst({ where, orderBy: { createdAt: 'desc' }, select: { createdAt: true } }),
  ])
  return { count, lastFailureAt: last?.createdAt ?? null }
}

// Seconds to wait before another try is even checked; the same answer
// whether or not the account exists, so it reveals nothing.
export async function loginLockout(keys: Keys, now = new Date()): Promise<number> {
  let wait = 0
  for (const { key, free } of keysOf(keys)) {
    const { count, lastFailureAt } = await failuresSinceLastSuccess(key, now)
    wait = Math.max(wait, remainingLockout(count, lastFailureAt, free, now))
  }
  return wait
}

export async function recordLoginAttempt(keys: Keys, success: boolean, now = new Date()) {
  // A success clears the account's count but not the address's: one right
  // password must not unlock guessing at every other account from there.
  const rows = success ? [{ key: `login:${keys.login}` }] : keysOf(keys).map(({ key }) => ({ key }))
  await prisma.$transaction([
    prisma.loginAttempt.createMany({ data: rows.map((row) => ({ ...row, success, createdAt: now })) }),
    prisma.loginAttempt.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - 24 * THROTTLE_WINDOW_MS) } } }),
  ])
}
