import { type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { parseCode } from '~/certificates/code'
import { type RouteHandle } from '~/root'
import { pageTitle } from '~/ui/meta'
import { useT } from '~/ui/use-t'
import { VerifyForm } from '~/ui/verify-form'

// A GET form, so it works without JavaScript and the result has its own
// address: a valid code goes to /verify/<code> in its canonical form.
export const handle: RouteHandle = { hydrate: false }

export const meta: MetaFunction = (args) => pageTitle(args, 'verify.title')

export async function loader({ request }: LoaderFunctionArgs) {
  const typed = new URL(request.url).searchParams.get('code')
  if (typed === null) return { typed: '', error: null }
  const parsed = parseCode(typed)
  if (parsed.ok) throw redirect(`/verify/${parsed.code}`)
  return { typed: typed.slice(0, 40), error: parsed.reason === 'empty' ? ('verify.empty' as const) : ('verify.malformed' as const) }
}

export default function VerifyRoute() {
  const t = useT()
  const { typed, error } = useLoaderData<typeof loader>()
  return (
    <div className="container page narrow">
      <h1>{t('verify.heading')}</h1>
      <p className="lead">{t('verify.lead')}</p>
      <VerifyForm typed={typed} error={error} />
      <p>{t('verify.howItWorks')}</p>
    </div>
  )
}
