// Login throttling rules, pure so they can be tested without a clock or a
// database. A login key (one account, existing or not) gets 5 free failures;
// an IP address gets 30, because a whole class in a ward office may share one.
export const THROTTLE_WINDOW_MS = 60 * 60 * 1000
export const FREE_FAILURES = { login: 5, ip: 30 } as const
const BASE_DELAY_SECONDS = 30
const MAX_DELAY_SECONDS = 15 * 60

export function lockoutSeconds(failures: number, freeFailures: number): number {
  if (failures < freeFailures) return 0
  return Math.min(BASE_DELAY_SECONDS * 2 ** (failures - freeFailures), MAX_DELAY_SECONDS)
}

// How long the learner must still wait, in seconds (0 = may try now).
export function remainingLockout(
  failures: number,
  lastFailureAt: Date | null,
  freeFailures: number,
  now: Date,
): number {
  if (!lastFailureAt) return 0
  const until = lastFailureAt.getTime() + lockoutSeconds(failures, freeFailures) * 1000
  return Math.max(0, Math.ceil((until - now.getTime()) / 1000))
}

// Answers that say "this phone or email already has an account" are what an
// enumeration needs, so they are rationed: per address, per login tried and
// per signed-in account or staff member. A ward office signs up a whole
// class from one address, so plain sign-ups get a generous allowance of
// their own.
export const ACCOUNT_PROBE_WINDOW_MS = 60 * 60 * 1000
export const ACCOUNT_PROBE_LIMITS = {
  signupPerIp: 100,
  takenPerIp: 10,
  perLogin: 5,
  takenPerAccount: 10,
  takenPerStaff: 30,
} as const
