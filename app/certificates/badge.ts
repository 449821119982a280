import { createHash, sign, verify } from 'node:crypto'
import { type SigningKey, type VerificationKeys, findKey } from './keys'
import { type CertificatePayload, PLATFORM_NAME, dayInVietnam, verifyUrl } from './payload'

// The Open Badges 3.0 export: an OpenBadgeCredential in the VC Data Model 2.0
// shape, secured as a VC-JWT signed RS256, the algorithm the standard asks
// every wallet to accept. Built from the signed payload, so the badge never
// says more, or other, than the certificate. See docs/decisions/011-certificates.md.
export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2'
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'
export const JWT_TYPE = 'vc+jwt'

type IdentityObject = { type: 'IdentityObject'; identityType: 'name'; hashed: false; identityHash: string }

// The holder is named only by what the certificate itself prints. No email
// or phone, not even hashed: a Vietnamese mobile number has about 10^9
// values, so a salted SHA-256 published with its salt is reversed in minutes.
// OB 3.0 asks credentialSubject for an `id` or an `identifier`; it gets both:
// an opaque id for wallets and the name as an unhashed IdentityObject.
//
// The id is a UUID (shaped as version 8, "custom") derived from the code and
// a per-certificate secret the server derives from its application secret,
// so it says nothing about the holder, stays the same on every download and
// cannot be guessed from the code. (Earlier badges published that secret as
// the phone hash's salt; the id is still computed the same way, so a
// re-downloaded badge keeps the subject a wallet already knows.)
export function badgeSubjectId(code: string, secret: string): string {
  const hex = createHash('sha256').update(`subject:${code}:${secret}`).digest('hex').slice(0, 32).split('')
  hex[12] = '8'
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
  const s = hex.join('')
  return `urn:uuid:${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
}

export function buildCredential(payload: CertificatePayload, { subjectId }: { subjectId: string }) {
  const issuer = { id: payload.issuer.url, type: ['Profile'], name: payload.issuer.name, url: payload.issuer.url }
  const identifier: IdentityObject[] = [{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: payload.holder.name }]
  return {
    '@context': [VC_CONTEXT, OB_CONTEXT],
    id: verifyUrl(payload),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer,
    validFrom: payload.issuedAt,
    name: `Chứng nhận hoàn thành khoá học “${payload.course.title}”`,
    credentialSubject: {
      id: subjectId,
      type: ['AchievementSubject'],
      identifier,
      ...(payload.holder.position ? { role: payload.holder.position } : {}),
      achievement: {
        id: `${payload.issuer.url}/khoa-hoc/${payload.course.slug}`,
        type: ['Achievement'],
        achievementType: 'CertificateOfCompletion',
        name: payload.course.title,
        description: `Hoàn thành khoá học “${payload.course.title}” trên ${PLATFORM_NAME}, nền tảng học dùng dịch vụ công trực tuyến.`,
        criteria: {
          narrative:
            'Học hết các bài của khoá học, đạt điểm bài kiểm tra cuối khoá theo yêu cầu của khoá học và, nếu khoá học có yêu cầu, làm đúng bài mô phỏng ở chế độ kiểm tra.',
        },
        version: payload.course.version,
        inLanguage: 'vi',
        creator: issuer,
      },
    },
  }
}

export type Credential = ReturnType<typeof buildCredential>

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')

export function signCredentialJwt(credential: Credential, key: SigningKey): string {
  const header = { alg: 'RS256', typ: JWT_TYPE, kid: key.kid }
  const claims = {
    ...credential,
    iss: credential.issuer.id,
    jti: credential.id,
    nbf: Math.floor(Date.parse(credential.validFrom) / 1000),
    sub: credential.credentialSubject.id,
  }
  const input = `${b64(header)}.${b64(claims)}`
  return `${input}.${sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`
}

// What the learner downloads: a VC 2.0 EnvelopedVerifiableCredential, which
// wallets and verifiers read as "the credential is this VC-JWT".
export function envelope(jwt: string) {
  return { '@context': VC_CONTEXT, type: 'EnvelopedVerifiableCredential', id: `data:application/vc+jwt,${jwt}` }
}

export type BadgeFailure = 'malformed-file' | 'malformed-jwt' | 'algorithm' | 'unknown-key' | 'bad-signature' | 'claims-mismatch'
export type BadgeFacts = {
  code: string
  holderName: string
  courseSlug: string
  courseTitle: string
  courseVersion: string | null
  issuedOn: string
  position: string | null
  issuerUrl: string
}

const SEGMENT = /^[A-Za-z0-9_-]+$/

// The compact JWS inside whatever the learner kept: the enveloped JSON we
// hand out, or the bare JWT.
export function extractJwt(text: string): string | null {
  const trimmed = text.trim()
  if (!trimmed.startsWith('{')) return trimmed
  try {
    const value = JSON.parse(trimmed) as { type?: unknown; id?: unknown }
    const types = Array.isArray(value.type) ? value.type : [value.type]
    if (!types.includes('EnvelopedVerifiableCredential') || typeof value.id !== 'string') return null
    const prefix = 'data:application/vc+jwt,'
    return value.id.startsWith(prefix) ? value.id.slice(prefix.length) : null
  } catch {
    return null
  }
}

function decodeSegment(segment: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null
  } catch {
    return null
  }
}

type Obj = Record<string, unknown>
const obj = (value: unknown): Obj => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {})

export function verifyBadgeJwt(jwt: string, keys: VerificationKeys): { ok: true; facts: BadgeFacts; kid: string } | { ok: false; failure: BadgeFailure } {
  const parts = jwt.split('.')
  if (parts.length !== 3 || !parts.every((part, index) => SEGMENT.test(part) || (index === 2 && part === ''))) return { ok: false, failure: 'malformed-jwt' }
  const [head = '', body = '', signature = ''] = parts
  const header = decodeSegment(head)
  if (!header) return { ok: false, failure: 'malformed-jwt' }
  // The algorithm is ours to choose, never the token's: "none", HS256 keyed
  // with the public key, or any other algorithm is refused before a key is
  // even looked up.
  if (header.alg !== 'RS256' || (header.typ !== undefined && header.typ !== JWT_TYPE) || 'jwk' in header || 'crit' in header) {
    return { ok: false, failure: 'algorithm' }
  }
  const key = findKey(keys, header.kid, 'RS256')
  if (!key) return { ok: false, failure: 'unknown-key' }
  if (!signature || !verify('sha256', Buffer.from(`${head}.${body}`), key.key, Buffer.from(signature, 'base64url'))) {
    return { ok: false, failure: 'bad-signature' }
  }
  const claims = decodeSegment(body)
  if (!claims) return { ok: false, failure: 'malformed-jwt' }
  const issuer = obj(claims.issuer)
  const subject = obj(claims.credentialSubject)
  const achievement = obj(subject.achievement)
  const validFrom = typeof claims.validFrom === 'string' ? Date.parse(claims.validFrom) : NaN
  const code = typeof claims.id === 'string' ? /\/verify\/(HS-[A-Z0-9]{4}-[A-Z0-9]{4})$/.exec(claims.id)?.[1] : undefined
  const name = Array.isArray(subject.identifier)
    ? (subject.identifier as unknown[]).map(obj).find((id) => id.identityType === 'name' && id.hashed === false)?.identityHash
    : undefined
  const types = Array.isArray(claims.type) ? claims.type : []
  const context = Array.isArray(claims['@context']) ? claims['@context'] : []
  const consistent =
    // Exactly the contexts bundled with the application (contexts.server.ts): a
    // credential naming any other would need a fetch to be understood.
    context.length === 2 &&
    context[0] === VC_CONTEXT &&
    context[1] === OB_CONTEXT &&
    types.includes('VerifiableCredential') &&
    types.includes('OpenBadgeCredential') &&
    typeof issuer.id === 'string' &&
    claims.iss === issuer.id &&
    claims.jti === claims.id &&
    Number.isFinite(validFrom) &&
    claims.nbf === Math.floor(validFrom / 1000) &&
    claims.sub === subject.id &&
    typeof code === 'string' &&
    typeof name === 'string' &&
    typeof achievement.name === 'string' &&
    typeof achievement.id === 'string'
  if (!consistent) return { ok: false, failure: 'claims-mismatch' }
  return {
    ok: true,
    kid: key.kid,
    facts: {
      code: code!,
      holderName: name as string,
      courseSlug: String(achievement.id).split('/').pop() ?? '',
      courseTitle: achievement.name as string,
      courseVersion: typeof achievement.version === 'string' ? achievement.version : null,
      issuedOn: dayInVietnam(new Date(validFrom)),
      position: typeof subject.role === 'string' ? subject.role : null,
      issuerUrl: issuer.id as string,
    },
  }
}
