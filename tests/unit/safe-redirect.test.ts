import fc from 'fast-check'
import { expect, test } from 'vitest'
import { MAX_REDIRECT_CHARS, safeRedirectPath } from '~/lib/safe-redirect'

// Whatever origin the site has, a way back must stay on it.
const ORIGIN = 'https://hoc-so.example'
const FALLBACK = '/tai-khoan'

function staysHome(result: string) {
  expect(new URL(result, ORIGIN).origin).toBe(ORIGIN)
  // What a browser does with a Location: it drops tabs and newlines first.
  expect(new URL(result.replace(/[\t\n\r]/g, ''), ORIGIN).origin).toBe(ORIGIN)
  // Printable ASCII only: a valid header value, never a "ByteString" error.
  expect(result).toMatch(/^\/[\x21-\x7e]*$/)
  expect(() => new Headers({ Location: result })).not.toThrow()
}

test('same-site paths come back normalised and percent-encoded', () => {
  expect(safeRedirectPath('/khoa-hoc?x=1')).toBe('/khoa-hoc?x=1')
  expect(safeRedirectPath('/tim-kiem?q=Nguyễn', FALLBACK)).toBe('/tim-kiem?q=Nguy%E1%BB%85n')
  expect(safeRedirectPath('/vao-lop/Lớp A#phần 2')).toBe('/vao-lop/L%E1%BB%9Bp%20A#ph%E1%BA%A7n%202')
  expect(safeRedirectPath('/khoa-hoc/./a/../b')).toBe('/khoa-hoc/b')
  expect(safeRedirectPath('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example')
})

test('anything a browser could read as another site, or that is not a plain path, falls back', () => {
  const refused = [
    '/\t/evil.example/phish',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '\t//evil.example',
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/foo\\..\\..\\evil',
    '/.//evil.example',
    '/a/..//evil.example',
    '/\u0000',
    '/\u007f',
    '/tim-kiem?q=a\r\nSet-Cookie: x=1',
    'https://evil.example',
    'javascript:alert(1)',
    'evil.example',
    '',
    ' /khoa-hoc',
    `/${'a'.repeat(MAX_REDIRECT_CHARS)}`,
  ]
  for (const value of refused) expect(safeRedirectPath(value, FALLBACK), JSON.stringify(value)).toBe(FALLBACK)
  expect(safeRedirectPath(null, FALLBACK)).toBe(FALLBACK)
  expect(safeRedirectPath(['/'], FALLBACK)).toBe(FALLBACK)
})

// Pieces that have made open redirects elsewhere, mixed with any text.
const tricky = fc.constantFrom(
  '/', '//', '\\', '/\\', '\t', '\n', '\r', '\u0000', '\u001f', '\u007f', ' ', '.', '..', '/./', '/../', '%2F', '%2f', '%5C', '%09',
  '%0d%0a', '@', ':', '?', '#', 'evil.example', 'https:', 'javascript:', '\u3002', '\uff0f', '\u2215', '\ufe68', '\ud800', 'Nguyễn',
)
const candidate = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(fc.oneof(tricky, fc.string({ maxLength: 4 })), { maxLength: 12 }).map((parts) => parts.join('')),
  fc.array(fc.oneof(tricky, fc.string({ unit: 'grapheme', maxLength: 4 })), { maxLength: 12 }).map((parts) => `/${parts.join('')}`),
)

test('property: the answer is the fallback or a header-safe path on this site', () => {
  fc.assert(
    fc.property(candidate, (value) => {
      const result = safeRedirectPath(value, FALLBACK)
      staysHome(result)
      if (result !== FALLBACK) {
        // Stable: the answer is itself accepted unchanged.
        expect(safeRedirectPath(result, FALLBACK)).toBe(result)
      }
    }),
    { numRuns: 3000 },
  )
})

test('property: an ordinary path with any text in it is kept, encoded', () => {
  const segment = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((text) => ![...text].some((char) => char.charCodeAt(0) < 0x20 || '\u007f\\/?#%.'.includes(char)))
  fc.assert(
    fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (segments) => {
      const value = `/${segments.join('/')}`
      const result = safeRedirectPath(value, FALLBACK)
      expect(result).not.toBe(FALLBACK)
      staysHome(result)
      expect(decodeURIComponent(result)).toBe(value)
    }),
  )
})
