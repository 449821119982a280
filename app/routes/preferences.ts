import { type ActionFunctionArgs, redirect } from '@remix-run/node'
import { saveDisplayPreferences } from '~/auth/accounts.server'
import { getUserId } from '~/auth/guards.server'
import { isLocale } from '~/i18n'
import { readFormData } from '~/lib/form-data.server'
import { parsePreferences, serializePreferences } from '~/lib/preferences'
import { safeRedirectPath } from '~/lib/safe-redirect'

// Each button of the preferences bar posts one field; the others keep their value.
export async function action({ request }: ActionFunctionArgs) {
  const form = await readFormData(request)
  const current = parsePreferences(request.headers.get('Cookie'))
  const lang = form.get('lang')
  const text = form.get('text')
  const contrast = form.get('contrast')
  const next = {
    locale: isLocale(lang) ? lang : current.locale,
    textSize: text === 'large' || text === 'normal' ? text : current.textSize,
    contrast: contrast === 'high' || contrast === 'normal' ? contrast : current.contrast,
  }
  // Signed in, the choice follows the account to the next device too.
  const userId = await getUserId(request)
  if (userId) await saveDisplayPreferences(userId, next)
  const secure = new URL(request.url).protocol === 'https:'
  return redirect(safeRedirectPath(form.get('redirectTo')), {
    headers: { 'Set-Cookie': serializePreferences(next, { secure }) },
  })
}

export async function loader() {
  return redirect('/')
}
