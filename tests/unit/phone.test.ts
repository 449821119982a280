import { expect, test } from 'vitest'
import { parseLoginIdentifier } from '~/lib/login-identifier'
import { formatVietnamesePhone, normalizeVietnamesePhone } from '~/lib/phone'

test('the common ways of writing one mobile number give one account', () => {
  const forms = ['0912 345 678', '+84 912345678', '84912345678', '0912.345.678', '0912-345-678', '+84 0912 345 678']
  for (const form of forms) expect(normalizeVietnamesePhone(form)).toBe('+84912345678')
})

test('numbers that are not Vietnamese mobiles are rejected', () => {
  for (const bad of ['', '12345', '0212 345 678', '091234567', '09123456789', '+1 415 555 0100', '09a2345678']) {
    expect(normalizeVietnamesePhone(bad)).toBeNull()
  }
})

test('a stored number is shown the way people write it', () => {
  expect(formatVietnamesePhone('+84912345678')).toBe('0912 345 678')
})

test('a login is a phone number or a lower-cased email', () => {
  expect(parseLoginIdentifier(' 0912 345 678 ')).toEqual({ type: 'phone', value: '+84912345678' })
  expect(parseLoginIdentifier('Ten@CoQuan.gov.vn')).toEqual({ type: 'email', value: 'ten@coquan.gov.vn' })
  expect(parseLoginIdentifier('not-an-email@')).toBeNull()
  expect(parseLoginIdentifier('hello')).toBeNull()
})
