import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getLesson } from '~/content/catalog.server'
import { Glossary, LessonBody } from '~/content/mdx'
import { type RouteHandle } from '~/root'
import { useRequestInfo } from '~/ui/request-context'
import { useT } from '~/ui/use-t'

// Lessons are read, not operated: no hydration, so a phone on 3G downloads
// HTML, CSS and fonts only (ADR 005). The listen button is a tiny script.
export const handle: RouteHandle = { hydrate: false }

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.lesson.title} — ${data.course.title} — Học Số` },
        { name: 'description', content: data.lesson.summary },
      ]
    : []

export async function loader({ params }: LoaderFunctionArgs) {
  const found = getLesson(params.course ?? '', params.lesson ?? '')
  if (!found) throw new Response('Not found', { status: 404 })
  const { course, lesson, previous, next, bundle } = found
  return {
    course: { slug: course.slug, title: course.title, total: course.lessons.length },
    lesson,
    previous: previous ? { slug: previous.slug, title: previous.title } : null,
    next: next ? { slug: next.slug, title: next.title } : null,
    code: bundle.code,
    glossary: bundle.glossary,
  }
}

export default function LessonRoute() {
  const t = useT()
  const { nonce } = useRequestInfo()
  const { course, lesson, previous, next, code, glossary } = useLoaderData<typeof loader>()
  const base = `/khoa-hoc/${course.slug}`
  return (
    <article className="container page lesson">
      <p className="no-print">
        <Link to={base}>{course.title}</Link>
      </p>
      <p className="muted">
        {t('lesson.position', { position: lesson.position, total: course.total })} ·{' '}
        {t('lesson.minutes', { minutes: lesson.minutes })}
      </p>
      {/* Lessons are written in Vietnamese whatever the interface language. */}
      <h1 lang="vi">{lesson.title}</h1>
      <p className="lead" lang="vi">
        {lesson.summary}
      </p>
      <div className="listen no-print">
        <button
          type="button"
          id="listen"
          className="button button--secondary"
          hidden
          aria-pressed="false"
          data-listen={t('lesson.listen')}
          data-stop={t('lesson.listenStop')}
        >
          {t('lesson.listen')}
        </button>
        <p id="listen-status" role="status" hidden data-no-voice={t('lesson.noVoice')} />
      </div>
      <section className="objectives" aria-label={t('lesson.objectives')}>
        <p>{t('lesson.objectives')}</p>
        <ul lang="vi">
          {lesson.objectives.map((objective) => (
            <li key={objective}>{objective}</li>
          ))}
        </ul>
      </section>
      <div className="lesson-body" lang="vi">
        <LessonBody code={code} />
      </div>
      <div lang="vi">
        <Glossary entries={glossary} />
      </div>
      <nav className="pager no-print" aria-label={course.title}>
        {previous ? (
          <Link to={`${base}/${previous.slug}`} rel="prev">
            ← {t('lesson.previous')}: {previous.title}
          </Link>
        ) : (
          <Link to={base}>← {t('lesson.backToCourse')}</Link>
        )}
        {next ? (
          <Link to={`${base}/${next.slug}`} rel="next" className="button">
            {t('lesson.next')}: {next.title} →
          </Link>
        ) : (
          <Link to={`${base}/kiem-tra`} className="button">
            {t('lesson.toQuiz')} →
          </Link>
        )}
      </nav>
      <script src="/listen.js" nonce={nonce} defer />
    </article>
  )
}
