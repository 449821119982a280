import { PDFArray, type PDFContext, PDFDict, PDFDocument, PDFHexString, PDFName, type PDFObject, type PDFPage, PDFParser, type PDFRef, PDFString } from 'pdf-lib'
import { type Facets, type PageElement, Unreadable, canon, canonText, readPage } from './pdf-page'
import { type PrintedField, type PrintedPart, renderCertificate } from './pdf.server'
import { type SignedPayload } from './sign'

// Does the page of a certificate PDF show what its attachment signs? The
// signature only covers the attached payload, and anyone can edit the page
// and keep the attachment. So the page is drawn again from the signed
// payload (the renderer is deterministic) and both pages are compared as a
// viewer would draw them (pdf-page.ts): every text run by font, glyph
// outlines, size, position and colour; every shape; in painting order. The
// rest of the file that can change what a viewer shows is compared too:
// page count and settings, document parts (forms, scripts, XMP, portfolio),
// attachments, metadata, and whether the file was saved once.
// docs/decisions/013-printed-page-and-badge-subject.md.

export type PrintedAspect = keyof Facets
export type PrintedFinding =
  | { kind: 'changed'; field: PrintedField; printed: string; signed: string }
  | { kind: 'restyled'; field: PrintedField; printed: string; signed: string; aspects: PrintedAspect[] }
  | { kind: 'missing'; field: PrintedField; signed: string }
  | { kind: 'covered'; field: PrintedField; signed: string; by: 'text' | 'drawing' | 'image' | 'other' }
  | { kind: 'added-text'; printed: string }
  | { kind: 'added-drawing'; what: 'drawing' | 'image' | 'xobject' | 'shading' | 'clip' | 'marked' | 'extgstate' }
  | { kind: 'shapes'; part: 'frame' | 'qr' }
  | { kind: 'pages'; count: number }
  | { kind: 'page-settings'; keys: string[] }
  | { kind: 'metadata'; key: string; printed: string | null; signed: string | null }
  | { kind: 'document'; keys: string[] }
  | { kind: 'attachments'; names: string[] }
  | { kind: 'revisions'; count: number }
  | { kind: 'duplicate-objects'; count: number }

export type PrintedCheck = { ok: true } | { ok: false; unreadable: false; findings: PrintedFinding[] } | { ok: false; unreadable: true; detail: string }

// `meant` is the text the renderer was asked to print (what messages quote).
type Labelled = PageElement & { field?: PrintedField; meant?: string; part?: 'frame' | 'qr' }

// ——— The file as saved ———

// Our writer saves once: one xref, one startxref, %%EOF at the very end, and
// every object defined once. An incremental update (or anything appended) can
// change what a viewer shows, and objects defined twice are read one way by
// one program and another way by another.
async function fileFindings(bytes: Uint8Array): Promise<PrintedFinding[]> {
  const findings: PrintedFinding[] = []
  const text = Buffer.from(bytes).toString('latin1')
  const startxrefs = text.match(/startxref/g)?.length ?? 0
  const eofs = text.match(/%%EOF/g)?.length ?? 0
  const tail = text.slice(text.lastIndexOf('%%EOF') + 5)
  if (startxrefs > 1 || eofs > 1 || /\/Prev\b/.test(text) || /\S/.test(tail)) findings.push({ kind: 'revisions', count: Math.max(startxrefs, eofs, 2) })

  const counts = new Map<string, number>()
  const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1)
  // Headers written out in the file (also those hidden inside another
  // object's data, which a viewer can be pointed at by the xref)...
  for (const match of text.matchAll(/(?<![0-9])(\d+)\s+(\d+)\s+obj\b/g)) count(`raw ${match[1]} ${match[2]}`)
  // ...and what the parser assigns, object streams included.
  const parser = PDFParser.forBytesWithOptions(bytes, Infinity, true)
  const context = (parser as unknown as { context: PDFContext }).context
  const assign = context.assign.bind(context)
  context.assign = (ref: PDFRef, object: PDFObject) => {
    count(`parsed ${ref.tag}`)
    assign(ref, object)
  }
  try {
    await parser.parseDocument()
  } catch {
    throw new Unreadable('cấu trúc tệp PDF bị hỏng')
  }
  const duplicates = [...counts.values()].filter((n) => n > 1).length
  if (duplicates) findings.push({ kind: 'duplicate-objects', count: duplicates })
  return findings
}

// ——— Dictionaries ———

function canonTop(context: PDFContext, dict: PDFDict | undefined, skip: string[]): Map<string, string> {
  const out = new Map<string, string>()
  if (!dict) return out
  for (const [key, value] of dict.entries()) {
    const name = key.decodeText()
    if (!skip.includes(name)) out.set(name, canonText(canon(context, value)))
  }
  return out
}

function differingKeys(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((key) => a.get(key) !== b.get(key)).sort()
}

function text(value: PDFObject | undefined): string | null {
  if (value instanceof PDFString || value instanceof PDFHexString) return value.decodeText()
  if (value === undefined) return null
  return value.toString()
}

function infoOf(doc: PDFDocument): PDFDict | undefined {
  const info = doc.context.lookup(doc.context.trailerInfo.Info)
  return info instanceof PDFDict ? info : undefined
}

function attachmentNames(doc: PDFDocument): string[] {
  const names: string[] = []
  const walk = (node: PDFDict | undefined, depth: number) => {
    if (!node || depth > 8) return
    const list = node.lookupMaybe(PDFName.of('Names'), PDFArray)
    for (let i = 0; list && i < list.size(); i += 2) names.push(text(list.lookup(i)) ?? '?')
    const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray)
    for (let i = 0; kids && i < kids.size(); i += 1) walk(kids.lookupMaybe(i, PDFDict), depth + 1)
  }
  walk(doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict), 0)
  const af = doc.catalog.lookupMaybe(PDFName.of('AF'), PDFArray)
  for (let i = 0; af && i < af.size(); i += 1) {
    const spec = af.lookupMaybe(i, PDFDict)
    const label = text(spec?.lookup(PDFName.of('UF'))) ?? text(spec?.lookup(PDFName.of('F'))) ?? '?'
    if (!names.includes(label)) names.push(label)
  }
  return names
}

function documentFindings(doc: PDFDocument, expected: PDFDocument): PrintedFinding[] {
  const findings: PrintedFinding[] = []
  const catalog = differingKeys(canonTop(doc.context, doc.catalog, ['Pages']), canonTop(expected.context, expected.catalog, ['Pages']))
  if (catalog.includes('Names') || catalog.includes('AF')) findings.push({ kind: 'attachments', names: attachmentNames(doc) })
  const others = catalog.filter((key) => key !== 'Names' && key !== 'AF')
  if (others.length) findings.push({ kind: 'document', keys: others })

  const info = infoOf(doc)
  const expectedInfo = infoOf(expected)
  for (const key of differingKeys(canonTop(doc.context, info, []), canonTop(expected.context, expectedInfo, []))) {
    findings.push({ kind: 'metadata', key, printed: text(info?.lookup(PDFName.of(key))), signed: text(expectedInfo?.lookup(PDFName.of(key))) })
  }
  return findings
}

function pageSettings(doc: PDFDocument, page: PDFPage): Map<string, string> {
  const { context } = doc
  const out = new Map<string, string>()
  for (const [key, value] of canonTop(context, page.node, ['Parent', 'Contents', 'Resources'])) out.set(key, value)
  // Inherited from the page tree: a CropBox or Rotate there applies too.
  out.set('MediaBox', canonText(canon(context, page.node.MediaBox())))
  out.set('CropBox', canonText(canon(context, page.node.CropBox())))
  out.set('Rotate', canonText(canon(context, page.node.Rotate())))
  for (const [key, value] of canonTop(context, page.node.Resources(), ['Font'])) out.set(`Resources/${key}`, value)
  const root = doc.catalog.lookupMaybe(PDFName.of('Pages'), PDFDict)
  for (const [key, value] of canonTop(context, root, ['Kids', 'Count', 'Parent'])) out.set(`Pages/${key}`, value)
  return out
}

// ——— The page ———

function label(elements: PageElement[], parts: PrintedPart[]): Labelled[] {
  const texts = parts.filter((part) => part.kind === 'text')
  const shapes = parts.filter((part) => part.kind === 'shape')
  let t = 0
  let s = 0
  const out = elements.map((element): Labelled => {
    if (element.kind === 'text') {
      const part = texts[t++]
      if (!part) throw new Error('pdf-check: the renderer and the page reader disagree on the text runs')
      return { ...element, field: part.field, meant: part.text }
    }
    if (element.kind === 'path') return { ...element, part: shapes[s++]?.part }
    throw new Error('pdf-check: the renderer drew something the reader does not expect')
  })
  if (t !== texts.length || s !== shapes.length) throw new Error('pdf-check: the renderer and the page reader disagree on the drawings')
  return out
}

const overlaps = (a: PageElement, b: PageElement) =>
  a.boxes.some((p) => b.boxes.some((q) => p.x0 < q.x1 && q.x0 < p.x1 && p.y0 < q.y1 && q.y0 < p.y1))

// Longest common subsequence of the two paintings, by signature: what is not
// in it is what was removed, changed or added.
function align(expected: Labelled[], received: PageElement[]): { pairs: [number, number][]; gaps: { e: number[]; r: number[] }[] } {
  const n = expected.length
  const m = received.length
  const width = m + 1
  const table = new Uint32Array((n + 1) * width)
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      table[i * width + j] =
        expected[i]!.sig === received[j]!.sig ? table[(i + 1) * width + j + 1]! + 1 : Math.max(table[(i + 1) * width + j]!, table[i * width + j + 1]!)
    }
  }
  const pairs: [number, number][] = []
  const gaps: { e: number[]; r: number[] }[] = []
  let gap = { e: [] as number[], r: [] as number[] }
  let i = 0
  let j = 0
  while (i < n || j < m) {
    if (i < n && j < m && expected[i]!.sig === received[j]!.sig && table[i * width + j] === table[(i + 1) * width + j + 1]! + 1) {
      if (gap.e.length || gap.r.length) gaps.push(gap)
      gap = { e: [], r: [] }
      pairs.push([i, j])
      i += 1
      j += 1
    } else if (j >= m || (i < n && table[(i + 1) * width + j]! >= table[i * width + j + 1]!)) gap.e.push(i++)
    else gap.r.push(j++)
  }
  if (gap.e.length || gap.r.length) gaps.push(gap)
  return { pairs, gaps }
}

function pageFindings(expected: Labelled[], received: PageElement[]): PrintedFinding[] {
  const findings: PrintedFinding[] = []
  const { pairs, gaps } = align(expected, received)
  // Which fact each received text run shows (matched, or changed in place).
  const fieldOf = new Map<number, Labelled>()
  for (const [i, j] of pairs) if (expected[i]!.kind === 'text') fieldOf.set(j, expected[i]!)
  const extra: number[] = []
  for (const gap of gaps) {
    const free = new Set(gap.r)
    for (const i of gap.e) {
      const want = expected[i]!
      if (want.kind === 'path') {
        findings.push({ kind: 'shapes', part: want.part ?? 'frame' })
        continue
      }
      if (want.kind !== 'text') continue
      // The same line in the same place, printed differently.
      const j = [...free].find((index) => {
        const got = received[index]!
        return got.kind === 'text' && Math.abs(got.baseline - want.baseline) <= 1
      })
      if (j === undefined) {
        findings.push({ kind: 'missing', field: want.field!, signed: want.meant! })
        continue
      }
      free.delete(j)
      const got = received[j] as Extract<PageElement, { kind: 'text' }>
      fieldOf.set(j, want)
      if (got.text !== want.text) findings.push({ kind: 'changed', field: want.field!, printed: got.text, signed: want.meant! })
      else {
        const aspects = (Object.keys(want.facets) as PrintedAspect[]).filter((key) => want.facets[key] !== got.facets[key])
        findings.push({ kind: 'restyled', field: want.field!, printed: got.text, signed: want.meant!, aspects })
      }
    }
    extra.push(...free)
  }
  for (const j of extra.sort((a, b) => a - b)) {
    const got = received[j]!
    if (got.kind === 'text') findings.push({ kind: 'added-text', printed: got.text })
    else findings.push({ kind: 'added-drawing', what: got.kind === 'path' ? 'drawing' : got.what })
    // What it hides: text is garbled by anything drawn on it, before or
    // after; a shape hides only what was painted before it.
    for (const [index, want] of fieldOf) {
      if ((got.kind === 'text' || index < j) && overlaps(received[index]!, got)) {
        const by = got.kind === 'text' ? 'text' : got.kind === 'path' ? 'drawing' : got.what === 'image' || got.what === 'xobject' ? 'image' : 'other'
        findings.push({ kind: 'covered', field: want.field!, signed: want.meant!, by })
      }
    }
  }
  return findings
}

function unique(findings: PrintedFinding[]): PrintedFinding[] {
  const seen = new Set<string>()
  return findings.filter((finding) => {
    const key = JSON.stringify(finding)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** Compares what the PDF shows with the page drawn from its (already verified) signed payload. */
export async function checkPrintedPdf(bytes: Uint8Array, doc: PDFDocument, signed: SignedPayload): Promise<PrintedCheck> {
  try {
    const findings: PrintedFinding[] = []
    const rendered = await renderCertificate(signed)
    const expectedDoc = await PDFDocument.load(rendered.bytes, { updateMetadata: false })
    const expectedPage = expectedDoc.getPage(0)
    const expected = label(readPage(expectedDoc.context, expectedPage), rendered.parts)

    // Most telling first: the page itself, then the rest of the file.
    const pages = doc.getPages()
    const declared = doc.catalog.lookupMaybe(PDFName.of('Pages'), PDFDict)?.get(PDFName.of('Count'))?.toString()
    const count = Math.max(pages.length, Number(declared) || 0)
    if (count !== 1) findings.push({ kind: 'pages', count })
    const page = pages[0]
    if (page) {
      findings.push(...pageFindings(expected, readPage(doc.context, page)))
      const settings = differingKeys(pageSettings(doc, page), pageSettings(expectedDoc, expectedPage))
      if (settings.length) findings.push({ kind: 'page-settings', keys: settings })
    }
    findings.push(...documentFindings(doc, expectedDoc), ...(await fileFindings(bytes)))
    return findings.length ? { ok: false, unreadable: false, findings: unique(findings) } : { ok: true }
  } catch (error) {
    if (error instanceof Unreadable) return { ok: false, unreadable: true, detail: error.message }
    throw error
  }
}
