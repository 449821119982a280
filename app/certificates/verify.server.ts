import { prisma } from '~/db.server'
import { parseCode } from './code'
import { type Jwks, toJwks } from './keys'
import { verificationKeys } from './keys.server'
import { type CertificateDetails, verifySigned } from './verify'

export type PublicVerification =
  | { status: 'malformed'; input: string }
  | { status: 'unknown'; code: string }
  | { status: 'invalid'; code: string }
  | { status: 'valid'; code: string; details: CertificateDetails }
  | { status: 'revoked'; code: string; details: CertificateDetails; revokedAt: string; reason: string | null }

// What /verify/<code> shows. The stored row is not trusted: its payload must
// carry a valid Ed25519 signature from a published key and name the same
// code, or the page says "Không hợp lệ".
export async function verifyCode(input: string): Promise<PublicVerification> {
  const parsed = parseCode(input)
  if (!parsed.ok) return { status: 'malformed', input: input.slice(0, 40) }
  const { code } = parsed
  const row = await prisma.certificate.findUnique({
    where: { code },
    select: { payload: true, signature: true, keyId: true, revokedAt: true, revokedReason: true, user: { select: { deletedAt: true } } },
  })
  if (!row) return { status: 'unknown', code }
  const outcome = verifySigned({ payload: row.payload, signature: row.signature, kid: row.keyId }, verificationKeys())
  if (!outcome.ok || outcome.payload.code !== code) return { status: 'invalid', code }
  // A holder who deleted their account is no longer named (privacy notice);
  // the certificate itself stays verifiable.
  const details = row.user.deletedAt ? { ...outcome.payload, holderName: '', agency: null, position: null, organization: null } : outcome.payload
  if (row.revokedAt) return { status: 'revoked', code, details, revokedAt: row.revokedAt.toISOString(), reason: row.revokedReason }
  return { status: 'valid', code, details }
}

export function publishedKeys(): Jwks {
  return toJwks(verificationKeys())
}
