import { sha256 } from '@oslojs/crypto/sha2'
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding'

// 20 random bytes = 160 bits of entropy, the Lucia guide's minimum for session
// tokens; base32 keeps them URL- and cookie-safe.
export function generateToken(byteLength = 20): string {
  const bytes = new Uint8Array(byteLength)
  crypto.getRandomValues(bytes)
  return encodeBase32LowerCaseNoPadding(bytes)
}

// Only this digest is stored, so a leaked database cannot be replayed as cookies or links.
export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)))
}
