import { type LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '~/auth/guards.server'
import { actorFor } from '~/auth/manage.server'
import { exportFileName, matrixCsv } from '~/classes/export'
import { matrixXlsx } from '~/classes/export-xlsx.server'
import { classMatrix } from '~/classes/matrix.server'

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

// The progress matrix with attendance, as a file for the agency's records.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await actorFor(await requirePermission(request, 'class:manage'))
  const format = params.file === 'bang-tien-do.csv' ? 'csv' : params.file === 'bang-tien-do.xlsx' ? 'xlsx' : null
  const now = new Date()
  const matrix = format ? await classMatrix(actor, params.id ?? '', now) : null
  if (!matrix || !format) throw new Response('Not found', { status: 404 })
  const headers = {
    'Content-Disposition': `attachment; filename="${exportFileName(matrix.className, now, format)}"`,
    'Cache-Control': 'private, no-store',
  }
  if (format === 'csv') return new Response(matrixCsv(matrix), { headers: { ...headers, 'Content-Type': 'text/csv; charset=utf-8' } })
  return new Response(new Uint8Array(await matrixXlsx(matrix)), { headers: { ...headers, 'Content-Type': XLSX_TYPE } })
}
