import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import fontkit from '@pdf-lib/fontkit'
import { type PDFFont, type PDFPage, PDFDocument, StandardFonts, rgb } from 'pdf-lib'
import QRCode from 'qrcode'
import { type CertificatePayload, PLATFORM_NAME, parsePayload, verifyUrl, vietnameseDate } from './payload'
import { type SignedPayload } from './sign'

// The printable certificate: A4 landscape, Vietnamese text in Be Vietnam Pro
// (the full TTF, subset on embedding: a font split by unicode range renders
// only some Vietnamese letters), a vector QR code to the verify page, and the
// signed payload attached as hocso-certificate.json so the file verifies
// offline (`npm run cert:verify`). The code and the verify address are set in
// Courier, a standard PDF font with a plain single-byte encoding.
// The same input gives the same bytes: fixed dates, fixed font names. The
// offline verifier relies on that: it draws the page again from the signed
// payload and compares what the two pages show (pdf-check.server.ts), so the
// renderer also reports what each drawing is (`PrintedPart`).
export const ATTACHMENT_NAME = 'hocso-certificate.json'
const WIDTH = 841.89
const HEIGHT = 595.28
const INK = rgb(0.11, 0.16, 0.23)
const ACCENT = rgb(0.05, 0.36, 0.55)
const MUTED = rgb(0.3, 0.34, 0.4)

const require = createRequire(import.meta.url)
let fonts: { regular: Uint8Array; bold: Uint8Array } | undefined

function fontBytes() {
  fonts ??= {
    regular: readFileSync(require.resolve('@expo-google-fonts/be-vietnam-pro/400Regular/BeVietnamPro_400Regular.ttf')),
    bold: readFileSync(require.resolve('@expo-google-fonts/be-vietnam-pro/700Bold/BeVietnamPro_700Bold.ttf')),
  }
  return fonts
}

// pdf-lib parses the font file anew for every document (~30 ms for the two
// faces); fontkit's parsed font is read-only for our use (layout and
// subsetting build new objects), so one parse per process is shared.
type Fontkit = Parameters<PDFDocument['registerFontkit']>[0]
const parsedFonts = new Map<Uint8Array, ReturnType<Fontkit['create']>>()
const cachingFontkit: Fontkit = {
  create(bytes, postscriptName) {
    let font = parsedFonts.get(bytes as Uint8Array)
    if (!font) {
      font = fontkit.create(bytes, postscriptName)
      parsedFonts.set(bytes as Uint8Array, font)
    }
    return font
  },
}

// Which fact of the payload a piece of printed text shows ('template' is the
// wording every certificate has), so a verifier can name what differs.
export type PrintedField = 'holder' | 'role' | 'organization' | 'course' | 'date' | 'code' | 'url' | 'template'
export type PrintedPart = { kind: 'text'; field: PrintedField; text: string } | { kind: 'shape'; part: 'frame' | 'qr' }

// Every drawing goes through here, in order: one drawText is one text run and
// one drawRectangle one path in the content stream.
class Sheet {
  readonly parts: PrintedPart[] = []
  constructor(readonly page: PDFPage) {}
  text(field: PrintedField, text: string, options: { x: number; y: number; size: number; font: PDFFont; color: ReturnType<typeof rgb> }) {
    this.parts.push({ kind: 'text', field, text })
    this.page.drawText(text, options)
  }
  rect(part: 'frame' | 'qr', options: Parameters<PDFPage['drawRectangle']>[0]) {
    this.parts.push({ kind: 'shape', part })
    this.page.drawRectangle(options)
  }
}

function centered(sheet: Sheet, field: PrintedField, text: string, y: number, font: PDFFont, size: number, color = INK) {
  const width = font.widthOfTextAtSize(text, size)
  sheet.text(field, text, { x: (WIDTH - width) / 2, y, size, font, color })
}

// Shrinks a long line to fit, then wraps it over at most `maxLines` lines.
function fitLines(text: string, font: PDFFont, size: number, maxWidth: number, maxLines: number): { lines: string[]; size: number } {
  for (let current = size; current >= size * 0.6; current -= 1) {
    const lines: string[] = []
    let line = ''
    for (const word of text.split(' ')) {
      const candidate = line ? `${line} ${word}` : word
      if (font.widthOfTextAtSize(candidate, current) <= maxWidth || !line) line = candidate
      else {
        lines.push(line)
        line = word
      }
    }
    if (line) lines.push(line)
    if (lines.length <= maxLines && lines.every((item) => font.widthOfTextAtSize(item, current) <= maxWidth)) return { lines, size: current }
  }
  return { lines: [text], size: size * 0.6 }
}

// The QR code as vector squares (one rectangle per horizontal run of dark
// modules): sharp at any zoom or printer, a few hundred bytes.
function drawQr(sheet: Sheet, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const count = qr.modules.size
  const quiet = 4
  const unit = size / (count + quiet * 2)
  sheet.rect('qr', { x, y, width: size, height: size, color: rgb(1, 1, 1) })
  for (let row = 0; row < count; row += 1) {
    let col = 0
    while (col < count) {
      if (!qr.modules.get(row, col)) {
        col += 1
        continue
      }
      const start = col
      while (col < count && qr.modules.get(row, col)) col += 1
      sheet.rect('qr', {
        x: x + (quiet + start) * unit,
        y: y + size - (quiet + row + 1) * unit,
        width: (col - start) * unit,
        height: unit,
        color: rgb(0, 0, 0),
      })
    }
  }
}

function holderLine(payload: CertificatePayload): string | null {
  const parts = [payload.holder.position, payload.holder.agency].filter(Boolean)
  return parts.length ? parts.join(', ') : null
}

export async function renderCertificatePdf(signed: SignedPayload): Promise<Uint8Array<ArrayBuffer>> {
  return (await renderCertificate(signed)).bytes
}

// The PDF and, in drawing order, what each text run and shape on its page is.
export async function renderCertificate(signed: SignedPayload): Promise<{ bytes: Uint8Array<ArrayBuffer>; parts: PrintedPart[] }> {
  const payload = parsePayload(JSON.parse(signed.payload))
  if (!payload) throw new Error('renderCertificatePdf: the payload is not a certificate payload')
  const issuedAt = new Date(payload.issuedAt)
  const doc = await PDFDocument.create({ updateMetadata: false })
  doc.registerFontkit(cachingFontkit)
  const { regular: regularBytes, bold: boldBytes } = fontBytes()
  const regular = await doc.embedFont(regularBytes, { subset: true, customName: 'HSREGU+BeVietnamPro-Regular' })
  const bold = await doc.embedFont(boldBytes, { subset: true, customName: 'HSBOLD+BeVietnamPro-Bold' })
  const mono = await doc.embedFont(StandardFonts.CourierBold)
  const url = verifyUrl(payload)

  doc.setTitle(`Chứng nhận ${payload.code} — ${payload.course.title}`)
  doc.setAuthor(PLATFORM_NAME)
  doc.setSubject(`Chứng nhận hoàn thành khoá học, mã ${payload.code}`)
  doc.setCreator(PLATFORM_NAME)
  doc.setProducer(PLATFORM_NAME)
  doc.setLanguage('vi-VN')
  doc.setCreationDate(issuedAt)
  doc.setModificationDate(issuedAt)

  const sheet = new Sheet(doc.addPage([WIDTH, HEIGHT]))
  sheet.rect('frame', { x: 24, y: 24, width: WIDTH - 48, height: HEIGHT - 48, borderColor: ACCENT, borderWidth: 3 })
  sheet.rect('frame', { x: 34, y: 34, width: WIDTH - 68, height: HEIGHT - 68, borderColor: ACCENT, borderWidth: 0.8 })

  centered(sheet, 'template', PLATFORM_NAME.toUpperCase(), 520, bold, 22, ACCENT)
  centered(sheet, 'template', 'Nền tảng học dùng dịch vụ công trực tuyến', 500, regular, 12, MUTED)
  centered(sheet, 'template', 'CHỨNG NHẬN', 440, bold, 40)
  centered(sheet, 'template', 'HOÀN THÀNH KHOÁ HỌC', 414, bold, 16, ACCENT)
  centered(sheet, 'template', 'Chứng nhận', 380, regular, 14, MUTED)
  const name = fitLines(payload.holder.name, bold, 30, WIDTH - 160, 1)
  centered(sheet, 'holder', name.lines[0]!, 346, bold, name.size)
  let y = 322
  const role = holderLine(payload)
  if (role) {
    const fitted = fitLines(role, regular, 13, WIDTH - 200, 1)
    centered(sheet, 'role', fitted.lines[0]!, y, regular, fitted.size, MUTED)
    y -= 18
  }
  if (payload.holder.organization) {
    const fitted = fitLines(payload.holder.organization, regular, 13, WIDTH - 200, 1)
    centered(sheet, 'organization', fitted.lines[0]!, y, regular, fitted.size, MUTED)
    y -= 18
  }
  centered(sheet, 'template', 'đã hoàn thành khoá học', y - 8, regular, 14, MUTED)
  const course = fitLines(payload.course.title, bold, 22, WIDTH - 200, 2)
  course.lines.forEach((line, index) => centered(sheet, 'course', line, y - 38 - index * (course.size + 6), bold, course.size))

  // Bottom band: date and code on the left, QR code on the right.
  const left = 70
  sheet.text('date', `Cấp ${vietnameseDate(payload.issuedOn)}`, { x: left, y: 132, size: 13, font: regular, color: INK })
  sheet.text('template', 'Mã chứng nhận:', { x: left, y: 108, size: 13, font: regular, color: INK })
  sheet.text('code', payload.code, { x: left + regular.widthOfTextAtSize('Mã chứng nhận: ', 13), y: 108, size: 14, font: mono, color: INK })
  sheet.text('template', 'Kiểm tra chứng nhận này: quét mã QR bên phải hoặc mở địa chỉ', { x: left, y: 84, size: 11, font: regular, color: MUTED })
  sheet.text('url', url, { x: left, y: 68, size: 11, font: mono, color: MUTED })
  sheet.text('template', 'Tệp PDF này có kèm chữ ký số (tệp hocso-certificate.json) để kiểm tra cả khi không có mạng.', {
    x: left,
    y: 52,
    size: 9,
    font: regular,
    color: MUTED,
  })
  const qrSize = 118
  drawQr(sheet, url, WIDTH - 70 - qrSize, 56, qrSize)
  sheet.text('template', 'Quét để kiểm tra', {
    x: WIDTH - 70 - qrSize / 2 - regular.widthOfTextAtSize('Quét để kiểm tra', 10) / 2,
    y: 44,
    size: 10,
    font: regular,
    color: MUTED,
  })

  const attachment = JSON.stringify({ format: 'hocso-certificate', payload: signed.payload, signature: signed.signature, kid: signed.kid, alg: 'EdDSA' })
  await doc.attach(new TextEncoder().encode(attachment), ATTACHMENT_NAME, {
    mimeType: 'application/json',
    description: 'Nội dung chứng nhận đã ký (Ed25519)',
    creationDate: issuedAt,
    modificationDate: issuedAt,
  })
  return { bytes: new Uint8Array(await doc.save({ useObjectStreams: true })), parts: sheet.parts }
}
