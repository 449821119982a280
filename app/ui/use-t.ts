import { useRouteLoaderData } from '@remix-run/react'
import { DEFAULT_LOCALE, type Locale, type Translate, translator } from '~/i18n'
import { DEFAULT_PREFERENCES, type Preferences } from '~/lib/preferences'

export type CurrentUser = { name: string; canManage: boolean; mustChangePassword: boolean }
type RootData = { preferences: Preferences; user: CurrentUser | null }

// The root loader decides the preferences once per request; every component
// reads them from there, and falls back to defaults on error pages where the
// root loader may not have run.
export function usePreferences(): Preferences {
  const data = useRouteLoaderData('root') as RootData | undefined
  return data?.preferences ?? DEFAULT_PREFERENCES
}

export function useLocale(): Locale {
  return usePreferences().locale ?? DEFAULT_LOCALE
}

export function useT(): Translate {
  return translator(useLocale())
}

export function useCurrentUser(): CurrentUser | null {
  const data = useRouteLoaderData('root') as RootData | undefined
  return data?.user ?? null
}
