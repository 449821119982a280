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
