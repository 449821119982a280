// Where a page may send someone after a form (?redirectTo=…): a path on this
// site, never another one. "Same site" is decided the way a browser decides
// it: the value is resolved by the WHATWG URL parser and must keep the
// origin it was resolved against. Before resolving, browsers drop tabs and
// newlines and read "\" as "/", so "/\t/evil.example" lands on evil.example:
// control characters and backslashes are refused outright, wherever they are.
//
// The answer is the parsed path, query and fragment, which the parser has
// percent-encoded to ASCII, so it can go into a Location header as it is
// (a raw "Nguyễn", CR or LF there makes the response itself fail).
//
// Any origin of our own works as the base: a relative path keeps whichever
// origin it is resolved against, and the one kind of value that could name
// that origin itself ("//host/…") is refused by the leading-"//" rule. A
// fixed one keeps this module free of server settings, for the browser too.
const BASE = new URL('http://hoc-so.invalid')

// Longer than any address of the site; the form field cap is larger still, so
// a path this returns always survives a round trip through a hidden input.
export const MAX_REDIRECT_CHARS = 1000

const HEADER_SAFE = /^\/[\u0021-\u007e]*$/

export function safeRedirectPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length > MAX_REDIRECT_CHARS) return fallback
  if (!value.startsWith('/') || value.startsWith('//') || hasRefusedCharacter(value)) return fallback
  let url: URL
  try {
    url = new URL(value, BASE)
  } catch {
    return fallback
  }
  if (url.origin !== BASE.origin) return fallback
  const path = `${url.pathname}${url.search}${url.hash}`
  // Dot segments collapse while parsing: "/.//evil.example" comes out as the
  // scheme-relative "//evil.example".
  if (path.startsWith('//') || path.length > MAX_REDIRECT_CHARS || !HEADER_SAFE.test(path)) return fallback
  return path
}

// U+0000–U+001F, U+007F and the backslash.
function hasRefusedCharacter(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index)
    if (code < 0x20 || code === 0x7f || code === 0x5c) return true
  }
  return false
}

// Where a sign-up without a redirectTo lands: the learning page, which greets
// the new learner when it sees WELCOME_PARAM.
export const WELCOME_PARAM = 'chao-mung'
export const AFTER_SIGNUP = `/hoc-tap?${WELCOME_PARAM}=1`
