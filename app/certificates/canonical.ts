// RFC 8785 (JSON Canonicalization Scheme) for the values a certificate
// payload may hold: strings, safe integers, booleans, null, plain objects and
// arrays. Anything else is refused rather than guessed at: a float's text
// form, an undefined property silently dropped or a Date turned into a string
// would make the signed bytes depend on who serialised them.
//
// Strings must already be NFC: Unicode gives "Nguyễn" two byte forms that
// look the same, and a name must have exactly one signed form.
export class CanonicalizationError extends Error {}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

function serialize(value: unknown, path: string): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      if (!Number.isSafeInteger(value)) throw new CanonicalizationError(`${path}: only safe integers are allowed, got ${value}`)
      // -0 serialises as 0, as RFC 8785 requires.
      return String(value === 0 ? 0 : value)
    case 'string':
      if (LONE_SURROGATE.test(value)) throw new CanonicalizationError(`${path}: string holds a lone surrogate`)
      if (value.normalize('NFC') !== value) throw new CanonicalizationError(`${path}: string is not in Unicode NFC`)
      // ECMAScript's JSON string form is the one RFC 8785 prescribes.
      return JSON.stringify(value)
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((item, index) => serialize(item, `${path}[${index}]`)).join(',')}]`
      const proto = Object.getPrototypeOf(value) as unknown
      if (proto !== Object.prototype && proto !== null) throw new CanonicalizationError(`${path}: only plain objects are allowed`)
      // Default sort compares UTF-16 code units, which is RFC 8785's order.
      const keys = Object.keys(value).sort()
      const members = keys.map((key) => {
        const member = (value as Record<string, unknown>)[key]
        if (member === undefined) throw new CanonicalizationError(`${path}.${key}: undefined is not a JSON value`)
        return `${serialize(key, `${path}.${key}`)}:${serialize(member, `${path}.${key}`)}`
      })
      return `{${members.join(',')}}`
    }
    default:
      throw new CanonicalizationError(`${path}: ${typeof value} is not a JSON value`)
  }
}

export function canonicalize(value: unknown): string {
  return serialize(value, '$')
}

export function canonicalBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalize(value))
}

// True when `text` is exactly the canonical form of what it parses to.
export function isCanonicalJson(text: string): boolean {
  try {
    return canonicalize(JSON.parse(text)) === text
  } catch {
    return false
  }
}
