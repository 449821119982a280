import { createHash, createHmac, generateKeyPairSync, sign } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import fontkit from '@pdf-lib/fontkit'
import { PDFArray, PDFDict, PDFDocument, PDFName, type PDFRawStream, PDFString, StandardFonts, decodePDFRawStream, rgb } from 'pdf-lib'
import { expect, test } from 'vitest'
import { badgeSubjectId, buildCredential, envelope, signCredentialJwt } from '~/certificates/badge'
import { CanonicalizationError, canonicalize, isCanonicalJson } from '~/certificates/canonical'
import { CODE_ALPHABET, generateCode, parseCode } from '~/certificates/code'
import { type VerificationKeys, fromJwks, keyId, publicEntry, toJwks } from '~/certificates/keys'
import { buildPayload, vietnameseDate } from '~/certificates/payload'
import { renderCertificatePdf } from '~/certificates/pdf.server'
import { verificationReport } from '~/certificates/report'
import { signPayload } from '~/certificates/sign'
import { type VerifyOutcome, verifyBadge, verifyFile, verifyPdf, verifySigned } from '~/certificates/verify'
import { loginLeaks } from '../support/login-leaks'

const ed = generateKeyPairSync('ed25519')
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const edKey = { kid: keyId(ed.publicKey), privateKey: ed.privateKey }
const rsaKey = { kid: keyId(rsa.publicKey), privateKey: rsa.privateKey }
const keys: VerificationKeys = { keys: [publicEntry(ed.publicKey, true)!, publicEntry(rsa.publicKey, true)!] }

const HOLDER = 'Nguyễn Thị Ánh Tuyết'
const COURSE_TITLE = 'Chuyển đổi số cho cán bộ, công chức'

function payload(code = generateCode()) {
  return buildPayload({
    code,
    serial: 1,
    // 23:30 UTC is already the next day in Viet Nam.
    issuedAt: new Date('2026-03-04T23:30:00.123Z'),
    siteUrl: 'https://hocso.example.vn/',
    holder: { name: HOLDER.normalize('NFD'), kind: 'CIVIL_SERVANT', agency: 'UBND phường Ba Đình', position: 'Chuyên viên', organizationName: 'Phường Ba Đình' },
    course: { slug: 'chuyen-doi-so-cho-can-bo', title: COURSE_TITLE, version: '0123456789abcdef' },
  })
}

// ——— canonical JSON ———

test('canonical JSON sorts keys by code unit at every depth and keeps no whitespace', () => {
  expect(canonicalize({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' }, '€': 0, '\u0080': 1 })).toBe(
    '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1,"\u0080":1,"€":0}',
  )
  expect(canonicalize(-0)).toBe('0')
  expect(canonicalize('dòng\nmới "trích"\u0001')).toBe('"dòng\\nmới \\"trích\\"\\u0001"')
})

test('canonical JSON writes Vietnamese as UTF-8 and refuses strings that are not NFC', () => {
  expect(canonicalize({ name: HOLDER })).toBe(`{"name":"${HOLDER}"}`)
  expect(() => canonicalize({ name: HOLDER.normalize('NFD') })).toThrow(CanonicalizationError)
  expect(() => canonicalize('\uD800')).toThrow(CanonicalizationError)
})

test('canonical JSON refuses floats, undefined and non-JSON values', () => {
  for (const bad of [1.5, NaN, Infinity, 2 ** 53, undefined, { a: undefined }, [() => 1], new Date(0), 10n, new Map(), Symbol('x')]) {
    expect(() => canonicalize(bad), String(bad)).toThrow(CanonicalizationError)
  }
  expect(isCanonicalJson('{"a":1,"b":2}')).toBe(true)
  expect(isCanonicalJson('{"b":2,"a":1}')).toBe(false)
  expect(isCanonicalJson('{"a": 1}')).toBe(false)
})

// ——— codes ———

test('codes use the unambiguous alphabet, carry a check character and parse forgivingly', () => {
  expect(CODE_ALPHABET).not.toMatch(/[0O1ILU]/)
  const seen = new Set<string>()
  for (let i = 0; i < 500; i += 1) {
    const code = generateCode()
    expect(code).toMatch(/^HS-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/)
    expect(parseCode(code)).toEqual({ ok: true, code })
    seen.add(code)
  }
  expect(seen.size).toBe(500)
  const code = generateCode()
  const compact = code.replace(/-/g, '')
  for (const typed of [code.toLowerCase(), ` ${compact} `, compact.slice(2), `hs ${compact.slice(2, 6)} ${compact.slice(6)}`, code.replace(/-/g, '.')]) {
    expect(parseCode(typed), typed).toEqual({ ok: true, code })
  }
})

test('a single wrong character or two swapped neighbours is reported as malformed, not looked up', () => {
  // Many codes, including ones with the alphabet's first and last characters side by side.
  const codes = [...Array.from({ length: 300 }, () => generateCode()), 'HS-2Y2Y-2Y2Y', 'HS-Y2Y2-Y2Y2']
    .map((candidate) => candidate.replace(/^HS-|-/g, ''))
    .map((chars) => (parseCode(chars).ok ? chars : chars.slice(0, 7) + CODE_ALPHABET.split('').find((c) => parseCode(chars.slice(0, 7) + c).ok)))
  for (const valid of codes) expectTyposCaught(valid)
  for (const bad of ['', '   ', 'HS-0000-0000', 'HS-ABCD', 'HS-ABCD-EFGH-JKMN', 'xin chào', 42]) expect(parseCode(bad).ok).toBe(false)
})

function expectTyposCaught(code: string) {
  expect(parseCode(code).ok, code).toBe(true)
  const chars = code.split('')
  for (let i = 0; i < chars.length; i += 1) {
    for (const replacement of CODE_ALPHABET) {
      if (replacement === chars[i]) continue
      const typo = [...chars]
      typo[i] = replacement
      expect(parseCode(typo.join('')).ok, typo.join('')).toBe(false)
    }
    if (i + 1 < chars.length && chars[i] !== chars[i + 1]) {
      const swapped = [...chars]
      ;[swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!]
      expect(parseCode(swapped.join('')).ok, swapped.join('')).toBe(false)
    }
  }
}

// ——— payload and Ed25519 ———

test('the payload records the name in NFC and the day in Asia/Ho_Chi_Minh', () => {
  const value = payload()
  expect(value.holder.name).toBe(HOLDER)
  expect(value.issuedOn).toBe('2026-03-05')
  expect(value.issuedAt).toBe('2026-03-04T23:30:00Z')
  expect(value.issuer.url).toBe('https://hocso.example.vn')
  expect(vietnameseDate(value.issuedOn)).toBe('ngày 5 tháng 3 năm 2026')
})

test('a signed payload verifies, and any change to it, its signature or its key id is refused', () => {
  const signed = signPayload(payload(), edKey)
  const good = verifySigned(signed, keys)
  expect(good).toMatchObject({ ok: true, payload: { holderName: HOLDER, courseTitle: COURSE_TITLE } })
  const renamed = signed.payload.replace(HOLDER, 'Nguyễn Thị Ánh Tuyến')
  expect(verifySigned({ ...signed, payload: renamed }, keys)).toMatchObject({ ok: false, failure: 'bad-signature' })
  const flipped = Buffer.from(signed.signature, 'base64url')
  flipped[0]! ^= 1
  expect(verifySigned({ ...signed, signature: flipped.toString('base64url') }, keys)).toMatchObject({ ok: false, failure: 'bad-signature' })
  expect(verifySigned({ ...signed, kid: 'AAAAAAAAAAAAAAAA' }, keys)).toMatchObject({ ok: false, failure: 'unknown-key' })
  // The RSA key's id names a key of the wrong kind for an Ed25519 signature.
  expect(verifySigned({ ...signed, kid: rsaKey.kid }, keys)).toMatchObject({ ok: false, failure: 'unknown-key' })
  const other = generateKeyPairSync('ed25519')
  expect(verifySigned(signed, { keys: [publicEntry(other.publicKey, true)!] })).toMatchObject({ ok: false, failure: 'unknown-key' })
  expect(verifySigned(signed, keys).ok || false).toBe(true)
})

test('the published key set has only public members and round-trips', () => {
  const jwks = toJwks(keys)
  expect(jwks.keys.map((key) => [key.kty, key.alg, key.use])).toEqual([
    ['OKP', 'EdDSA', 'sig'],
    ['RSA', 'RS256', 'sig'],
  ])
  for (const key of jwks.keys) for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) expect(key).not.toHaveProperty(secret)
  const back = fromJwks(JSON.parse(JSON.stringify(jwks)))
  expect(back.keys.map((key) => key.kid)).toEqual(keys.keys.map((key) => key.kid))
  // A key listed under another key's id is ignored.
  expect(fromJwks({ keys: [{ ...jwks.keys[0]!, kid: jwks.keys[1]!.kid }] }).keys).toEqual([])
})

// ——— Open Badges VC-JWT ———

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const parts = (jwt: string) => jwt.split('.') as [string, string, string]
const decode = (segment: string) => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Record<string, unknown>

const SUBJECT = badgeSubjectId('HS-7K3M-Q9PX', 'bi-mat-cua-may-chu')

function badgeJwt(value = payload()) {
  return signCredentialJwt(buildCredential(value, { subjectId: SUBJECT }), rsaKey)
}

test('the badge is an OpenBadgeCredential (VC 2.0) in an RS256 VC-JWT', () => {
  const jwt = badgeJwt()
  const [head, body] = parts(jwt)
  expect(decode(head)).toEqual({ alg: 'RS256', typ: 'vc+jwt', kid: rsaKey.kid })
  const claims = decode(body)
  expect(claims['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'])
  expect(claims.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential'])
  expect(claims).toMatchObject({ iss: 'https://hocso.example.vn', validFrom: '2026-03-04T23:30:00Z', nbf: Date.parse('2026-03-04T23:30:00Z') / 1000 })
  expect(claims.jti).toBe(claims.id)
  expect(claims).not.toHaveProperty('issuanceDate')
  // Every OB term used is defined in the bundled OB 3.0 context.
  const context = readFileSync(path.resolve(__dirname, '../../app/certificates/contexts/ob-v3p0-context-3.0.3.json'), 'utf8')
  for (const term of ['OpenBadgeCredential', 'AchievementSubject', 'achievementType', 'criteria', 'narrative', 'identifier', 'identityHash', 'identityType', 'hashed', 'inLanguage', 'role']) {
    expect(context).toContain(`"${term}"`)
  }
  const wrapped = JSON.stringify(envelope(jwt))
  expect(verifyBadge(wrapped, keys)).toMatchObject({ ok: true, format: 'badge', payload: { holderName: HOLDER, courseTitle: COURSE_TITLE, issuedOn: '2026-03-05' } })
  expect(verifyBadge(jwt, keys).ok).toBe(true)
})

test('badges with a changed name or date, alg none, a swapped algorithm, a wrong key id or a broken JWT are refused', () => {
  const jwt = badgeJwt()
  const [head, body, signature] = parts(jwt)
  const claims = decode(body)
  const renamed = structuredClone(claims) as typeof claims & { credentialSubject: { identifier: { identityHash: string }[] } }
  renamed.credentialSubject.identifier[0]!.identityHash = 'Nguyễn Văn Giả'
  expect(verifyBadge(`${head}.${b64(renamed)}.${signature}`, keys)).toMatchObject({ ok: false, failure: 'bad-signature' })
  const redated = { ...claims, validFrom: '2025-01-01T00:00:00Z', nbf: Date.parse('2025-01-01T00:00:00Z') / 1000 }
  expect(verifyBadge(`${head}.${b64(redated)}.${signature}`, keys)).toMatchObject({ ok: false, failure: 'bad-signature' })

  expect(verifyBadge(`${b64({ alg: 'none', typ: 'vc+jwt', kid: rsaKey.kid })}.${body}.`, keys)).toMatchObject({ ok: false, failure: 'algorithm' })
  // HS256 keyed with the published public key: the classic confusion attack.
  const publicPem = rsa.publicKey.export({ type: 'spki', format: 'pem' })
  const hsHead = b64({ alg: 'HS256', typ: 'vc+jwt', kid: rsaKey.kid })
  const hsSig = createHmac('sha256', publicPem).update(`${hsHead}.${body}`).digest('base64url')
  expect(verifyBadge(`${hsHead}.${body}.${hsSig}`, keys)).toMatchObject({ ok: false, failure: 'algorithm' })
  // EdDSA signed with the (published) Ed25519 certificate key, where RS256 is required.
  const edHead = b64({ alg: 'EdDSA', typ: 'vc+jwt', kid: edKey.kid })
  const edSig = sign(null, Buffer.from(`${edHead}.${body}`), ed.privateKey).toString('base64url')
  expect(verifyBadge(`${edHead}.${body}.${edSig}`, keys)).toMatchObject({ ok: false, failure: 'algorithm' })
  // RS256 claimed, but the key id is the Ed25519 key's, or unknown.
  expect(verifyBadge(`${b64({ alg: 'RS256', typ: 'vc+jwt', kid: edKey.kid })}.${body}.${signature}`, keys)).toMatchObject({ ok: false, failure: 'unknown-key' })
  expect(verifyBadge(`${b64({ alg: 'RS256', typ: 'vc+jwt', kid: 'khong-co-khoa-nay' })}.${body}.${signature}`, keys)).toMatchObject({ ok: false, failure: 'unknown-key' })
  // Signed by another RSA key that claims our key id.
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const forged = signCredentialJwt(claims as never, { kid: rsaKey.kid, privateKey: stranger.privateKey })
  expect(verifyBadge(forged, keys)).toMatchObject({ ok: false, failure: 'bad-signature' })

  for (const broken of ['', 'abc', `${head}.${body}`, `${head}.${body}.${signature}.x`, `${head}.***.${signature}`, `${b64('x')}.${body}.${signature}`]) {
    expect(verifyBadge(broken, keys).ok, broken).toBe(false)
  }
  expect(verifyBadge(`${head}.${body}.${signature}`.replace(/^./, '!'), keys)).toMatchObject({ ok: false, failure: 'malformed-jwt' })
  expect(verifyBadge('{"type":"Something"}', keys)).toMatchObject({ ok: false, failure: 'malformed-file' })
  expect(verifyBadge('{not json', keys)).toMatchObject({ ok: false, failure: 'malformed-file' })
  for (const failure of [verifyBadge('abc', keys)]) if (!failure.ok) expect(failure.reason).toMatch(/[ăâđêôơư]/)
})

test('the badge names the holder only as the certificate prints them: an opaque subject id and the name, no login, hash or salt', () => {
  const jwt = badgeJwt()
  const [head, body] = parts(jwt)
  const claims = decode(body) as { sub: string; credentialSubject: { id: string; identifier: unknown[] } }
  expect(SUBJECT).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  expect(claims.sub).toBe(SUBJECT)
  expect(claims.credentialSubject.id).toBe(SUBJECT)
  expect(claims.credentialSubject.identifier).toEqual([{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: HOLDER }])
  expect(loginLeaks([decode(head), claims, envelope(jwt)], ['+84912345678', 'tuyet.nguyen@example.com'])).toEqual([])
  // The subject id says nothing on its own: another secret, another id.
  expect(badgeSubjectId('HS-7K3M-Q9PX', 'bi-mat-khac')).not.toBe(SUBJECT)
})

test('a badge issued before the change (a salted phone hash beside the name) still verifies', () => {
  const old = structuredClone(buildCredential(payload(), { subjectId: SUBJECT })) as { credentialSubject: { identifier: unknown[] } }
  const hash = createHash('sha256').update('+84912345678muoi-ngau-nhien').digest('hex')
  old.credentialSubject.identifier.push({ type: 'IdentityObject', identityType: 'ext:phoneNumber', hashed: true, identityHash: `sha256$${hash}`, salt: 'muoi-ngau-nhien' })
  expect(verifyBadge(signCredentialJwt(old as never, rsaKey), keys)).toMatchObject({ ok: true, payload: { holderName: HOLDER, courseTitle: COURSE_TITLE } })
})

// ——— PDF ———

function tool(name: string): boolean {
  const found = spawnSync('sh', ['-c', `command -v ${name}`]).status === 0
  if (!found && process.env.CI) throw new Error(`${name} is required in CI (poppler-utils / zbar-tools)`)
  if (!found) console.warn(`skipping the ${name} check: ${name} is not installed`)
  return found
}

test('the PDF is A4 landscape, small, deterministic, and its Vietnamese text round-trips through pdftotext', async () => {
  const signed = signPayload(payload(), edKey)
  const started = performance.now()
  const pdf = await renderCertificatePdf(signed)
  const ms = performance.now() - started
  expect(pdf.byteLength).toBeLessThan(100_000)
  expect(Buffer.compare(Buffer.from(pdf), Buffer.from(await renderCertificatePdf(signed)))).toBe(0)
  const doc = await PDFDocument.load(pdf)
  const { width, height } = doc.getPage(0).getSize()
  expect([Math.round(width), Math.round(height)]).toEqual([842, 595])
  console.info(`certificate PDF: ${pdf.byteLength} bytes, first render ${ms.toFixed(0)} ms`)
  if (!tool('pdftotext')) return
  const dir = mkdtempSync(path.join(tmpdir(), 'hocso-pdf-'))
  writeFileSync(path.join(dir, 'c.pdf'), pdf)
  const text = spawnSync('pdftotext', ['-enc', 'UTF-8', path.join(dir, 'c.pdf'), '-'], { encoding: 'utf8' }).stdout.normalize('NFC')
  for (const expected of ['HỌC SỐ', 'CHỨNG NHẬN', HOLDER, COURSE_TITLE, 'ngày 5 tháng 3 năm 2026', signed.payload.match(/HS-[A-Z0-9-]{9}/)![0], 'Chuyên viên, UBND phường Ba Đình']) {
    expect(text).toContain(expected)
  }
})

test('the QR code on the PDF decodes to the verify address', async () => {
  const value = payload()
  const pdf = await renderCertificatePdf(signPayload(value, edKey))
  if (!tool('pdftoppm') || !tool('zbarimg')) return
  const dir = mkdtempSync(path.join(tmpdir(), 'hocso-qr-'))
  writeFileSync(path.join(dir, 'c.pdf'), pdf)
  expect(spawnSync('pdftoppm', ['-r', '150', '-png', '-singlefile', path.join(dir, 'c.pdf'), path.join(dir, 'page')]).status).toBe(0)
  const decoded = spawnSync('zbarimg', ['-q', '--raw', path.join(dir, 'page.png')], { encoding: 'utf8' })
  expect(decoded.stdout.trim()).toBe(`https://hocso.example.vn/verify/${value.code}`)
})

async function withAttachment(pdf: Uint8Array, change: (json: string) => string): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf)
  const names = doc.catalog.lookup(PDFName.of('Names'), PDFDict).lookup(PDFName.of('EmbeddedFiles'), PDFDict).lookup(PDFName.of('Names'), PDFArray)
  const spec = names.lookup(1, PDFDict)
  const ef = spec.lookup(PDFName.of('EF'), PDFDict)
  const stream = ef.lookup(PDFName.of('F')) as PDFRawStream
  const json = Buffer.from(decodePDFRawStream(stream).decode()).toString('utf8')
  const replaced = doc.context.flateStream(new TextEncoder().encode(change(json)), { Type: 'EmbeddedFile', Subtype: 'application/json' })
  ef.set(PDFName.of('F'), doc.context.register(replaced))
  return doc.save()
}

test('a PDF verifies offline, and a tampered embedded payload or a payload from another certificate is refused', async () => {
  const signed = signPayload(payload(), edKey)
  const pdf = await renderCertificatePdf(signed)
  expect(await verifyFile(pdf, keys)).toMatchObject({ ok: true, format: 'pdf', payload: { holderName: HOLDER } })
  const tampered = await withAttachment(pdf, (json) => json.replace(HOLDER, 'Trần Văn Giả'))
  expect(await verifyPdf(tampered, keys)).toMatchObject({ ok: false, failure: 'bad-signature' })
  // A genuine signed payload of another certificate pasted into this PDF:
  // the signature holds but the printed code does not match.
  const otherSigned = signPayload(payload(), edKey)
  const swapped = await withAttachment(pdf, () => JSON.stringify({ ...otherSigned, format: 'hocso-certificate', alg: 'EdDSA' }))
  const outcome = await verifyPdf(swapped, keys)
  expect(outcome).toMatchObject({ ok: false, failure: 'printed-mismatch' })
  expect(findingsOf(outcome)).toContainEqual({ kind: 'changed', field: 'code', printed: signed.payload.match(/HS-[A-Z0-9-]{9}/)![0], signed: otherSigned.payload.match(/HS-[A-Z0-9-]{9}/)![0] })
  expect(await verifyPdf(new TextEncoder().encode('%PDF-1.7 not really'), keys)).toMatchObject({ ok: false, failure: 'malformed-file' })
})

test('every context a badge names is bundled and defines the terms the badge uses; nothing else loads', async () => {
  const { bundledContextUrls, loadBundledContext } = await import('~/certificates/contexts.server')
  const claims = decode(parts(badgeJwt())[1]!) as { '@context': string[] }
  for (const url of claims['@context']) expect(bundledContextUrls()).toContain(url)
  const v2 = JSON.stringify(loadBundledContext('https://www.w3.org/ns/credentials/v2').document)
  for (const term of ['VerifiableCredential', 'credentialSubject', 'issuer', 'validFrom', 'name', 'description']) expect(v2).toContain(`"${term}"`)
  expect(() => loadBundledContext('https://evil.example/context.json')).toThrow(/not bundled/)
  // Even correctly signed, a credential naming a context we do not bundle is refused.
  const foreign = { ...claims, '@context': [...claims['@context'], 'https://evil.example/context.json'] }
  expect(verifyBadge(signCredentialJwt(foreign as never, { kid: rsaKey.kid, privateKey: rsa.privateKey }), keys)).toMatchObject({ ok: false, failure: 'claims-mismatch' })
})

// ——— What the PDF shows against what it signs ———

const BOLD_TTF = path.resolve(__dirname, '../../node_modules/@expo-google-fonts/be-vietnam-pro/700Bold/BeVietnamPro_700Bold.ttf')
const loadPdf = (pdf: Uint8Array) => PDFDocument.load(pdf, { updateMetadata: false })
const savePdf = (doc: PDFDocument) => doc.save({ useObjectStreams: true })

async function issued() {
  const signed = signPayload(payload('HS-7K3M-Q9PX'), edKey)
  return { signed, pdf: await renderCertificatePdf(signed) }
}

function findingsOf(outcome: VerifyOutcome) {
  return !outcome.ok && outcome.failure === 'printed-mismatch' ? outcome.findings : []
}

// Verifies a tampered PDF: the signature holds, so the verdict is "not
// valid, the page differs", with the signed facts beside it.
async function mismatchOf(pdf: Uint8Array) {
  const outcome = await verifyPdf(pdf, keys)
  expect(outcome).toMatchObject({ ok: false, failure: 'printed-mismatch', payload: { holderName: HOLDER, courseTitle: COURSE_TITLE, code: 'HS-7K3M-Q9PX' } })
  return findingsOf(outcome)
}

function type0Font(doc: PDFDocument, prefix: 'HSBOLD' | 'HSREGU'): PDFDict {
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (object instanceof PDFDict && object.get(PDFName.of('Subtype')) === PDFName.of('Type0') && String(object.get(PDFName.of('BaseFont'))).startsWith(`/${prefix}`)) return object
  }
  throw new Error(`no ${prefix} font`)
}

// Rewrites, in the page's content stream, the glyphs of the bold text run on
// baseline y, word by word: the kind of edit a PDF editor makes.
async function editBoldRun(pdf: Uint8Array, y: number, edit: (words: string[]) => string[]): Promise<Uint8Array> {
  const doc = await loadPdf(pdf)
  const cmap = Buffer.from(decodePDFRawStream(type0Font(doc, 'HSBOLD').lookup(PDFName.of('ToUnicode')) as PDFRawStream).decode()).toString('latin1')
  const space = /<([0-9A-F]{4})> <0020>/.exec(cmap)![1]!
  const contents = doc.getPage(0).node.Contents() as PDFArray
  const text = Buffer.from(decodePDFRawStream(doc.context.lookup(contents.get(0)) as PDFRawStream).decode()).toString('latin1')
  const run = new RegExp(`( ${y} Tm\\n<)([0-9A-F]+)(> Tj)`)
  const glyphs = run.exec(text)![2]!.match(/.{4}/g)!.join(' ')
  const words = glyphs.split(` ${space} `).map((word) => word.replace(/ /g, ''))
  const edited = text.replace(run, `$1${edit(words).join(space)}$3`)
  contents.set(0, doc.context.register(doc.context.flateStream(Buffer.from(edited, 'latin1'))))
  return savePdf(doc)
}

test('an untouched certificate PDF is valid, also after being re-saved without changes', async () => {
  const { pdf } = await issued()
  const outcome = await verifyPdf(pdf, keys)
  expect(outcome).toMatchObject({ ok: true, format: 'pdf', payload: { holderName: HOLDER, code: 'HS-7K3M-Q9PX' } })
  // Another writer's object layout (no object streams, renumbered) shows the same page.
  const resaved = await (await loadPdf(pdf)).save({ useObjectStreams: false })
  expect(Buffer.compare(Buffer.from(resaved), Buffer.from(pdf))).not.toBe(0)
  expect(await verifyPdf(resaved, keys)).toMatchObject({ ok: true })
  const report = verificationReport(outcome)
  expect(report.exitCode).toBe(0)
  expect(report.lines[0]).toMatch(/^✓ HỢP LỆ: .*trang in của tệp PDF khớp với nội dung đã ký/)
  expect(report.lines).toContain(`  Người nhận:    ${HOLDER}`)
  expect(report.lines).toContain('  Đơn vị:        Phường Ba Đình')
  expect(report.lines.join('\n')).toContain('hãy tự so họ tên, khoá học, ngày cấp, mã và đơn vị')
})

test('a PDF whose printed name was edited, attachment untouched, is not valid and names the holder field', async () => {
  const { pdf } = await issued()
  // The same glyphs in another order: same width, same font, so the edit
  // cannot be seen by measuring the line.
  const tampered = await editBoldRun(pdf, 346, (words) => [...words].reverse())
  const findings = await mismatchOf(tampered)
  expect(findings).toEqual([{ kind: 'changed', field: 'holder', printed: 'Tuyết Ánh Thị Nguyễn', signed: HOLDER }])
  const report = verificationReport(await verifyPdf(tampered, keys))
  expect(report.exitCode).toBe(1)
  expect(report.lines[0]).toMatch(/^✗ KHÔNG HỢP LỆ — KHÔNG KHỚP/)
  expect(report.lines).toContain(`  - Họ tên người nhận: trên tệp in «Tuyết Ánh Thị Nguyễn», nội dung đã ký là «${HOLDER}».`)
  expect(report.lines).toContain(`  Người nhận:    ${HOLDER}`)
  expect(report.lines.join('\n')).toContain('Đừng tin những gì in trên tệp này')
})

test('a white box with another name drawn over the printed name is found', async () => {
  const { pdf } = await issued()
  const doc = await loadPdf(pdf)
  doc.registerFontkit(fontkit)
  const font = await doc.embedFont(readFileSync(BOLD_TTF), { subset: true })
  const page = doc.getPage(0)
  page.drawRectangle({ x: 150, y: 336, width: 540, height: 42, color: rgb(1, 1, 1) })
  page.drawText('Trần Văn Giả', { x: 330, y: 346, size: 30, font, color: rgb(0.11, 0.16, 0.23) })
  const findings = await mismatchOf(await savePdf(doc))
  expect(findings).toContainEqual({ kind: 'added-drawing', what: 'drawing' })
  expect(findings).toContainEqual({ kind: 'covered', field: 'holder', signed: HOLDER, by: 'drawing' })
  expect(findings).toContainEqual({ kind: 'added-text', printed: 'Trần Văn Giả' })
  expect(findings).toContainEqual({ kind: 'covered', field: 'holder', signed: HOLDER, by: 'text' })
})

test('a picture pasted over the printed name is found', async () => {
  const { pdf } = await issued()
  const doc = await loadPdf(pdf)
  // A 1×1 white PNG, stretched over the name.
  const png = await doc.embedPng(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==', 'base64'))
  doc.getPage(0).drawImage(png, { x: 150, y: 336, width: 540, height: 42 })
  const findings = await mismatchOf(await savePdf(doc))
  expect(findings).toContainEqual({ kind: 'added-drawing', what: 'xobject' })
  expect(findings).toContainEqual({ kind: 'covered', field: 'holder', signed: HOLDER, by: 'image' })
})

test('an extra page, or an annotation laid over page 1, is not valid even though page 1 is untouched', async () => {
  const { pdf } = await issued()
  const doc = await loadPdf(pdf)
  const extra = doc.addPage([841.89, 595.28])
  extra.drawText('Tran Van Gia', { x: 300, y: 346, size: 30, font: await doc.embedFont(StandardFonts.HelveticaBold) })
  expect(await mismatchOf(await savePdf(doc))).toEqual([{ kind: 'pages', count: 2 }])

  const annotated = await loadPdf(pdf)
  const note = annotated.context.obj({ Type: 'Annot', Subtype: 'FreeText', Rect: [150, 336, 690, 378], Contents: PDFString.of('Tran Van Gia'), DA: PDFString.of('/Helv 30 Tf 0 g') })
  annotated.getPage(0).node.set(PDFName.of('Annots'), annotated.context.obj([annotated.context.register(note)]))
  expect(await mismatchOf(await savePdf(annotated))).toEqual([{ kind: 'page-settings', keys: ['Annots'] }])
})

test('a certificate PDF issued earlier still verifies: the renderer and its libraries still draw it the same way', async () => {
  // tests/fixtures/certificates: a PDF rendered on 2026-12-04 and the public
  // key it was signed with. If this fails after an upgrade (pdf-lib,
  // fontkit, qrcode, the fonts) or a layout change, holders' genuine PDFs
  // would be reported as not matching: keep the old drawing for them first.
  const fixtures = path.resolve(__dirname, '../fixtures/certificates')
  const fixtureKeys = fromJwks(JSON.parse(readFileSync(path.join(fixtures, 'keys.json'), 'utf8')))
  const outcome = await verifyPdf(readFileSync(path.join(fixtures, 'chung-nhan-2026-12.pdf')), fixtureKeys)
  expect(outcome).toMatchObject({ ok: true, format: 'pdf', payload: { code: 'HS-7K3M-Q9PX', holderName: HOLDER, courseTitle: COURSE_TITLE } })
})

test('a changed course title, on the page or in the file title, is not valid', async () => {
  const { pdf } = await issued()
  const shortened = await editBoldRun(pdf, 248, (words) => words.slice(0, -2))
  expect(await mismatchOf(shortened)).toEqual([{ kind: 'changed', field: 'course', printed: 'Chuyển đổi số cho cán bộ,', signed: COURSE_TITLE }])
  const doc = await loadPdf(pdf)
  doc.setTitle('Chứng nhận HS-7K3M-Q9PX — Quản lý nhà nước')
  expect(await mismatchOf(await savePdf(doc))).toEqual([
    { kind: 'metadata', key: 'Title', printed: 'Chứng nhận HS-7K3M-Q9PX — Quản lý nhà nước', signed: `Chứng nhận HS-7K3M-Q9PX — ${COURSE_TITLE}` },
  ])
})

test('a second attachment, an appended incremental update, or edited glyph outlines are each not valid', async () => {
  const { pdf } = await issued()
  const attached = await loadPdf(pdf)
  await attached.attach(new TextEncoder().encode('Người nhận: Trần Văn Giả'), 'ghi-chu.txt', { mimeType: 'text/plain' })
  expect(await mismatchOf(await savePdf(attached))).toContainEqual({ kind: 'attachments', names: ['hocso-certificate.json', 'ghi-chu.txt'] })

  // An incremental update that replaces the document information: appended
  // after %%EOF, as PDF editors and signing tools do.
  const doc = await loadPdf(pdf)
  const info = doc.context.trailerInfo.Info!.toString().replace(' R', '')
  const start = /startxref\s+(\d+)/.exec(Buffer.from(pdf).toString('latin1'))![1]
  const object = `\n${info} obj\n<< /Title (Chung nhan cua Tran Van Gia) >>\nendobj\n`
  const xrefAt = pdf.byteLength + object.length
  const update =
    `${object}xref\n${info.split(' ')[0]} 1\n${String(pdf.byteLength + 1).padStart(10, '0')} 00000 n \n` +
    `trailer\n<< /Size ${doc.context.largestObjectNumber + 1} /Root ${doc.context.trailerInfo.Root} /Info ${info} R /Prev ${start} >>\nstartxref\n${xrefAt}\n%%EOF\n`
  const updated = Buffer.concat([Buffer.from(pdf), Buffer.from(update, 'latin1')])
  const findings = await mismatchOf(updated)
  expect(findings).toContainEqual({ kind: 'revisions', count: 2 })
  expect(findings).toContainEqual({ kind: 'duplicate-objects', count: 1 })

  // One byte of the bold font's first glyph ("H") changed inside the
  // embedded font program (its outline or hinting), ToUnicode untouched: the
  // text still reads the same when copied, but may no longer look the same.
  const edited = await loadPdf(pdf)
  const descriptor = (type0Font(edited, 'HSBOLD').lookup(PDFName.of('DescendantFonts'), PDFArray).lookup(0, PDFDict)).lookup(PDFName.of('FontDescriptor'), PDFDict)
  const program = Buffer.from(decodePDFRawStream(descriptor.lookup(PDFName.of('FontFile2')) as PDFRawStream).decode())
  const table = (tag: string) => {
    for (let i = 0; i < program.readUInt16BE(4); i += 1) if (program.toString('latin1', 12 + i * 16, 16 + i * 16) === tag) return program.readUInt32BE(20 + i * 16)
    throw new Error(tag)
  }
  const long = program.readInt16BE(table('head') + 50) === 1
  const loca = (gid: number) => (long ? program.readUInt32BE(table('loca') + gid * 4) : program.readUInt16BE(table('loca') + gid * 2) * 2)
  program[table('glyf') + loca(2) - 1]! ^= 0x40
  descriptor.set(PDFName.of('FontFile2'), edited.context.register(edited.context.flateStream(program, { Length1: program.length })))
  const restyled = await mismatchOf(await savePdf(edited))
  expect(restyled).toContainEqual({ kind: 'restyled', field: 'template', printed: 'HỌC SỐ', signed: 'HỌC SỐ', aspects: ['glyphs'] })
})

test('a page the verifier cannot follow is never called valid, and the signed facts are still given', async () => {
  const { pdf } = await issued()
  const doc = await loadPdf(pdf)
  const contents = doc.getPage(0).node.Contents() as PDFArray
  const text = Buffer.from(decodePDFRawStream(doc.context.lookup(contents.get(0)) as PDFRawStream).decode()).toString('latin1')
  contents.set(0, doc.context.register(doc.context.flateStream(Buffer.from(`1 0 0 1 0 0 lamgia\n${text}`, 'latin1'))))
  const outcome = await verifyPdf(await savePdf(doc), keys)
  expect(outcome).toMatchObject({ ok: false, failure: 'printed-unreadable', payload: { holderName: HOLDER }, detail: 'toán tử «lamgia» không được hỗ trợ' })
  const report = verificationReport(outcome)
  expect(report.exitCode).toBe(1)
  expect(report.lines[0]).toMatch(/^✗ KHÔNG XÁC NHẬN ĐƯỢC/)
  expect(report.lines).toContain(`  Người nhận:    ${HOLDER}`)
  expect(report.lines).toContain(`  Khoá học:      ${COURSE_TITLE} (phiên bản nội dung 0123456789abcdef)`)
})
