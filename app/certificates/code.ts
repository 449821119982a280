// Public certificate codes such as HS-7K3M-Q9P8: read aloud over the phone,
// typed by people who may not see well, printed on paper. The alphabet leaves
// out 0/O, 1/I/L, U (reads as V) and Z (reads as 2): 29 characters, a prime,
// which is what makes the check below exact.
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXY'
const N = CODE_ALPHABET.length
const BODY_LENGTH = 7
export const CODE_PREFIX = 'HS'
export const CODE_PATTERN = /^HS-[2-9A-HJKMNP-TV-Y]{4}-[2-9A-HJKMNP-TV-Y]{4}$/

// A weighted sum modulo the prime 29 with weights 8, 7, …, 1 (the check
// character last, weight 1) is 0 for every valid code. A single wrong
// character changes the sum by w·d and two swapped neighbours by ±d, with
// 0 < |d| < 29, so neither can keep it at 0: every such typo is caught.
// (Luhn mod N, tried first, misses some swaps, e.g. of the first and last
// characters of the alphabet.)
function checkCharacter(body: string): string {
  let sum = 0
  for (let i = 0; i < body.length; i += 1) sum += (BODY_LENGTH + 1 - i) * CODE_ALPHABET.indexOf(body[i]!)
  return CODE_ALPHABET[(N - (sum % N)) % N]!
}

function format(chars: string): string {
  return `${CODE_PREFIX}-${chars.slice(0, 4)}-${chars.slice(4)}`
}

// Random bytes are drawn until they fall below the largest multiple of N,
// so every character is equally likely.
export function generateCode(random: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes)): string {
  let body = ''
  const limit = 256 - (256 % N)
  while (body.length < BODY_LENGTH) {
    for (const byte of random(new Uint8Array(16))) {
      if (byte < limit && body.length < BODY_LENGTH) body += CODE_ALPHABET[byte % N]
    }
  }
  return format(body + checkCharacter(body))
}

export type ParsedCode = { ok: true; code: string } | { ok: false; reason: 'empty' | 'malformed' }

// Forgiving about how a code is typed (lower case, spaces, dots, missing or
// extra dashes, the HS prefix left out), strict about what it is.
export function parseCode(input: unknown): ParsedCode {
  if (typeof input !== 'string') return { ok: false, reason: 'empty' }
  const compact = input.normalize('NFKC').toUpperCase().replace(/[\s._\-–—]+/g, '')
  if (!compact) return { ok: false, reason: 'empty' }
  const chars = compact.length === BODY_LENGTH + 1 + CODE_PREFIX.length && compact.startsWith(CODE_PREFIX) ? compact.slice(CODE_PREFIX.length) : compact
  if (chars.length !== BODY_LENGTH + 1 || ![...chars].every((char) => CODE_ALPHABET.includes(char))) return { ok: false, reason: 'malformed' }
  const body = chars.slice(0, BODY_LENGTH)
  if (checkCharacter(body) !== chars[BODY_LENGTH]) return { ok: false, reason: 'malformed' }
  return { ok: true, code: format(chars) }
}

// ASCII only, so it is safe in a Content-Disposition filename.
export function isCanonicalCode(value: string): boolean {
  return CODE_PATTERN.test(value) && parseCode(value).ok
}
