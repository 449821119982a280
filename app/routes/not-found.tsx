import { type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { type loader as rootLoader } from '~/root'
import { DEFAULT_LOCALE, translator } from '~/i18n'
import { NotFoundContent } from '~/ui/error-page'

// A real 404 status for unknown addresses, rendered inside the normal layout.
export async function loader(_args: LoaderFunctionArgs) {
  return data(null, { status: 404 })
}

export async function action(_args: LoaderFunctionArgs) {
  return data(null, { status: 404 })
}

export const meta: MetaFunction<typeof loader, { root: typeof rootLoader }> = ({ matches }) => {
  const root = matches.find((match) => match.id === 'root')?.data
  return [{ title: translator(root?.preferences.locale ?? DEFAULT_LOCALE)('notFound.title') }]
}

export default function NotFound() {
  return <NotFoundContent />
}
