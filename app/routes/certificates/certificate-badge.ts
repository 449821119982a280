import { type LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/auth/guards.server'
import { certificateBadgeFor } from '~/certificates/downloads.server'
import { getOwnCertificate } from '~/certificates/issue.server'

// The Open Badges 3.0 credential as a VC 2.0 enveloped credential (JSON).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const own = await getOwnCertificate(user.id, params.code ?? '')
  const badge = own ? await certificateBadgeFor(own.code) : null
  if (!own || !badge) throw new Response('Not found', { status: 404 })
  return new Response(JSON.stringify(badge, null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="huy-hieu-${own.code}.json"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
