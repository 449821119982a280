import { z } from 'zod'
import { CODE_PATTERN } from './code'

// What a certificate says, exactly as signed. Everything a verifier shows
// comes from here, so it holds only what the printed certificate shows: no
// phone, email or account id. `v` changes when the shape changes; verifiers
// keep accepting every earlier version.
export const PAYLOAD_VERSION = 1
export const PAYLOAD_TYPE = 'HocSoCertificate'
export const PLATFORM_NAME = 'Học Số'
export const TIME_ZONE = 'Asia/Ho_Chi_Minh'

const Text = z.string().min(1).max(300)
const DAY = /^\d{4}-\d{2}-\d{2}$/

export const CertificatePayloadSchema = z.strictObject({
  v: z.literal(PAYLOAD_VERSION),
  type: z.literal(PAYLOAD_TYPE),
  code: z.string().regex(CODE_PATTERN),
  serial: z.number().int().min(1),
  issuer: z.strictObject({ name: Text, url: z.string().regex(/^https?:\/\/\S+$/) }),
  // The instant (UTC, whole seconds) and the calendar day in Viet Nam.
  issuedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
  issuedOn: z.string().regex(DAY),
  holder: z.strictObject({
    name: Text,
    kind: z.enum(['RESIDENT', 'CIVIL_SERVANT']),
    agency: Text.nullable(),
    position: Text.nullable(),
    organization: Text.nullable(),
  }),
  course: z.strictObject({ slug: z.string().regex(/^[a-z0-9-]{1,80}$/), title: Text, version: z.string().regex(/^[0-9a-f]{8,64}$/) }),
})

export type CertificatePayload = z.infer<typeof CertificatePayloadSchema>

export type PayloadInput = {
  code: string
  serial: number
  issuedAt: Date
  siteUrl: string
  holder: { name: string; kind: 'RESIDENT' | 'CIVIL_SERVANT'; agency: string | null; position: string | null; organizationName: string | null }
  course: { slug: string; title: string; version: string }
}

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })

export function dayInVietnam(at: Date): string {
  return dayFormat.format(at)
}

// "ngày 5 tháng 3 năm 2026", as a Vietnamese certificate is dated.
export function vietnameseDate(day: string): string {
  const [year, month, date] = day.split('-').map(Number)
  return `ngày ${date} tháng ${month} năm ${year}`
}

function text(value: string | null | undefined): string | null {
  const cleaned = value?.normalize('NFC').replace(/\s+/g, ' ').trim()
  return cleaned ? cleaned : null
}

export function buildPayload(input: PayloadInput): CertificatePayload {
  const civilServant = input.holder.kind === 'CIVIL_SERVANT'
  const issuedAt = new Date(Math.floor(input.issuedAt.getTime() / 1000) * 1000)
  return CertificatePayloadSchema.parse({
    v: PAYLOAD_VERSION,
    type: PAYLOAD_TYPE,
    code: input.code,
    serial: input.serial,
    issuer: { name: PLATFORM_NAME, url: input.siteUrl.replace(/\/$/, '') },
    issuedAt: issuedAt.toISOString().replace('.000Z', 'Z'),
    issuedOn: dayInVietnam(issuedAt),
    holder: {
      name: text(input.holder.name) ?? '—',
      kind: input.holder.kind,
      agency: civilServant ? text(input.holder.agency) : null,
      position: civilServant ? text(input.holder.position) : null,
      organization: text(input.holder.organizationName),
    },
    course: { slug: input.course.slug, title: text(input.course.title) ?? input.course.slug, version: input.course.version },
  })
}

export function parsePayload(value: unknown): CertificatePayload | null {
  const parsed = CertificatePayloadSchema.safeParse(value)
  return parsed.success ? parsed.data : null
}

export function verifyUrl(payload: Pick<CertificatePayload, 'issuer' | 'code'>): string {
  return `${payload.issuer.url}/verify/${payload.code}`
}
