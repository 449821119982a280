import { expect, test } from 'vitest'
import { parseCode } from '~/certificates/code'
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

// A hint that fails its own check would teach learners that a real-looking
// code is "wrong": every example code a catalog shows must pass parseCode.
test('every example certificate code in the catalogs passes its check character', () => {
  let examples = 0
  for (const catalog of [vi, en]) {
    for (const [key, message] of Object.entries(catalog)) {
      for (const [example] of message.matchAll(/\bHS-[0-9A-Z]{4}-[0-9A-Z]{4}\b/g)) {
        if (example === 'HS-XXXX-XXXX') continue
        examples += 1
        expect(parseCode(example), `${key}: ${example}`).toEqual({ ok: true, code: example })
      }
    }
  }
  expect(examples).toBeGreaterThan(0)
})
