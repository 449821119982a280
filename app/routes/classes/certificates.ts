import { type LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '~/auth/guards.server'
import { actorFor } from '~/auth/manage.server'
import { classCertificates, classCertificatesCsv, classCertificatesZip } from '~/classes/certificates.server'
import { exportFileName } from '~/classes/export'

// /lop-hoc/:id/chung-nhan/chung-nhan.zip (every valid PDF and the list) and
// /lop-hoc/:id/chung-nhan/chung-nhan.csv (the list alone).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await actorFor(await requirePermission(request, 'class:manage'))
  const format = params.file === 'chung-nhan.zip' ? 'zip' : params.file === 'chung-nhan.csv' ? 'csv' : null
  const found = format ? await classCertificates(actor, params.id ?? '') : null
  if (!found || !format) throw new Response('Not found', { status: 404 })
  const name = exportFileName(found.className, new Date(), format, 'chung-nhan')
  const headers = { 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'private, no-store' }
  if (format === 'csv') return new Response(classCertificatesCsv(found.rows), { headers: { ...headers, 'Content-Type': 'text/csv; charset=utf-8' } })
  return new Response(new Uint8Array(await classCertificatesZip(found.rows)), { headers: { ...headers, 'Content-Type': 'application/zip' } })
}
