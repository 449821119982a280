import { createHmac } from 'node:crypto'
import { prisma } from '~/db.server'
import { appSecret } from '~/lib/secret.server'
import { buildCredential, envelope, signCredentialJwt, badgeSubjectId } from './badge'
import { signingKeys } from './keys.server'
import { parsePayload } from './payload'
import { renderCertificatePdf } from './pdf.server'

// The files a holder downloads, built from the stored signed payload (never
// from the account as it is now). Exported for other features too (a class's
// certificates as one ZIP): they decide who may ask, these only build.
export { renderCertificatePdf }

export async function certificatePdfFor(code: string): Promise<Uint8Array<ArrayBuffer> | null> {
  const row = await prisma.certificate.findUnique({ where: { code }, select: { payload: true, signature: true, keyId: true } })
  return row ? renderCertificatePdf({ payload: row.payload, signature: row.signature, kid: row.keyId }) : null
}

export function pdfFilename(code: string): string {
  return `chung-nhan-${code}.pdf`
}

// Derived, not random, so downloading twice gives the same file. The label
// says "salt" because it once salted a phone hash; keeping it keeps the
// subject id of badges already in wallets (badge.ts).
function subjectSecret(code: string): string {
  return createHmac('sha256', appSecret()).update(`badge-salt:${code}`).digest('hex').slice(0, 16)
}

// Built from the signed payload alone: the holder's account (email, phone,
// id) is not even read.
export async function certificateBadgeFor(code: string) {
  const row = await prisma.certificate.findUnique({ where: { code }, select: { payload: true } })
  const payload = row ? parsePayload(JSON.parse(row.payload)) : null
  if (!payload) return null
  const credential = buildCredential(payload, { subjectId: badgeSubjectId(code, subjectSecret(code)) })
  return envelope(signCredentialJwt(credential, signingKeys().rsa))
}
