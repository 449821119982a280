import { normalizeVietnamesePhone } from './phone'

export type LoginIdentifier = { type: 'phone'; value: string } | { type: 'email'; value: string }

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

// A person signs in with whichever they have: a mobile number or an email.
export function parseLoginIdentifier(input: string): LoginIdentifier | null {
  const trimmed = input.trim()
  if (trimmed.includes('@')) {
    const email = trimmed.toLowerCase()
    return EMAIL.test(email) && email.length <= 254 ? { type: 'email', value: email } : null
  }
  const phone = normalizeVietnamesePhone(trimmed)
  return phone ? { type: 'phone', value: phone } : null
}
