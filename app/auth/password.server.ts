import { hash, verify } from '@node-rs/argon2'

// OWASP's argon2id baseline (m=19 MiB, t=2, p=1): 7–14 ms per hash on the
// project's 2-core machines. See docs/decisions/004-password-hashing.md.
// `algorithm: 2` is Algorithm.Argon2id; the enum is a const enum that
// isolatedModules cannot import.
const ARGON2_OPTIONS = {
  algorithm: 2,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS)
}

// Forms hand every field over in NFC (readForm), passwords included, so a
// password set on a phone that sends combining accents works when typed on
// a computer. A password hashed before that rule, as an NFD-sending keyboard
// typed it, still has to open the account: on a miss, a password with
// accents is tried once more in its decomposed form.
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  if (await verifyExactly(storedHash, password)) return true
  const decomposed = password.normalize('NFD')
  return decomposed !== password && (await verifyExactly(storedHash, decomposed))
}

async function verifyExactly(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password)
  } catch {
    return false
  }
}
