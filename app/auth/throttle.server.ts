import { prisma } from '~/db.server'
import { countHit, peekCounter, resetCounter } from './rate-limit.server'
import { FREE_FAILURES, THROTTLE_WINDOW_MS, remainingLockout } from './throttle'

type Keys = { login: string; ip: string | null }

function keysOf({ login, ip }: Keys) {
  const keys: { key: string; free: number }[] = [{ key: `login:${login}`, free: FREE_FAILURES.login }]
  if (ip) keys.push({ key: `ip:${ip}`, free: FREE_FAILURES.ip })
  return keys
}

// Seconds to wait before another try is even checked; the same answer
// whether or not the account exists, so it reveals nothing. A read only: a
// locked-out login costs no write.
export async function loginLockout(keys: Keys, now = new Date()): Promise<number> {
  let wait = 0
  for (const { key, free } of keysOf(keys)) {
    const counter = await peekCounter(key, THROTTLE_WINDOW_MS, now.getTime())
    if (counter) wait = Math.max(wait, remainingLockout(counter.count, new Date(counter.lastAtMs), free, now))
  }
  return wait
}

// Every attempt is counted as a failure BEFORE its password is checked, in
// one atomic statement per key, so twenty guesses sent at once get twenty
// distinct counts and only the free ones are ever verified. The attempt
// before this one (prevAt) sets the pace: a burst that arrives together is
// judged as if it had arrived one after the other. Returns the seconds to
// wait when this attempt lost such a race (0: go on and check the password).
export async function claimLoginAttempt(keys: Keys, now = new Date()): Promise<number> {
  let wait = 0
  for (const { key, free } of keysOf(keys)) {
    const hit = await countHit(key, THROTTLE_WINDOW_MS, now.getTime())
    const before = hit.prevAtMs === null ? null : new Date(hit.prevAtMs)
    wait = Math.max(wait, remainingLockout(hit.count - 1, before, free, now))
  }
  return wait
}

// The right password: the account's count starts again, and the address
// gets back the attempt it was charged, since only failures count against
// an address (a whole class signs in from one ward office). One right
// password never clears the address's failures at other accounts.
export async function loginSucceeded(keys: Keys) {
  await resetCounter(`login:${keys.login}`)
  if (keys.ip) {
    await prisma.rateCounter.updateMany({ where: { key: `ip:${keys.ip}`, count: { gt: 0 } }, data: { count: { decrement: 1 } } })
  }
}
