// One form for every text we keep or compare: the same name typed with
// precomposed letters (NFC, what most keyboards send) or with combining
// accents (NFD, some phone keyboards and macOS file names) must be the same
// string, or a search, a duplicate check or a sort tells them apart.
export function toNFC(text: string): string {
  return text.normalize('NFC')
}

/** Every string inside a parsed JSON body, in NFC (keys too). */
export function toNFCDeep(value: unknown): unknown {
  if (typeof value === 'string') return toNFC(value)
  if (Array.isArray(value)) return value.map(toNFCDeep)
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [toNFC(key), toNFCDeep(inner)]))
  }
  return value
}

/** A GET parameter a person typed (a search box): trimmed, NFC, at most `max` characters. */
export function queryParam(url: URL | string, name: string, max = 100): string {
  const value = new URL(url).searchParams.get(name) ?? ''
  return toNFC(value).trim().slice(0, max)
}

// "Đăng ký tạm trú", "dang ky tam tru" and "ĐĂNG KÝ TẠM TRÚ" must find each
// other: many learners type without diacritics on a phone keyboard.
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
}

export function searchTokens(query: string): string[] {
  return foldVietnamese(query)
    .split(/[^a-z0-9]+/)
    .filter((token) => token.length > 0)
    .slice(0, 12)
}
