// Short random identifiers for logs and public codes. Uses Web Crypto so the
// same helper runs in the browser and on the server.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'

export function randomId(length = 10): string {
  const bytes = new Uint8Array(length)
  crypto.getRandomValues(bytes)
  let out = ''
  for (const byte of bytes) out += ALPHABET[byte & 31]
  return out
}
