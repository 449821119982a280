import { type MetaFunction } from '@remix-run/node'
import { PRIVACY_NOTICE } from '~/i18n/privacy'
import { type RouteHandle } from '~/root'
import { pageTitle } from '~/ui/meta'
import { useLocale } from '~/ui/use-t'

export const meta: MetaFunction = (args) => pageTitle(args, 'privacy.title')
export const handle: RouteHandle = { hydrate: false }

export default function PrivacyRoute() {
  const notice = PRIVACY_NOTICE[useLocale()]
  return (
    <div className="container page">
      <h1>{notice.title}</h1>
      <p className="muted">{notice.updated}</p>
      <p className="lead">{notice.intro}</p>
      {notice.sections.map((section) => (
        <section key={section.heading}>
          <h2>{section.heading}</h2>
          {section.paragraphs.map((paragraph) => (
            <p key={paragraph}>{paragraph}</p>
          ))}
        </section>
      ))}
    </div>
  )
}
