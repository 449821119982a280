import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requirePermission } from '~/auth/guards.server'
import { actorFor } from '~/auth/manage.server'
import { findClass } from '~/classes/classes.server'
import { siteUrl } from '~/env.server'
import { qrMatrix } from '~/lib/qr.server'
import { type RouteHandle } from '~/root'
import { pageTitle } from '~/ui/meta'
import { QrCode } from '~/ui/qr-code'
import { useT } from '~/ui/use-t'

// A sheet to print and pin up at the ward office or the class room.
export const handle: RouteHandle = { hydrate: false }

export const meta: MetaFunction = (args) => pageTitle(args, 'classes.posterTitle')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await actorFor(await requirePermission(request, 'class:manage'))
  const cls = await findClass(actor, params.id ?? '')
  if (!cls) throw new Response('Not found', { status: 404 })
  const joinUrl = `${siteUrl()}/vao-lop/${cls.joinCode}`
  return {
    cls: { id: cls.id, name: cls.name, joinCode: cls.joinCode, scheduleNotes: cls.scheduleNotes, organization: cls.organization.name },
    joinUrl,
    site: siteUrl().replace(/^https?:\/\//, ''),
    matrix: qrMatrix(joinUrl),
  }
}

export default function PosterRoute() {
  const t = useT()
  const { cls, joinUrl, site, matrix } = useLoaderData<typeof loader>()
  return (
    <div className="container page poster">
      <p className="no-print">
        <Link to={`/lop-hoc/${cls.id}`}>← {cls.name}</Link> · {t('classes.posterPrintHint')}
      </p>
      <h1>{t('classes.posterHeading', { name: cls.name })}</h1>
      <p className="poster__org">{cls.organization}</p>
      {cls.scheduleNotes ? <p className="pre-line">{cls.scheduleNotes}</p> : null}
      <QrCode matrix={matrix} label={t('classes.posterQrLabel', { url: joinUrl })} className="poster__qr" />
      <ol className="poster__steps">
        <li>{t('classes.posterStep1')}</li>
        <li>{t('classes.posterStep2', { site })}</li>
        <li>
          {t('classes.posterStep3')} <strong className="join-code">{cls.joinCode}</strong>
        </li>
      </ol>
      <p className="break-all">{joinUrl}</p>
    </div>
  )
}
