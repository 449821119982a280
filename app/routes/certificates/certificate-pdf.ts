import { type LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '~/auth/guards.server'
import { certificatePdfFor, pdfFilename } from '~/certificates/downloads.server'
import { getOwnCertificate } from '~/certificates/issue.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const own = await getOwnCertificate(user.id, params.code ?? '')
  const pdf = own ? await certificatePdfFor(own.code) : null
  if (!own || !pdf) throw new Response('Not found', { status: 404 })
  return new Response(pdf, {
    headers: {
      'Content-Type': 'application/pdf',
      // The code is ASCII by construction, so the plain filename form suffices.
      'Content-Disposition': `attachment; filename="${pdfFilename(own.code)}"`,
      'Content-Length': String(pdf.byteLength),
      'Cache-Control': 'private, no-store',
    },
  })
}
