import { sign, verify } from 'node:crypto'
import { canonicalBytes, isCanonicalJson } from './canonical'
import { type SigningKey, type VerificationKeys, findKey } from './keys'
import { type CertificatePayload, parsePayload } from './payload'

export type SignedPayload = { payload: string; signature: string; kid: string }

// Ed25519 over the RFC 8785 bytes of the payload; the text stored and
// embedded is exactly those bytes, so a verifier needs no canonicaliser.
export function signPayload(payload: CertificatePayload, key: SigningKey): SignedPayload {
  const bytes = canonicalBytes(payload)
  return { payload: new TextDecoder().decode(bytes), signature: sign(null, bytes, key.privateKey).toString('base64url'), kid: key.kid }
}

export type SignatureCheck = { ok: true; payload: CertificatePayload } | { ok: false; failure: 'unknown-key' | 'bad-signature' | 'bad-payload' }

export function verifySignedPayload(signed: { payload: unknown; signature: unknown; kid: unknown }, keys: VerificationKeys): SignatureCheck {
  const key = findKey(keys, signed.kid, 'EdDSA')
  if (!key) return { ok: false, failure: 'unknown-key' }
  if (typeof signed.payload !== 'string' || typeof signed.signature !== 'string' || !/^[A-Za-z0-9_-]{86}$/.test(signed.signature)) {
    return { ok: false, failure: 'bad-signature' }
  }
  if (!verify(null, Buffer.from(signed.payload, 'utf8'), key.key, Buffer.from(signed.signature, 'base64url'))) return { ok: false, failure: 'bad-signature' }
  // Signed by us but not a payload this code understands (or not canonical):
  // refused rather than half-read.
  if (!isCanonicalJson(signed.payload)) return { ok: false, failure: 'bad-payload' }
  const payload = parsePayload(JSON.parse(signed.payload))
  return payload ? { ok: true, payload } : { ok: false, failure: 'bad-payload' }
}
