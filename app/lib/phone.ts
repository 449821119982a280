// Vietnamese mobile numbers are written many ways: 0912 345 678,
// +84 912 345 678, 84912345678, 0912.345.678. They are one account, so they
// are stored in one form: E.164 (+84 followed by nine digits).
const MOBILE_PREFIX = /^[35789]\d{8}$/

export function normalizeVietnamesePhone(input: string): string | null {
  const compact = input.trim().replace(/[\s.\-()]/g, '')
  if (!/^\+?\d+$/.test(compact)) return null
  let national: string
  if (compact.startsWith('+84')) national = compact.slice(3)
  else if (compact.startsWith('84') && compact.length === 11) national = compact.slice(2)
  else if (compact.startsWith('0')) national = compact.slice(1)
  else return null
  // Some people keep the trunk zero after the country code: +84 0912 345 678.
  if (national.length === 10 && national.startsWith('0')) national = national.slice(1)
  return MOBILE_PREFIX.test(national) ? `+84${national}` : null
}

// How a stored number is shown back to people: 0912 345 678.
export function formatVietnamesePhone(e164: string): string {
  const national = e164.startsWith('+84') ? `0${e164.slice(3)}` : e164
  return national.replace(/^(\d{4})(\d{3})(\d{3})$/, '$1 $2 $3')
}

/** How an account's login reads on a page or a sheet: the phone as people write it (0912 345 678), else the email. */
export function loginText(account: { phone: string | null; email: string | null }): string {
  return account.phone ? formatVietnamesePhone(account.phone) : (account.email ?? '')
}
