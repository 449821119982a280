import { type LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '~/auth/guards.server'
import { actorFor } from '~/auth/manage.server'
import { reportCsv } from '~/classes/report'
import { organizationReport } from '~/classes/report.server'
import { translator } from '~/i18n'
import { vietnamDay } from '~/lib/dates'
import { parsePreferences } from '~/lib/preferences'

// Enough for a province's follow-up list; the page shows the first 50.
const CSV_OVERDUE_LIMIT = 20_000

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'report:view')
  const report = await organizationReport(await actorFor(user), params.orgId ?? '', { now: new Date(), overdueLimit: CSV_OVERDUE_LIMIT })
  if (!report) throw new Response('Not found', { status: 404 })
  const t = translator(parsePreferences(request.headers.get('Cookie')).locale)
  // The file is named after the day in Vietnam, as the dates inside it are.
  const day = vietnamDay(report.generatedAt)
  return new Response(reportCsv(report, t), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      // Codes are [A-Za-z0-9_.-] (organisation import), safe in a header.
      'Content-Disposition': `attachment; filename="bao-cao-${report.organization.code}-${day}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
