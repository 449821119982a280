import { createHash } from 'node:crypto'
import {
  PDFArray,
  PDFBool,
  type PDFContext,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  type PDFObject,
  type PDFPage,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
  decodePDFRawStream,
} from 'pdf-lib'

// What a PDF page shows, read the way a viewer draws it, so the offline
// verifier can compare the page of a file with the page drawn again from the
// signed payload (pdf-check.server.ts). pdf-lib parses objects but cannot
// read text, so this interprets the content stream itself: every operator
// that paints becomes one element in painting order, and every element
// carries a signature of what it looks like. For text that is the font, the
// size, the position, the colour and, per glyph, the glyph's own outline
// program from the embedded font (not the ToUnicode map, which only says what
// copying the text gives and can be edited independently). An operator this
// reader does not know throws Unreadable: the verifier then refuses to call
// the file valid rather than guess what a viewer would show.

export class Unreadable extends Error {}

export type Box = { x0: number; y0: number; x1: number; y1: number }
export type Facets = Record<'font' | 'glyphs' | 'size' | 'position' | 'colour' | 'text', string>
export type PageElement =
  | { kind: 'text'; sig: string; facets: Facets; text: string; baseline: number; boxes: Box[] }
  | { kind: 'path'; sig: string; boxes: Box[] }
  | { kind: 'other'; what: 'xobject' | 'image' | 'shading' | 'clip' | 'marked' | 'extgstate'; sig: string; boxes: Box[] }

const MAX_ELEMENTS = 20_000
const MAX_CONTENT_BYTES = 8_000_000

export const sha = (value: string | Uint8Array) => createHash('sha256').update(value).digest('base64url').slice(0, 22)
// Three decimals: well below what a viewer can show, well above the noise of
// writing the same number another way.
const n3 = (value: number) => {
  const rounded = Math.round(value * 1000) / 1000
  return Object.is(rounded, -0) ? '0' : String(rounded)
}

// ——— Generic PDF objects, canonicalised (for comparing dictionaries) ———

export type Canon = null | boolean | number | string | Canon[] | { [key: string]: Canon }

export function streamData(stream: PDFObject | undefined): Uint8Array | null {
  try {
    if (stream instanceof PDFRawStream) return decodePDFRawStream(stream).decode()
    if (stream instanceof PDFStream) return stream.getContents()
  } catch {
    return null
  }
  return null
}

/**
 * A PDF object as plain JSON: references resolved, keys sorted, streams as
 * their dictionary plus a hash of the decoded data. `skip` drops keys at any
 * depth (e.g. a page's Parent, or a font program compared otherwise).
 */
export function canon(context: PDFContext, value: PDFObject | undefined, skip: (key: string) => boolean = () => false, seen = new Set<PDFObject>(), depth = 0): Canon {
  if (depth > 40) throw new Unreadable('các đối tượng lồng nhau quá sâu')
  if (value === undefined) return null
  if (value instanceof PDFRef) {
    const target = context.lookup(value)
    if (target === undefined) return null
    if (seen.has(target)) return '[vòng]'
    seen.add(target)
    const out = canon(context, target, skip, seen, depth + 1)
    seen.delete(target)
    return out
  }
  if (value instanceof PDFDict) {
    const out: Record<string, Canon> = {}
    for (const [key, item] of [...value.entries()].sort(([a], [b]) => (a.decodeText() < b.decodeText() ? -1 : 1))) {
      const name = key.decodeText()
      if (!skip(name)) out[name] = canon(context, item, skip, seen, depth + 1)
    }
    return out
  }
  if (value instanceof PDFArray) return value.asArray().map((item) => canon(context, item, skip, seen, depth + 1))
  if (value instanceof PDFName) return `/${value.decodeText()}`
  if (value instanceof PDFString || value instanceof PDFHexString) return `(${value.decodeText()})`
  if (value instanceof PDFNumber) return Number(n3(value.asNumber()))
  if (value instanceof PDFBool) return value.asBoolean()
  if (value === PDFNull) return null
  if (value instanceof PDFRawStream || value instanceof PDFStream) {
    const data = streamData(value)
    const raw = value instanceof PDFRawStream ? value.contents : new Uint8Array()
    // Length and Filter describe the encoding, not the content.
    const dict = canon(context, value.dict, (key) => key === 'Length' || key === 'Filter' || key === 'DecodeParms' || skip(key), seen, depth + 1)
    return { dict, data: data ? sha(data) : `undecodable:${sha(raw)}` }
  }
  return '[?]'
}

export const canonText = (value: Canon) => JSON.stringify(value)

// ——— Fonts ———

// A TrueType program, read just enough to name each glyph by its own bytes:
// the glyf record (outline and hinting instructions) with a composite's
// component ids replaced by the components' own names, since a subset
// renumbers glyphs. Plus the tables that change how every glyph is drawn.
function trueType(bytes: Uint8Array): { tables: string; glyph(gid: number): string } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const u16 = (at: number) => view.getUint16(at)
  const tables = new Map<string, Uint8Array>()
  const count = u16(4)
  for (let i = 0; i < count; i += 1) {
    const at = 12 + i * 16
    const tag = String.fromCharCode(...bytes.subarray(at, at + 4))
    const offset = view.getUint32(at + 8)
    const length = view.getUint32(at + 12)
    if (offset + length > bytes.byteLength) throw new Unreadable('phông chữ nhúng bị hỏng')
    tables.set(tag, bytes.subarray(offset, offset + length))
  }
  const head = tables.get('head')
  const maxp = tables.get('maxp')
  const loca = tables.get('loca')
  const glyf = tables.get('glyf')
  if (!head || !maxp || !loca || !glyf) throw new Unreadable('phông chữ nhúng thiếu bảng glyf')
  const headView = new DataView(head.buffer, head.byteOffset, head.byteLength)
  const unitsPerEm = headView.getUint16(18)
  const longOffsets = headView.getInt16(50) === 1
  const glyphCount = new DataView(maxp.buffer, maxp.byteOffset, maxp.byteLength).getUint16(4)
  const locaView = new DataView(loca.buffer, loca.byteOffset, loca.byteLength)
  const offset = (gid: number) => (longOffsets ? locaView.getUint32(gid * 4) : locaView.getUint16(gid * 2) * 2)
  const names = new Map<number, string>()
  const name = (gid: number, depth: number): string => {
    const known = names.get(gid)
    if (known) return known
    if (depth > 8) throw new Unreadable('phông chữ nhúng có glyph lồng nhau quá sâu')
    if (gid >= glyphCount) return 'notdef'
    const start = offset(gid)
    const end = offset(gid + 1)
    if (end < start || end > glyf.byteLength) throw new Unreadable('phông chữ nhúng bị hỏng')
    const record = glyf.slice(start, end)
    let result: string
    if (record.byteLength === 0) result = 'empty'
    else if (new DataView(record.buffer).getInt16(0) >= 0) result = sha(record)
    else {
      const rv = new DataView(record.buffer)
      const components: string[] = []
      let at = 10
      for (;;) {
        const flags = rv.getUint16(at)
        components.push(name(rv.getUint16(at + 2), depth + 1))
        rv.setUint16(at + 2, 0)
        at += 4 + (flags & 0x0001 ? 4 : 2) + (flags & 0x0008 ? 2 : flags & 0x0040 ? 4 : flags & 0x0080 ? 8 : 0)
        if (!(flags & 0x0020)) break
      }
      result = sha(`${sha(record)}[${components.join(',')}]`)
    }
    names.set(gid, result)
    return result
  }
  const table = (tag: string) => sha(tables.get(tag) ?? new Uint8Array())
  const safeName = (gid: number) => {
    try {
      return name(gid, 0)
    } catch (error) {
      // A record that reads past its table: no glyph of ours looks like it.
      if (error instanceof RangeError || error instanceof Unreadable) return `broken:${gid}`
      throw error
    }
  }
  return { tables: sha(`${unitsPerEm}|${table('fpgm')}|${table('prep')}|${table('cvt ')}`), glyph: safeName }
}

type Font = {
  sig: string
  bytesPerCode: 1 | 2
  // The glyph's identity and advance (thousandths of the font size).
  glyph(code: number): { sig: string; width: number }
  text(codes: number[]): string
}

function parseCMap(text: string): Map<number, string> {
  const map = new Map<number, string>()
  const hex = (value: string) => Buffer.from(value.length % 2 ? `${value}0` : value, 'hex')
  const utf16 = (value: string) => {
    const bytes = hex(value)
    let out = ''
    for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode(bytes.readUInt16BE(i))
    return out
  }
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const pair of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>/g)) map.set(parseInt(pair[1]!, 16), utf16(pair[2]!))
  }
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const range of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])/g)) {
      const lo = parseInt(range[1]!, 16)
      const hi = Math.min(parseInt(range[2]!, 16), lo + 65_535)
      const target = range[3]!
      if (target.startsWith('[')) {
        const items = [...target.matchAll(/<([0-9A-Fa-f]*)>/g)].map((m) => utf16(m[1]!))
        items.forEach((item, index) => lo + index <= hi && map.set(lo + index, item))
      } else {
        const base = utf16(target.slice(1, -1))
        for (let code = lo; code <= hi; code += 1) {
          map.set(code, base.slice(0, -1) + String.fromCharCode(base.charCodeAt(base.length - 1) + (code - lo)))
        }
      }
    }
  }
  return map
}

const winAnsi = new TextDecoder('windows-1252')

function widthsOf(context: PDFContext, dict: PDFDict): Map<number, number> {
  // CIDFont W: [c [w1 w2 …]] or [c_first c_last w].
  const out = new Map<number, number>()
  const w = dict.lookupMaybe(PDFName.of('W'), PDFArray)
  if (!w) return out
  const items = w.asArray().map((item) => context.lookup(item))
  for (let i = 0; i < items.length; ) {
    const first = items[i]
    const second = items[i + 1]
    if (!(first instanceof PDFNumber)) throw new Unreadable('bảng độ rộng chữ (W) không đúng dạng')
    if (second instanceof PDFArray) {
      second.asArray().forEach((value, index) => {
        const width = context.lookup(value)
        if (width instanceof PDFNumber) out.set(first.asNumber() + index, width.asNumber())
      })
      i += 2
    } else {
      const last = second
      const width = items[i + 2]
      if (!(last instanceof PDFNumber) || !(width instanceof PDFNumber)) throw new Unreadable('bảng độ rộng chữ (W) không đúng dạng')
      for (let code = first.asNumber(); code <= Math.min(last.asNumber(), first.asNumber() + 65_535); code += 1) out.set(code, width.asNumber())
      i += 3
    }
  }
  return out
}

// Only what decides how the glyphs look is in a font's signature; the program
// and the widths are compared glyph by glyph, ToUnicode only changes what
// copying the text gives and is compared as the run's text.
const notInFontSig = (key: string) => key === 'FontFile2' || key === 'ToUnicode' || key === 'W' || key === 'Widths'

function loadFont(context: PDFContext, dict: PDFDict): Font {
  const subtype = dict.lookupMaybe(PDFName.of('Subtype'), PDFName)?.decodeText()
  const toUnicodeStream = dict.lookup(PDFName.of('ToUnicode'))
  const toUnicodeBytes = toUnicodeStream ? streamData(toUnicodeStream) : null
  const toUnicode = toUnicodeBytes ? parseCMap(Buffer.from(toUnicodeBytes).toString('latin1')) : null
  const base = sha(canonText(canon(context, dict, notInFontSig)))
  if (subtype === 'Type0') {
    const encoding = dict.lookup(PDFName.of('Encoding'))
    const descendant = dict.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray)?.lookupMaybe(0, PDFDict)
    if (!(encoding instanceof PDFName) || encoding.decodeText() !== 'Identity-H' || !descendant) {
      // Codes we cannot split into glyphs: one opaque glyph per run, which
      // never equals a run of ours.
      return { sig: base, bytesPerCode: 2, glyph: (code) => ({ sig: `opaque:${code}`, width: 500 }), text: () => '\uFFFD' }
    }
    const widths = widthsOf(context, descendant)
    const dw = descendant.lookupMaybe(PDFName.of('DW'), PDFNumber)?.asNumber() ?? 1000
    const map = descendant.lookup(PDFName.of('CIDToGIDMap'))
    const mapBytes = map instanceof PDFName ? null : map ? streamData(map) : null
    if (map && !(map instanceof PDFName) && !mapBytes) throw new Unreadable('bảng CIDToGIDMap không đọc được')
    const program = descendant.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict)?.lookup(PDFName.of('FontFile2'))
    const programBytes = program ? streamData(program) : null
    let glyphs: ReturnType<typeof trueType> | null = null
    if (programBytes) {
      try {
        glyphs = trueType(programBytes)
      } catch {
        glyphs = null
      }
    }
    const gidOf = (cid: number) => (mapBytes ? (mapBytes[cid * 2] ?? 0) * 256 + (mapBytes[cid * 2 + 1] ?? 0) : cid)
    return {
      sig: `${base}|${glyphs ? glyphs.tables : 'no-program'}`,
      bytesPerCode: 2,
      glyph(code) {
        const width = widths.get(code) ?? dw
        return { sig: `${glyphs ? glyphs.glyph(gidOf(code)) : `cid:${code}`}|${n3(width)}`, width }
      },
      text: (codes) => codes.map((code) => toUnicode?.get(code) ?? '\uFFFD').join(''),
    }
  }
  // A simple font: one byte per code. Its widths come from Widths, or from
  // the standard font's metrics (all we use is Courier, 600 per glyph).
  const first = dict.lookupMaybe(PDFName.of('FirstChar'), PDFNumber)?.asNumber() ?? 0
  const widthArray = dict.lookupMaybe(PDFName.of('Widths'), PDFArray)
  const baseFont = dict.lookupMaybe(PDFName.of('BaseFont'), PDFName)?.decodeText() ?? ''
  const standardWidth = baseFont.startsWith('Courier') ? 600 : 556
  return {
    sig: base,
    bytesPerCode: 1,
    glyph(code) {
      const listed = widthArray?.lookupMaybe(code - first, PDFNumber)?.asNumber()
      const width = listed ?? standardWidth
      return { sig: `${code}|${n3(width)}`, width }
    },
    text: (codes) => (toUnicode ? codes.map((code) => toUnicode.get(code) ?? '\uFFFD').join('') : winAnsi.decode(Uint8Array.from(codes))),
  }
}

// ——— The content stream ———

type Matrix = [number, number, number, number, number, number]
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0]
const mul = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2],
  m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2],
  m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4],
  m[4] * n[1] + m[5] * n[3] + n[5],
]
const apply = (m: Matrix, x: number, y: number): [number, number] => [x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]]

function boxOf(points: [number, number][], grow = 0): Box {
  const xs = points.map((p) => p[0])
  const ys = points.map((p) => p[1])
  return { x0: Math.min(...xs) - grow, y0: Math.min(...ys) - grow, x1: Math.max(...xs) + grow, y1: Math.max(...ys) + grow }
}

type Token =
  | { t: 'num'; v: number }
  | { t: 'name'; v: string }
  | { t: 'str'; v: Uint8Array }
  | { t: 'arr'; v: Token[] }
  | { t: 'dict'; v: Map<string, Token> }
  | { t: 'bool'; v: boolean }
  | { t: 'null' }
  | { t: 'op'; v: string }

const WHITE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20])
const DELIM = new Set([...'()<>[]{}/%'].map((c) => c.charCodeAt(0)))

class Lexer {
  pos = 0
  constructor(private readonly b: Buffer) {}

  private skip() {
    while (this.pos < this.b.length) {
      const c = this.b[this.pos]!
      if (WHITE.has(c)) this.pos += 1
      else if (c === 0x25) while (this.pos < this.b.length && this.b[this.pos] !== 0x0a && this.b[this.pos] !== 0x0d) this.pos += 1
      else break
    }
  }

  next(depth = 0): Token | null {
    if (depth > 32) throw new Unreadable('mảng lồng nhau quá sâu trong nội dung trang')
    this.skip()
    if (this.pos >= this.b.length) return null
    const c = this.b[this.pos]!
    if (c === 0x28) return { t: 'str', v: this.literal() }
    if (c === 0x3c && this.b[this.pos + 1] === 0x3c) {
      this.pos += 2
      const dict = new Map<string, Token>()
      for (;;) {
        this.skip()
        if (this.b[this.pos] === 0x3e && this.b[this.pos + 1] === 0x3e) {
          this.pos += 2
          return { t: 'dict', v: dict }
        }
        const key = this.next(depth + 1)
        if (!key || key.t !== 'name') throw new Unreadable('từ điển không đúng dạng trong nội dung trang')
        const value = this.next(depth + 1)
        if (!value) throw new Unreadable('nội dung trang bị cắt cụt')
        dict.set(key.v, value)
      }
    }
    if (c === 0x3c) {
      const end = this.b.indexOf(0x3e, this.pos)
      if (end < 0) throw new Unreadable('nội dung trang bị cắt cụt')
      const digits = this.b.toString('latin1', this.pos + 1, end).replace(/\s+/g, '')
      if (!/^[0-9A-Fa-f]*$/.test(digits)) throw new Unreadable('chuỗi hex không đúng dạng trong nội dung trang')
      this.pos = end + 1
      return { t: 'str', v: new Uint8Array(Buffer.from(digits.length % 2 ? `${digits}0` : digits, 'hex')) }
    }
    if (c === 0x5b) {
      this.pos += 1
      const items: Token[] = []
      for (;;) {
        this.skip()
        if (this.b[this.pos] === 0x5d) {
          this.pos += 1
          return { t: 'arr', v: items }
        }
        const item = this.next(depth + 1)
        if (!item) throw new Unreadable('nội dung trang bị cắt cụt')
        items.push(item)
      }
    }
    if (c === 0x2f) {
      this.pos += 1
      const start = this.pos
      while (this.pos < this.b.length && !WHITE.has(this.b[this.pos]!) && !DELIM.has(this.b[this.pos]!)) this.pos += 1
      const raw = this.b.toString('latin1', start, this.pos)
      return { t: 'name', v: raw.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) }
    }
    if (DELIM.has(c)) throw new Unreadable(`ký tự «${String.fromCharCode(c)}» không đúng chỗ trong nội dung trang`)
    const start = this.pos
    while (this.pos < this.b.length && !WHITE.has(this.b[this.pos]!) && !DELIM.has(this.b[this.pos]!)) this.pos += 1
    const word = this.b.toString('latin1', start, this.pos)
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) return { t: 'num', v: Number(word) }
    if (word === 'true' || word === 'false') return { t: 'bool', v: word === 'true' }
    if (word === 'null') return { t: 'null' }
    return { t: 'op', v: word }
  }

  private literal(): Uint8Array {
    const out: number[] = []
    let depth = 0
    this.pos += 1
    while (this.pos < this.b.length) {
      const c = this.b[this.pos++]!
      if (c === 0x5c) {
        const e = this.b[this.pos++]
        if (e === undefined) break
        const simple: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c }
        if (e in simple) out.push(simple[e]!)
        else if (e >= 0x30 && e <= 0x37) {
          let value = e - 0x30
          for (let k = 0; k < 2 && this.b[this.pos]! >= 0x30 && this.b[this.pos]! <= 0x37; k += 1) value = value * 8 + this.b[this.pos++]! - 0x30
          out.push(value & 0xff)
        } else if (e === 0x0d) {
          if (this.b[this.pos] === 0x0a) this.pos += 1
        } else if (e !== 0x0a) out.push(e)
      } else if (c === 0x28) {
        depth += 1
        out.push(c)
      } else if (c === 0x29) {
        if (depth === 0) return Uint8Array.from(out)
        depth -= 1
        out.push(c)
      } else out.push(c)
    }
    throw new Unreadable('nội dung trang bị cắt cụt')
  }

  // After BI: key/value pairs up to ID, then binary data up to EI.
  inlineImage(): void {
    for (;;) {
      const token = this.next()
      if (!token) throw new Unreadable('ảnh nhúng bị cắt cụt')
      if (token.t === 'op' && token.v === 'ID') break
    }
    this.pos += 1
    for (; this.pos + 2 < this.b.length; this.pos += 1) {
      if (WHITE.has(this.b[this.pos]!) && this.b[this.pos + 1] === 0x45 && this.b[this.pos + 2] === 0x49 && (this.pos + 3 >= this.b.length || WHITE.has(this.b[this.pos + 3]!))) {
        this.pos += 3
        return
      }
    }
    throw new Unreadable('ảnh nhúng bị cắt cụt')
  }
}

type State = {
  ctm: Matrix
  fill: string
  stroke: string
  fillSpace: string
  strokeSpace: string
  lineWidth: number
  dash: string
  cap: number
  join: number
  miter: number
  font: Font | null
  size: number
  charSpacing: number
  wordSpacing: number
  scale: number
  leading: number
  rise: number
  render: number
}

const initialState = (): State => ({
  ctm: IDENTITY,
  fill: 'gray:0',
  stroke: 'gray:0',
  fillSpace: 'DeviceGray',
  strokeSpace: 'DeviceGray',
  lineWidth: 1,
  dash: '[]0',
  cap: 0,
  join: 0,
  miter: 10,
  font: null,
  size: 0,
  charSpacing: 0,
  wordSpacing: 0,
  scale: 100,
  leading: 0,
  rise: 0,
  render: 0,
})

const tokenSig = (token: Token): string =>
  token.t === 'num'
    ? n3(token.v)
    : token.t === 'name'
      ? `/${token.v}`
      : token.t === 'str'
        ? `<${Buffer.from(token.v).toString('hex')}>`
        : token.t === 'arr'
          ? `[${token.v.map(tokenSig).join(' ')}]`
          : token.t === 'dict'
            ? `<<${[...token.v].map(([k, v]) => `/${k} ${tokenSig(v)}`).join(' ')}>>`
            : token.t === 'bool'
              ? String(token.v)
              : token.t === 'null'
                ? 'null'
                : token.v

/** Everything page 1 paints, in order. Throws Unreadable for what it cannot follow. */
export function readPage(context: PDFContext, page: PDFPage): PageElement[] {
  const contents = page.node.Contents()
  const streams = contents instanceof PDFArray ? contents.asArray().map((item) => context.lookup(item)) : contents ? [contents] : []
  const chunks: Uint8Array[] = []
  for (const stream of streams) {
    const data = streamData(stream)
    if (!data) throw new Unreadable('không giải nén được nội dung trang')
    chunks.push(data, new Uint8Array([0x0a]))
  }
  const bytes = Buffer.concat(chunks)
  if (bytes.byteLength > MAX_CONTENT_BYTES) throw new Unreadable('nội dung trang quá lớn')
  const resources = page.node.Resources()
  const fontDict = resources?.lookupMaybe(PDFName.of('Font'), PDFDict)
  const xobjects = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict)
  const fonts = new Map<PDFObject, Font>()
  const wholePage: Box = { x0: -1e9, y0: -1e9, x1: 1e9, y1: 1e9 }

  const elements: PageElement[] = []
  const push = (element: PageElement) => {
    if (elements.length >= MAX_ELEMENTS) throw new Unreadable('trang có quá nhiều hình vẽ')
    elements.push(element)
  }
  let gs = initialState()
  const stack: State[] = []
  let text: { tm: Matrix; tlm: Matrix } | null = null
  let path: { ops: string[]; points: [number, number][]; segments: [number, number][][]; current: [number, number] | null; start: [number, number] | null } = {
    ops: [],
    points: [],
    segments: [],
    current: null,
    start: null,
  }
  let clip: string | null = null
  const operands: Token[] = []

  const lexer = new Lexer(bytes)
  const nums = (op: string, count: number): number[] => {
    if (operands.length !== count || operands.some((o) => o.t !== 'num')) throw new Unreadable(`toán tử «${op}» có tham số không đúng`)
    return operands.map((o) => (o as { v: number }).v)
  }
  const name = (op: string): string => {
    const last = operands[0]
    if (operands.length < 1 || last?.t !== 'name') throw new Unreadable(`toán tử «${op}» có tham số không đúng`)
    return last.v
  }
  const inText = (op: string) => {
    if (!text) throw new Unreadable(`toán tử chữ «${op}» nằm ngoài BT … ET`)
    return text
  }
  const device = (x: number, y: number) => apply(gs.ctm, x, y)
  const moveTo = (x: number, y: number) => {
    const p = device(x, y)
    path.ops.push('m')
    path.points.push(p)
    path.current = p
    path.start = p
  }
  // Points in device space (the CTM cannot change inside a path).
  const lineTo = (op: string, ...pts: [number, number][]) => {
    if (!path.current) throw new Unreadable(`đường vẽ «${op}» không có điểm đầu`)
    path.ops.push(op)
    path.points.push(...pts)
    path.segments.push([path.current, ...pts])
    path.current = pts[pts.length - 1]!
  }
  const close = () => {
    if (path.current && path.start) path.segments.push([path.current, path.start])
    path.ops.push('h')
    path.current = path.start
  }
  const deviceScale = () => Math.sqrt(Math.abs(gs.ctm[0] * gs.ctm[3] - gs.ctm[1] * gs.ctm[2]))
  const paint = (op: string) => {
    const fills = /^[fFBb]/.test(op)
    const strokes = /^[SsBb]/.test(op)
    if (op === 's' || op === 'b' || op === 'b*') close()
    const geometry = `${path.ops.join('')}:${path.points.map(([x, y]) => `${n3(x)},${n3(y)}`).join(' ')}`
    const strokeStyle = `${gs.stroke}|w${n3(gs.lineWidth * deviceScale())}|${gs.dash}|${gs.cap}${gs.join}${n3(gs.miter)}`
    const grow = (gs.lineWidth * deviceScale()) / 2
    if (path.points.length && (fills || strokes)) {
      const boxes = fills ? [boxOf(path.points, strokes ? grow : 0)] : path.segments.map((segment) => boxOf(segment, grow))
      const style = `${fills ? `fill:${op.includes('*') ? 'eo' : 'nz'}:${gs.fill}` : ''}${strokes ? `stroke:${strokeStyle}` : ''}`
      push({ kind: 'path', sig: `path|${style}|${sha(geometry)}`, boxes })
    }
    if (clip) push({ kind: 'other', what: 'clip', sig: `clip|${clip}|${sha(geometry)}`, boxes: [] })
    clip = null
    path = { ops: [], points: [], segments: [], current: null, start: null }
  }
  const show = (op: string, items: Token[]) => {
    const t = inText(op)
    const font = gs.font
    if (!font) throw new Unreadable('chữ được in khi chưa chọn phông chữ')
    const start = mul(t.tm, gs.ctm)
    const glyphs: string[] = []
    const codes: number[] = []
    let advance = 0
    const th = gs.scale / 100
    for (const item of items) {
      if (item.t === 'num') {
        glyphs.push(`adj${n3(item.v)}`)
        advance -= (item.v / 1000) * gs.size * th
        continue
      }
      if (item.t !== 'str') throw new Unreadable(`toán tử «${op}» có tham số không đúng`)
      const b = item.v
      for (let i = 0; i + font.bytesPerCode <= b.length; i += font.bytesPerCode) {
        const code = font.bytesPerCode === 2 ? b[i]! * 256 + b[i + 1]! : b[i]!
        const glyph = font.glyph(code)
        codes.push(code)
        glyphs.push(glyph.sig)
        advance += ((glyph.width / 1000) * gs.size + gs.charSpacing + (font.bytesPerCode === 1 && code === 32 ? gs.wordSpacing : 0)) * th
      }
    }
    t.tm = mul([1, 0, 0, 1, advance, 0], t.tm)
    const visibleFill = [0, 2, 4, 6].includes(gs.render)
    const visibleStroke = [1, 2, 5, 6].includes(gs.render)
    const corners: [number, number][] = [
      apply(start, 0, gs.rise - 0.25 * gs.size),
      apply(start, advance, gs.rise - 0.25 * gs.size),
      apply(start, 0, gs.rise + 0.95 * gs.size),
      apply(start, advance, gs.rise + 0.95 * gs.size),
    ]
    const facets: Facets = {
      font: `${font.sig}|tr${gs.render}`,
      glyphs: sha(glyphs.join(' ')),
      size: n3(gs.size),
      position: `${start.map(n3).join(',')}|tz${n3(gs.scale)}|ts${n3(gs.rise)}|tc${n3(gs.charSpacing)}|tw${n3(gs.wordSpacing)}`,
      colour: `${visibleFill ? gs.fill : '-'}|${visibleStroke ? `${gs.stroke}|w${n3(gs.lineWidth * deviceScale())}` : '-'}`,
      text: font.text(codes).normalize('NFC'),
    }
    push({
      kind: 'text',
      sig: `text|${Object.values(facets).join('|')}`,
      facets,
      text: facets.text,
      baseline: start[5],
      boxes: visibleFill || visibleStroke ? [boxOf(corners)] : [],
    })
    if (gs.render >= 4) clip = `text:${facets.glyphs}`
  }

  for (;;) {
    const token = lexer.next()
    if (!token) break
    if (token.t !== 'op') {
      operands.push(token)
      if (operands.length > 64) throw new Unreadable('quá nhiều tham số trong nội dung trang')
      continue
    }
    const op = token.v
    switch (op) {
      case 'q':
        if (stack.length >= 64) throw new Unreadable('q lồng nhau quá sâu')
        stack.push({ ...gs })
        break
      case 'Q': {
        const previous = stack.pop()
        if (!previous) throw new Unreadable('Q không có q tương ứng')
        gs = previous
        break
      }
      case 'cm':
        gs.ctm = mul(nums(op, 6) as Matrix, gs.ctm)
        break
      case 'w':
        gs.lineWidth = nums(op, 1)[0]!
        break
      case 'J':
        gs.cap = nums(op, 1)[0]!
        break
      case 'j':
        gs.join = nums(op, 1)[0]!
        break
      case 'M':
        gs.miter = nums(op, 1)[0]!
        break
      case 'd':
        if (operands.length !== 2 || operands[0]!.t !== 'arr' || operands[1]!.t !== 'num') throw new Unreadable('toán tử «d» có tham số không đúng')
        gs.dash = `${tokenSig(operands[0]!)}${n3(operands[1]!.v)}`
        break
      case 'ri':
      case 'i':
        // Rendering intent and flatness do not change what is drawn.
        break
      case 'gs':
        push({ kind: 'other', what: 'extgstate', sig: `gs|${name(op)}`, boxes: [wholePage] })
        break
      case 'g':
      case 'rg':
      case 'k':
        gs.fill = `${op === 'g' ? 'gray' : op === 'rg' ? 'rgb' : 'cmyk'}:${nums(op, op === 'g' ? 1 : op === 'rg' ? 3 : 4).map(n3).join(',')}`
        gs.fillSpace = op === 'g' ? 'DeviceGray' : op === 'rg' ? 'DeviceRGB' : 'DeviceCMYK'
        break
      case 'G':
      case 'RG':
      case 'K':
        gs.stroke = `${op === 'G' ? 'gray' : op === 'RG' ? 'rgb' : 'cmyk'}:${nums(op, op === 'G' ? 1 : op === 'RG' ? 3 : 4).map(n3).join(',')}`
        gs.strokeSpace = op === 'G' ? 'DeviceGray' : op === 'RG' ? 'DeviceRGB' : 'DeviceCMYK'
        break
      case 'cs':
        gs.fillSpace = name(op)
        gs.fill = `${gs.fillSpace}:initial`
        break
      case 'CS':
        gs.strokeSpace = name(op)
        gs.stroke = `${gs.strokeSpace}:initial`
        break
      case 'sc':
      case 'scn':
        gs.fill = `${gs.fillSpace}:${operands.map(tokenSig).join(',')}`
        break
      case 'SC':
      case 'SCN':
        gs.stroke = `${gs.strokeSpace}:${operands.map(tokenSig).join(',')}`
        break
      case 'm': {
        const [x, y] = nums(op, 2)
        moveTo(x!, y!)
        break
      }
      case 'l': {
        const [x, y] = nums(op, 2) as [number, number]
        lineTo(op, device(x, y))
        break
      }
      case 'c': {
        const [x1, y1, x2, y2, x3, y3] = nums(op, 6) as Matrix
        lineTo(op, device(x1, y1), device(x2, y2), device(x3, y3))
        break
      }
      case 'v': {
        const [x2, y2, x3, y3] = nums(op, 4) as [number, number, number, number]
        if (!path.current) throw new Unreadable('đường vẽ «v» không có điểm đầu')
        lineTo('c', path.current, device(x2, y2), device(x3, y3))
        break
      }
      case 'y': {
        const [x1, y1, x3, y3] = nums(op, 4) as [number, number, number, number]
        lineTo('c', device(x1, y1), device(x3, y3), device(x3, y3))
        break
      }
      case 'h':
        nums(op, 0)
        close()
        break
      case 're': {
        const [x, y, w, h] = nums(op, 4) as [number, number, number, number]
        moveTo(x, y)
        lineTo('l', device(x + w, y))
        lineTo('l', device(x + w, y + h))
        lineTo('l', device(x, y + h))
        close()
        break
      }
      case 'S':
      case 's':
      case 'f':
      case 'F':
      case 'f*':
      case 'B':
      case 'B*':
      case 'b':
      case 'b*':
      case 'n':
        nums(op, 0)
        paint(op === 'F' ? 'f' : op)
        break
      case 'W':
      case 'W*':
        clip = op
        break
      case 'BT':
        if (text) throw new Unreadable('BT lồng trong BT')
        text = { tm: IDENTITY, tlm: IDENTITY }
        break
      case 'ET':
        inText(op)
        text = null
        break
      case 'Tc':
        gs.charSpacing = nums(op, 1)[0]!
        break
      case 'Tw':
        gs.wordSpacing = nums(op, 1)[0]!
        break
      case 'Tz':
        gs.scale = nums(op, 1)[0]!
        break
      case 'TL':
        gs.leading = nums(op, 1)[0]!
        break
      case 'Ts':
        gs.rise = nums(op, 1)[0]!
        break
      case 'Tr':
        gs.render = nums(op, 1)[0]!
        if (!Number.isInteger(gs.render) || gs.render < 0 || gs.render > 7) throw new Unreadable('kiểu in chữ (Tr) không hợp lệ')
        break
      case 'Tf': {
        if (operands.length !== 2 || operands[0]!.t !== 'name' || operands[1]!.t !== 'num') throw new Unreadable('toán tử «Tf» có tham số không đúng')
        const ref = fontDict?.get(PDFName.of(operands[0]!.v))
        const dict = ref ? context.lookup(ref) : undefined
        if (!(dict instanceof PDFDict)) throw new Unreadable(`không tìm thấy phông chữ ${operands[0]!.v}`)
        let font = fonts.get(dict)
        if (!font) {
          font = loadFont(context, dict)
          fonts.set(dict, font)
        }
        gs.font = font
        gs.size = operands[1]!.v
        break
      }
      case 'Td':
      case 'TD': {
        const [tx, ty] = nums(op, 2) as [number, number]
        const t = inText(op)
        if (op === 'TD') gs.leading = -ty
        t.tlm = mul([1, 0, 0, 1, tx, ty], t.tlm)
        t.tm = t.tlm
        break
      }
      case 'Tm': {
        const t = inText(op)
        t.tlm = nums(op, 6) as Matrix
        t.tm = t.tlm
        break
      }
      case 'T*': {
        nums(op, 0)
        const t = inText(op)
        t.tlm = mul([1, 0, 0, 1, 0, -gs.leading], t.tlm)
        t.tm = t.tlm
        break
      }
      case 'Tj':
        if (operands.length !== 1) throw new Unreadable('toán tử «Tj» có tham số không đúng')
        show(op, operands)
        break
      case 'TJ':
        if (operands.length !== 1 || operands[0]!.t !== 'arr') throw new Unreadable('toán tử «TJ» có tham số không đúng')
        show(op, operands[0]!.v)
        break
      case "'":
      case '"': {
        if (op === '"') {
          if (operands.length !== 3 || operands[0]!.t !== 'num' || operands[1]!.t !== 'num') throw new Unreadable('toán tử «"» có tham số không đúng')
          gs.wordSpacing = operands[0]!.v
          gs.charSpacing = operands[1]!.v
          operands.splice(0, 2)
        }
        const t = inText(op)
        t.tlm = mul([1, 0, 0, 1, 0, -gs.leading], t.tlm)
        t.tm = t.tlm
        if (operands.length !== 1) throw new Unreadable(`toán tử «${op}» có tham số không đúng`)
        show(op, operands)
        break
      }
      case 'Do': {
        const label = name(op)
        const target = xobjects?.lookup(PDFName.of(label))
        if (!(target instanceof PDFRawStream || target instanceof PDFStream)) throw new Unreadable(`không tìm thấy đối tượng ${label}`)
        const subtype = target.dict.lookupMaybe(PDFName.of('Subtype'), PDFName)?.decodeText() ?? '?'
        let box: Box = wholePage
        if (subtype === 'Image') box = boxOf([device(0, 0), device(1, 0), device(0, 1), device(1, 1)])
        else {
          const bbox = target.dict.lookupMaybe(PDFName.of('BBox'), PDFArray)?.asArray().map((v) => (v instanceof PDFNumber ? v.asNumber() : 0))
          const matrix = target.dict.lookupMaybe(PDFName.of('Matrix'), PDFArray)?.asArray().map((v) => (v instanceof PDFNumber ? v.asNumber() : 0))
          if (bbox?.length === 4) {
            const m = mul((matrix?.length === 6 ? matrix : IDENTITY) as Matrix, gs.ctm)
            box = boxOf([apply(m, bbox[0]!, bbox[1]!), apply(m, bbox[2]!, bbox[1]!), apply(m, bbox[0]!, bbox[3]!), apply(m, bbox[2]!, bbox[3]!)])
          }
        }
        push({ kind: 'other', what: 'xobject', sig: `xobject|${subtype}|${sha(canonText(canon(context, target)))}|${gs.ctm.map(n3).join(',')}`, boxes: [box] })
        break
      }
      case 'sh':
        push({ kind: 'other', what: 'shading', sig: `sh|${name(op)}`, boxes: [wholePage] })
        break
      case 'BI':
        lexer.inlineImage()
        push({ kind: 'other', what: 'image', sig: `inline|${gs.ctm.map(n3).join(',')}`, boxes: [boxOf([device(0, 0), device(1, 0), device(0, 1), device(1, 1)])] })
        break
      case 'BMC':
      case 'BDC':
      case 'MP':
      case 'DP':
        push({ kind: 'other', what: 'marked', sig: `${op}|${operands.map(tokenSig).join(' ')}`, boxes: [] })
        break
      case 'EMC':
      case 'BX':
      case 'EX':
        break
      default:
        throw new Unreadable(`toán tử «${op.slice(0, 20)}» không được hỗ trợ`)
    }
    operands.length = 0
  }
  return elements
}
