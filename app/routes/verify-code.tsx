import { type LoaderFunctionArgs, type MetaFunction, data, redirect } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { parseCode } from '~/certificates/code'
import { hitRateLimit } from '~/auth/rate-limit.server'
import { verifyCode } from '~/certificates/verify.server'
import { getEnv } from '~/env.server'
import { type RouteHandle } from '~/root'
import { pageTitle } from '~/ui/meta'
import { useLocale, useT } from '~/ui/use-t'
import { VerifyForm } from '~/ui/verify-form'
import { forwardHeaders } from '~/lib/headers'

// Public, no login, no JavaScript. Never cached (a revocation must show at
// once; the page cache only keeps /khoa-hoc… and /quyen-rieng-tu anyway),
// and rate-limited per address against guessing codes.
export const handle: RouteHandle = { hydrate: false }

export const meta: MetaFunction = (args) => [...pageTitle(args, 'verify.title'), { name: 'robots', content: 'noindex' }]

const NO_STORE = { 'Cache-Control': 'no-store' }

export async function loader({ params, context }: LoaderFunctionArgs) {
  const input = params.code ?? ''
  const parsed = parseCode(input)
  // A hand-typed address (lower case, no dashes) goes to the canonical one.
  if (parsed.ok && parsed.code !== input) throw redirect(`/verify/${parsed.code}`)
  const limit = await verifyLookupAllowed(context.clientIp)
  if (!limit.allowed) {
    return data(
      { result: { status: 'rate-limited' as const, seconds: limit.retryAfterSec, limit: getEnv().CERTIFICATE_VERIFY_PER_MINUTE } },
      { status: 429, headers: { ...NO_STORE, 'Retry-After': String(limit.retryAfterSec) } },
    )
  }
  const result = await verifyCode(input)
  const status = result.status === 'unknown' ? 404 : result.status === 'malformed' ? 400 : 200
  return data({ result }, { status, headers: NO_STORE })
}

// no-store from the loader, and a 429's Retry-After, reach the browser.
export const headers = forwardHeaders

// Against guessing codes in bulk: counted in the database, so every process
// and machine behind a load balancer shares one count per client address.
function verifyLookupAllowed(clientIp: string | null) {
  const limit = getEnv().CERTIFICATE_VERIFY_PER_MINUTE
  if (limit === 0) return Promise.resolve({ allowed: true, retryAfterSec: 0 })
  return hitRateLimit(`verify-ip:${clientIp ?? 'unknown'}`, { limit, windowMs: 60_000 })
}

function formatDay(day: string, locale: string) {
  const [year, month, date] = day.split('-').map(Number)
  return new Intl.DateTimeFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year!, month! - 1, date!)),
  )
}

export default function VerifyCodeRoute() {
  const t = useT()
  const locale = useLocale()
  const { result } = useLoaderData<typeof loader>()
  const when = (iso: string) =>
    new Intl.DateTimeFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(iso))

  if (result.status === 'rate-limited') {
    return (
      <div className="container page narrow">
        <h1>{t('verify.tooMany')}</h1>
        <p role="alert">{t('verify.tooManyLead', { limit: result.limit, seconds: result.seconds })}</p>
      </div>
    )
  }
  if (result.status === 'malformed') {
    return (
      <div className="container page narrow">
        <h1>{t('verify.heading')}</h1>
        <VerifyForm typed={result.input} error="verify.malformed" />
      </div>
    )
  }
  const heading =
    result.status === 'valid' ? t('verify.valid') : result.status === 'revoked' ? t('verify.revoked') : result.status === 'invalid' ? t('verify.invalid') : t('verify.unknown')
  const good = result.status === 'valid'
  return (
    <div className="container page narrow">
      <p>{t('verify.heading')}</p>
      {/* The outcome is the heading and the first words, never a colour alone. */}
      <h1 className={good ? 'verify-status verify-status--valid' : 'verify-status verify-status--bad'}>
        <span aria-hidden="true">{good ? '✓ ' : '✗ '}</span>
        {heading}
      </h1>
      <p className="lead">
        {result.status === 'valid'
          ? t('verify.validLead')
          : result.status === 'revoked'
            ? t('verify.revokedLead', { date: when(result.revokedAt) })
            : result.status === 'invalid'
              ? t('verify.invalidLead', { code: result.code })
              : t('verify.unknownLead', { code: result.code })}
      </p>
      {result.status === 'revoked' && result.reason ? <p>{t('verify.revokedReason', { reason: result.reason })}</p> : null}
      {result.status === 'valid' || result.status === 'revoked' ? (
        <dl className="details">
          <dt>{t('certificate.holder')}</dt>
          <dd>{result.details.holderName || t('verify.holderDeleted')}</dd>
          {result.details.position || result.details.agency ? (
            <>
              <dt>{t('certificate.position')}</dt>
              <dd>{[result.details.position, result.details.agency].filter(Boolean).join(', ')}</dd>
            </>
          ) : null}
          {result.details.organization ? (
            <>
              <dt>{t('certificate.organization')}</dt>
              <dd>{result.details.organization}</dd>
            </>
          ) : null}
          <dt>{t('certificate.course')}</dt>
          <dd>{result.details.courseTitle}</dd>
          <dt>{t('certificate.issuedOn')}</dt>
          <dd>{formatDay(result.details.issuedOn, locale)}</dd>
          <dt>{t('certificate.code')}</dt>
          <dd>
            <code>{result.code}</code>
          </dd>
        </dl>
      ) : null}
      <p>{t('verify.howItWorks')}</p>
      <p>
        <Link to="/verify">{t('verify.another')}</Link>
      </p>
    </div>
  )
}
