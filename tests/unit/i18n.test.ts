import { expect, test } from 'vitest'
import { translator } from '~/i18n'
import { en } from '~/i18n/en'
import { vi } from '~/i18n/vi'

test('English has exactly the Vietnamese keys', () => {
  expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort())
})

test('every message is non-empty and NFC-normalised', () => {
  for (const catalog of [vi, en]) {
    for (const [key, message] of Object.entries(catalog)) {
      expect(message.trim(), key).not.toBe('')
      expect(message, key).toBe(message.normalize('NFC'))
    }
  }
})

test('placeholders are filled and unknown ones are left visible', () => {
  const t = translator('vi')
  expect(t('error.reference', { id: 'abc123' })).toBe('Mã lỗi để báo cho người hỗ trợ: abc123')
  expect(t('error.reference')).toContain('{id}')
})
