import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFStream, PDFString, decodePDFRawStream } from 'pdf-lib'
import { type BadgeFacts, type BadgeFailure, extractJwt, verifyBadgeJwt } from './badge'
import { parseCode } from './code'
import { type VerificationKeys } from './keys'
import { type CertificatePayload } from './payload'
import { type PrintedFinding, checkPrintedPdf } from './pdf-check.server'
import { ATTACHMENT_NAME } from './pdf.server'
import { verifySignedPayload } from './sign'

// One verification for every door: the verify page (a stored row), the
// downloads, and the offline CLI (a PDF, a badge file or a bare JWT). It
// trusts nothing but the key set it is given, and for a PDF it checks what
// the page shows as well as what the attachment signs (pdf-check.server.ts).
export type VerifyFailure =
  | BadgeFailure
  | 'bad-payload'
  | 'printed-mismatch'
  | 'printed-unreadable'
  | 'malformed-code'
  | 'unknown-code'

export const FAILURE_REASONS: Record<VerifyFailure, string> = {
  'malformed-file': 'Tệp này không phải chứng nhận của Học Số, hoặc đã bị hỏng.',
  'malformed-jwt': 'Huy hiệu không đúng dạng (chuỗi JWT bị hỏng).',
  algorithm: 'Huy hiệu dùng cách ký không được chấp nhận. Học Số chỉ chấp nhận chữ ký RS256 bằng khoá công khai đã công bố.',
  'unknown-key': 'Chữ ký dùng một mã khoá không có trong danh sách khoá công khai của Học Số.',
  'bad-signature': 'Chữ ký không khớp với nội dung: nội dung đã bị sửa sau khi cấp.',
  'claims-mismatch': 'Các thông tin trong huy hiệu không khớp nhau (mã, ngày cấp hoặc nơi cấp).',
  'bad-payload': 'Nội dung đã ký không đúng cấu trúc chứng nhận của Học Số.',
  'printed-mismatch': 'Chữ ký số đúng, nhưng trang in của tệp PDF khác với nội dung đã ký: tệp đã bị sửa sau khi cấp.',
  'printed-unreadable': 'Chữ ký số đúng, nhưng không đọc chắc chắn được trang in của tệp PDF, nên không thể xác nhận những gì tệp hiển thị.',
  'malformed-code': 'Mã không đúng dạng. Mã có dạng HS-XXXX-XXXX; hãy kiểm tra lại từng chữ.',
  'unknown-code': 'Không tìm thấy chứng nhận nào có mã này.',
}

// What a verifier may show: exactly what the certificate itself shows.
export type CertificateDetails = {
  code: string
  holderName: string
  courseSlug: string
  courseTitle: string
  courseVersion: string | null
  issuedOn: string
  organization: string | null
  agency: string | null
  position: string | null
  issuerUrl: string
}

// A PDF whose attachment is genuine but whose page is not (or cannot be read)
// still names the signed facts, so a person can compare them with the page.
export type VerifyOutcome =
  | { ok: true; format: 'signed' | 'pdf' | 'badge'; kid: string; payload: CertificateDetails }
  | { ok: false; failure: 'printed-mismatch'; reason: string; kid: string; payload: CertificateDetails; findings: PrintedFinding[] }
  | { ok: false; failure: 'printed-unreadable'; reason: string; kid: string; payload: CertificateDetails; detail: string }
  | { ok: false; failure: Exclude<VerifyFailure, 'printed-mismatch' | 'printed-unreadable'>; reason: string }

export function fail(failure: Exclude<VerifyFailure, 'printed-mismatch' | 'printed-unreadable'>) {
  return { ok: false as const, failure, reason: FAILURE_REASONS[failure] }
}

export function detailsOf(payload: CertificatePayload): CertificateDetails {
  return {
    code: payload.code,
    holderName: payload.holder.name,
    courseSlug: payload.course.slug,
    courseTitle: payload.course.title,
    courseVersion: payload.course.version,
    issuedOn: payload.issuedOn,
    organization: payload.holder.organization,
    agency: payload.holder.agency,
    position: payload.holder.position,
    issuerUrl: payload.issuer.url,
  }
}

function badgeDetails(facts: BadgeFacts): CertificateDetails {
  return { ...facts, organization: null, agency: null }
}

export function verifySigned(signed: { payload: unknown; signature: unknown; kid: unknown }, keys: VerificationKeys): VerifyOutcome {
  const checked = verifySignedPayload(signed, keys)
  if (!checked.ok) return fail(checked.failure === 'unknown-key' ? 'unknown-key' : checked.failure)
  return { ok: true, format: 'signed', kid: String(signed.kid), payload: detailsOf(checked.payload) }
}

export function verifyBadge(text: string, keys: VerificationKeys): VerifyOutcome {
  const jwt = extractJwt(text)
  if (jwt === null) return fail('malformed-file')
  const checked = verifyBadgeJwt(jwt, keys)
  if (!checked.ok) return fail(checked.failure)
  if (!parseCode(checked.facts.code).ok) return fail('claims-mismatch')
  return { ok: true, format: 'badge', kid: checked.kid, payload: badgeDetails(checked.facts) }
}

function streamBytes(stream: unknown): Uint8Array | null {
  if (stream instanceof PDFRawStream) return decodePDFRawStream(stream).decode()
  if (stream instanceof PDFStream) return stream.getContents()
  return null
}

function attachment(doc: PDFDocument, name: string): Uint8Array | null {
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)
  const files = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict)
  const list = files?.lookupMaybe(PDFName.of('Names'), PDFArray)
  if (!list) return null
  for (let i = 0; i + 1 < list.size(); i += 2) {
    const key = list.lookup(i)
    const label = key instanceof PDFString || key instanceof PDFHexString ? key.decodeText() : null
    if (label !== name) continue
    const spec = list.lookupMaybe(i + 1, PDFDict)
    const embedded = spec?.lookupMaybe(PDFName.of('EF'), PDFDict)
    return streamBytes(embedded?.lookup(PDFName.of('F')))
  }
  return null
}

export async function verifyPdf(bytes: Uint8Array, keys: VerificationKeys): Promise<VerifyOutcome> {
  let doc: PDFDocument
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true })
  } catch {
    return fail('malformed-file')
  }
  let embedded: { payload: unknown; signature: unknown; kid: unknown }
  try {
    const raw = attachment(doc, ATTACHMENT_NAME)
    if (!raw) return fail('malformed-file')
    const parsed = JSON.parse(Buffer.from(raw).toString('utf8')) as Partial<typeof embedded> | null
    embedded = { payload: parsed?.payload, signature: parsed?.signature, kid: parsed?.kid }
  } catch {
    return fail('malformed-file')
  }
  const outcome = verifySigned(embedded, keys)
  if (!outcome.ok) return outcome
  const signed = { payload: String(embedded.payload), signature: String(embedded.signature), kid: outcome.kid }
  let printed: Awaited<ReturnType<typeof checkPrintedPdf>>
  try {
    printed = await checkPrintedPdf(bytes, doc, signed)
  } catch {
    // Never "valid" because the comparison itself failed.
    printed = { ok: false, unreadable: true, detail: 'lỗi khi so trang in với nội dung đã ký' }
  }
  if (printed.ok) return { ...outcome, format: 'pdf' }
  const { kid, payload } = outcome
  return printed.unreadable
    ? { ok: false, failure: 'printed-unreadable', reason: FAILURE_REASONS['printed-unreadable'], kid, payload, detail: printed.detail }
    : { ok: false, failure: 'printed-mismatch', reason: FAILURE_REASONS['printed-mismatch'], kid, payload, findings: printed.findings }
}

// A downloaded file of any of the three kinds, told apart by its content.
export async function verifyFile(bytes: Uint8Array, keys: VerificationKeys): Promise<VerifyOutcome> {
  if (Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-') return verifyPdf(bytes, keys)
  const text = Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, '')
  return verifyBadge(text, keys)
}
