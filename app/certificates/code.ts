// Public certificate codes such as HS-7K3M-Q9PX: read aloud over the phone,
// typed by people who may not see well, printed on paper. The alphabet leaves
// out 0/O, 1/I/L and U (which reads as V), and the last character is a Luhn
// mod N check, so a single wrong character or two swapped neighbours are
// reported as a typo instead of being looked up.
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ'
const N = CODE_ALPHABET.length
const BODY_LENGTH = 7
export const CODE_PREFIX = 'HS'
export const CODE_PATTERN = /^HS-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/

function checkCharacter(body: string): string {
  // Luhn mod N: double every second value from the right (the check
  // character itself will sit at the rightmost place).
  let sum = 0
  let factor = 2
  for (let i = body.length - 1; i >= 0; i -= 1) {
    let addend = factor * CODE_ALPHABET.indexOf(body[i]!)
    addend = Math.floor(addend / N) + (addend % N)
    sum += addend
    factor = factor === 2 ? 1 : 2
  }
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
