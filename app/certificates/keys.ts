import { type JsonWebKey, type KeyObject, createHash, createPublicKey } from 'node:crypto'

// Key sets, independent of where keys are stored, so the web server, the
// downloads and the offline CLI share them. A key's id is derived from the
// key itself (first 16 characters of the base64url SHA-256 of its SPKI DER),
// so a published key set cannot label one key with another's id.
export type KeyAlgorithm = 'EdDSA' | 'RS256'
export type PublicKeyEntry = { kid: string; alg: KeyAlgorithm; key: KeyObject; current: boolean }
export type VerificationKeys = { keys: PublicKeyEntry[] }
export type SigningKey = { kid: string; privateKey: KeyObject }
export type SigningKeys = { ed25519: SigningKey; rsa: SigningKey }

export const RSA_MIN_BITS = 2048

export function keyId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' })
  return createHash('sha256').update(der).digest('base64url').slice(0, 16)
}

// Which algorithm a public key may be used with; anything else is refused.
export function algorithmOf(key: KeyObject): KeyAlgorithm | null {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA'
  if (key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= RSA_MIN_BITS) return 'RS256'
  return null
}

export function publicEntry(key: KeyObject, current: boolean): PublicKeyEntry | null {
  const publicKey = key.type === 'public' ? key : createPublicKey(key)
  const alg = algorithmOf(publicKey)
  return alg ? { kid: keyId(publicKey), alg, key: publicKey, current } : null
}

export function findKey(keys: VerificationKeys, kid: unknown, alg: KeyAlgorithm): PublicKeyEntry | null {
  if (typeof kid !== 'string') return null
  return keys.keys.find((entry) => entry.kid === kid && entry.alg === alg) ?? null
}

export type Jwk = { kty: string; kid: string; alg: KeyAlgorithm; use: 'sig'; crv?: string; x?: string; n?: string; e?: string }
export type Jwks = { keys: Jwk[] }

// Only the public members are copied, by name: a private member can never
// leak into the published set whatever the key object holds.
export function toJwks(keys: VerificationKeys): Jwks {
  return {
    keys: keys.keys.map(({ kid, alg, key }) => {
      const jwk = key.export({ format: 'jwk' })
      return alg === 'EdDSA'
        ? { kty: 'OKP', crv: 'Ed25519', x: String(jwk.x), kid, alg, use: 'sig' as const }
        : { kty: 'RSA', n: String(jwk.n), e: String(jwk.e), kid, alg, use: 'sig' as const }
    }),
  }
}

// A downloaded copy of the published key set, for offline checks. Entries
// that are not Ed25519 or RSA-2048+ public keys, or whose id does not match
// their key, are left out.
export function fromJwks(value: unknown): VerificationKeys {
  const list = value && typeof value === 'object' && Array.isArray((value as Jwks).keys) ? (value as Jwks).keys : []
  const keys: PublicKeyEntry[] = []
  for (const jwk of list) {
    if (!jwk || typeof jwk !== 'object' || 'd' in jwk) continue
    try {
      const members: JsonWebKey =
        jwk.kty === 'OKP' ? { kty: 'OKP', crv: jwk.crv, x: jwk.x } : jwk.kty === 'RSA' ? { kty: 'RSA', n: jwk.n, e: jwk.e } : {}
      const entry = publicEntry(createPublicKey({ key: members, format: 'jwk' }), false)
      if (entry && entry.kid === jwk.kid && entry.alg === jwk.alg) keys.push(entry)
    } catch {
      // Not a usable key: skipped.
    }
  }
  return { keys }
}
