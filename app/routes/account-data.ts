import { type LoaderFunctionArgs } from '@remix-run/node'
import { exportMyData } from '~/auth/accounts.server'
import { requireUser } from '~/auth/guards.server'
import { listCertificates } from '~/certificates/issue.server'
import { classRecordsOf } from '~/classes/classes.server'
import { invitationRecordsOf } from '~/classes/invitations.server'
import { learningRecordsOf } from '~/progress/track.server'

// The holder's copy of everything stored about them (Personal Data Protection Law).
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const [learningRecords, classRecords, classInvitations, certificates] = await Promise.all([
    learningRecordsOf(user.id),
    classRecordsOf(user.id),
    invitationRecordsOf(user.id),
    listCertificates(user.id),
  ])
  const body = JSON.stringify(await exportMyData(user.id, { learningRecords, ...classRecords, classInvitations, certificates }), null, 2)
  return new Response(body, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="hoc-so-du-lieu-cua-toi.json"`,
      'Cache-Control': 'no-store',
    },
  })
}
