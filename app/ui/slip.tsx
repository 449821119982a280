import { useId } from 'react'
import { formatVietnamesePhone } from '~/lib/phone'
import { useT } from './use-t'

export type SlipData = { name: string; login: string; temporaryPassword: string; siteUrl: string }

// What a trainer prints and hands to a learner with no email: everything
// needed to sign in the first time, and nothing else.
export function LoginSlip({ slip, notice = true }: { slip: SlipData; notice?: boolean }) {
  const t = useT()
  const headingId = useId()
  const login = slip.login.startsWith('+84') ? formatVietnamesePhone(slip.login) : slip.login
  return (
    <>
      {notice ? (
        <p className="alert alert--success no-print" role="status">
          {t('slip.print')}
        </p>
      ) : null}
      <article className="slip" aria-labelledby={headingId}>
        <h2 id={headingId}>{t('slip.heading')}</h2>
        <dl className="definition-list">
          <dt>{t('slip.name')}</dt>
          <dd>{slip.name}</dd>
          <dt>{t('slip.login')}</dt>
          <dd className="slip__code">{login}</dd>
          <dt>{t('slip.password')}</dt>
          <dd className="slip__code">{slip.temporaryPassword}</dd>
          <dt>{t('slip.site')}</dt>
          <dd className="slip__code">{slip.siteUrl}</dd>
        </dl>
        <p>{t('slip.steps')}</p>
      </article>
    </>
  )
}
