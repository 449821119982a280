import { expect, test } from 'vitest'
import { DEFAULT_PREFERENCES, parsePreferences, serializePreferences } from '~/lib/preferences'

test('preferences survive a round trip through the cookie', () => {
  const prefs = { locale: 'en', textSize: 'large', contrast: 'high' } as const
  const setCookie = serializePreferences(prefs, { secure: false })
  const cookieHeader = setCookie.split(';')[0] ?? ''
  expect(parsePreferences(`other=1; ${cookieHeader}`)).toEqual(prefs)
})

test('a missing or tampered cookie falls back to Vietnamese defaults', () => {
  expect(parsePreferences(null)).toEqual(DEFAULT_PREFERENCES)
  expect(parsePreferences('hs_prefs=lang%3Dxx%26text%3Dhuge')).toEqual(DEFAULT_PREFERENCES)
  expect(parsePreferences('hs_prefs=%E0%A4%A')).toEqual(DEFAULT_PREFERENCES)
})

test('the cookie is HttpOnly and SameSite, and Secure over HTTPS', () => {
  const cookie = serializePreferences(DEFAULT_PREFERENCES, { secure: true })
  expect(cookie).toContain('HttpOnly')
  expect(cookie).toContain('SameSite=Lax')
  expect(cookie).toContain('Secure')
  expect(serializePreferences(DEFAULT_PREFERENCES, { secure: false })).not.toContain('Secure')
})
