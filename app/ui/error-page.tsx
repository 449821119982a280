import { Link } from '@remix-run/react'
import { useRequestInfo } from './request-context'
import { useT } from './use-t'

// Never shows the error itself: learners get a plain explanation and a code
// that support staff can look up in the server log.
export function ErrorPage({ status }: { status: number }) {
  const t = useT()
  const { requestId } = useRequestInfo()
  if (status === 404) return <NotFoundContent />
  const message =
    status === 403 ? t('error.forbidden') : status === 400 ? t('error.badRequest') : status === 413 ? t('error.tooLarge') : t('error.body')
  return (
    <div className="container page">
      <h1>{t('error.heading')}</h1>
      <p className="lead">{message}</p>
      {requestId ? <p className="muted">{t('error.reference', { id: requestId })}</p> : null}
      <p className="actions">
        <Link className="button" to="/">
          {t('notFound.home')}
        </Link>
      </p>
    </div>
  )
}

export function NotFoundContent() {
  const t = useT()
  return (
    <div className="container page">
      <h1>{t('notFound.heading')}</h1>
      <p className="lead">{t('notFound.body')}</p>
      <p className="actions">
        <Link className="button" to="/">
          {t('notFound.home')}
        </Link>
      </p>
    </div>
  )
}
