import { type MetaArgs } from '@remix-run/node'
import { DEFAULT_LOCALE, type MessageKey, isLocale, translator } from '~/i18n'

// Page titles follow the visitor's language, which the root loader decided.
export function pageTitle({ matches }: Pick<MetaArgs, 'matches'>, key: MessageKey) {
  const root = matches.find((match) => match.id === 'root')?.data as
    | { preferences?: { locale?: string } }
    | undefined
  const locale = root?.preferences?.locale
  const t = translator(isLocale(locale) ? locale : DEFAULT_LOCALE)
  return [{ title: `${t(key)} — ${t('site.name')}` }]
}
