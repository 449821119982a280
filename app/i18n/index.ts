import { en } from './en'
import { type MessageKey, vi } from './vi'

export type { MessageKey }
export const LOCALES = ['vi', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'vi'

const catalogs: Record<Locale, Record<MessageKey, string>> = { vi, en }

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string

export function translator(locale: Locale): Translate {
  const catalog = catalogs[locale]
  return (key, params) => {
    const template = catalog[key]
    if (!params || template === undefined) return template
    return template.replace(/\{(\w+)\}/g, (match, name: string) =>
      name in params ? String(params[name]) : match,
    )
  }
}
