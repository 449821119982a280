import { createHash } from 'node:crypto'

// Does a public document (a badge) give away a holder's phone or email, in
// clear or hashed? Every string in it, and every word of those strings, is
// tried as a salt before and after each way of writing the login, so a
// salted hash is found whatever the salt is called or where it sits.
function variants(login: string): string[] {
  if (/^\+84\d{9}$/.test(login)) return [login, `0${login.slice(3)}`, login.slice(1), login.slice(3)]
  return [login, login.toLowerCase(), login.toUpperCase()]
}

function strings(value: unknown, out: Set<string>) {
  if (typeof value === 'string') {
    out.add(value)
    for (const word of value.split(/[^A-Za-z0-9_-]+/)) out.add(word)
    // A JWT or data: URL inside a string: its decoded parts too.
    for (const segment of value.split(/[.,]/)) {
      try {
        const decoded = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown
        strings(decoded, out)
      } catch {
        // not a JSON segment
      }
    }
  } else if (Array.isArray(value)) value.forEach((item) => strings(item, out))
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      strings(key, out)
      strings(item, out)
    }
  }
}

/** The leaks found: empty when the documents say nothing derived from the logins. */
export function loginLeaks(documents: unknown[], logins: string[]): string[] {
  const candidates = new Set<string>([''])
  for (const document of documents) strings(document, candidates)
  const text = [...candidates].join('\n')
  const leaks: string[] = []
  if (/sha256\$|^salt$|emailAddress|phoneNumber/m.test(text)) leaks.push('a hashed login identifier or a salt')
  if (/[0-9a-f]{64}/i.test(text)) leaks.push('a 64-digit hex string')
  for (const login of logins.flatMap(variants)) {
    if (text.includes(login)) leaks.push(`the login ${login}`)
    for (const salt of candidates) {
      for (const input of [login + salt, salt + login]) {
        const digest = createHash('sha256').update(input).digest()
        for (const form of [digest.toString('hex'), digest.toString('base64'), digest.toString('base64url')]) {
          if (text.includes(form)) leaks.push(`sha256(${JSON.stringify(input)})`)
        }
      }
    }
  }
  return leaks
}
