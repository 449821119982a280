import { DEFAULT_LOCALE, isLocale, type Locale } from '~/i18n'

// Display preferences live in a cookie rather than the database so that they
// work before sign-in, without JavaScript, and on the very first paint.
export const PREFERENCES_COOKIE = 'hs_prefs'
const ONE_YEAR_SECONDS = 60 * 60 * 24 * 365

export type TextSize = 'normal' | 'large'
export type Contrast = 'normal' | 'high'

export type Preferences = {
  locale: Locale
  textSize: TextSize
  contrast: Contrast
}

export const DEFAULT_PREFERENCES: Preferences = {
  locale: DEFAULT_LOCALE,
  textSize: 'normal',
  contrast: 'normal',
}

function readCookie(cookieHeader: string | null, name: string): string | null {
  if (!cookieHeader) return null
  for (const part of cookieHeader.split(';')) {
    const [rawKey, ...rest] = part.trim().split('=')
    if (rawKey === name) {
      try {
        return decodeURIComponent(rest.join('='))
      } catch {
        return null
      }
    }
  }
  return null
}

/** Whether this device has made any choice yet (a first visit has no cookie). */
export function hasPreferencesCookie(cookieHeader: string | null): boolean {
  return readCookie(cookieHeader, PREFERENCES_COOKIE) !== null
}

/** The choices kept with an account, read as safely as the cookie. */
export function accountPreferences(user: { locale: string; textSize: string; contrast: string }): Preferences {
  return {
    locale: isLocale(user.locale) ? user.locale : DEFAULT_PREFERENCES.locale,
    textSize: user.textSize === 'large' ? 'large' : 'normal',
    contrast: user.contrast === 'high' ? 'high' : 'normal',
  }
}

export function parsePreferences(cookieHeader: string | null): Preferences {
  const raw = readCookie(cookieHeader, PREFERENCES_COOKIE)
  if (!raw) return DEFAULT_PREFERENCES
  const params = new URLSearchParams(raw)
  const locale = params.get('lang')
  return {
    locale: isLocale(locale) ? locale : DEFAULT_PREFERENCES.locale,
    textSize: params.get('text') === 'large' ? 'large' : 'normal',
    contrast: params.get('contrast') === 'high' ? 'high' : 'normal',
  }
}

export function serializePreferences(prefs: Preferences, { secure }: { secure: boolean }): string {
  const value = new URLSearchParams({
    lang: prefs.locale,
    text: prefs.textSize,
    contrast: prefs.contrast,
  }).toString()
  const attributes = [
    `${PREFERENCES_COOKIE}=${encodeURIComponent(value)}`,
    'Path=/',
    `Max-Age=${ONE_YEAR_SECONDS}`,
    'SameSite=Lax',
    'HttpOnly',
  ]
  if (secure) attributes.push('Secure')
  return attributes.join('; ')
}
