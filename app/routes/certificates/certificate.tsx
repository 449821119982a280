import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireUser } from '~/auth/guards.server'
import { getOwnCertificate } from '~/certificates/issue.server'
import { siteUrl } from '~/env.server'
import { type RouteHandle } from '~/root'
import { pageTitle } from '~/ui/meta'
import { useLocale, useT } from '~/ui/use-t'

export const handle: RouteHandle = { hydrate: false }

export const meta: MetaFunction = (args) => pageTitle(args, 'certificate.title')

// The holder's own page; anyone else, signed in or not, gets the same 404
// as for a code that does not exist.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const certificate = await getOwnCertificate(user.id, params.code ?? '')
  if (!certificate) throw new Response('Not found', { status: 404 })
  const { row: _row, ...view } = certificate
  return { certificate: view, verifyUrl: `${siteUrl()}/verify/${view.code}` }
}

export default function CertificateRoute() {
  const t = useT()
  const locale = useLocale()
  const { certificate, verifyUrl } = useLoaderData<typeof loader>()
  const date = (iso: string) =>
    new Intl.DateTimeFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(iso))
  const base = `/chung-chi/${certificate.code}`
  return (
    <div className="container page narrow">
      <p>
        <Link to="/hoc-tap">{t('certificate.backToProgress')}</Link>
      </p>
      <h1>{t('certificate.heading')}</h1>
      {certificate.revokedAt ? (
        <p className="alert alert--error" role="alert">
          {t('certificate.revokedNotice', { date: date(certificate.revokedAt), reason: certificate.revokedReason ?? '—' })}
        </p>
      ) : null}
      <dl className="details">
        <dt>{t('certificate.course')}</dt>
        <dd>{certificate.courseTitle}</dd>
        <dt>{t('certificate.holder')}</dt>
        <dd>{certificate.holderName}</dd>
        <dt>{t('certificate.issuedOn')}</dt>
        <dd>{date(`${certificate.issuedOn}T12:00:00+07:00`)}</dd>
        <dt>{t('certificate.code')}</dt>
        <dd>
          <code>{certificate.code}</code>
        </dd>
      </dl>
      <section className="section" aria-labelledby="download-heading">
        <h2 id="download-heading">{t('certificate.downloadHeading')}</h2>
        <ul className="stack-list">
          <li>
            {/* Plain links: a file download needs no client-side routing. */}
            <a className="button" href={`${base}/pdf`} download>
              {t('certificate.downloadPdf')}
            </a>
          </li>
          <li>
            <a href={`${base}/huy-hieu.json`} download>
              {t('certificate.downloadBadge')}
            </a>
            <p className="field__hint">{t('certificate.badgeHelp')}</p>
          </li>
        </ul>
      </section>
      <section className="section" aria-labelledby="share-heading">
        <h2 id="share-heading">{t('certificate.shareHeading')}</h2>
        <p>{t('certificate.shareHelp')}</p>
        <div className="field">
          <label htmlFor="share-link">{t('certificate.shareLink')}</label>
          <input id="share-link" readOnly value={verifyUrl} spellCheck={false} />
        </div>
        <p>
          <a href={verifyUrl}>{verifyUrl}</a>
        </p>
      </section>
    </div>
  )
}
