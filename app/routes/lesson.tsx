import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getUser, isSecureRequest } from '~/auth/guards.server'
import { getLesson } from '~/content/catalog.server'
import { Glossary, LessonBody } from '~/content/mdx'
import { readFormData } from '~/lib/form-data.server'
import { forwardHeaders } from '~/lib/headers'
import { guestCookie, readGuest } from '~/progress/guest.server'
import { courseProgress, factsFor } from '~/progress/learner.server'
import { lessonCompleted, lessonOpened } from '~/progress/track.server'
import { type RouteHandle } from '~/root'
import { ProgressBar } from '~/ui/progress-bar'
import { useRequestInfo } from '~/ui/request-context'
import { SAVED_PARAM, SavedLessonNotice, savedLessonTitle } from '~/ui/saved-lesson'
import { useT } from '~/ui/use-t'

// Lessons are read, not operated: no hydration, so a phone on 3G downloads
// HTML, CSS and fonts only (ADR 005). The listen button is a tiny script.
export const handle: RouteHandle = { hydrate: false, describes: true }

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.lesson.title} — ${data.course.title} — Học Số` },
        { name: 'description', content: data.lesson.summary },
      ]
    : []

export const headers = forwardHeaders

function findLesson(params: LoaderFunctionArgs['params']) {
  const found = getLesson(params.course ?? '', params.lesson ?? '')
  if (!found) throw new Response('Not found', { status: 404 })
  return found
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { course, lesson, previous, next, bundle } = findLesson(params)
  const savedLesson = savedLessonTitle(course, new URL(request.url))
  const user = await getUser(request)
  const guest = user ? null : readGuest(request)
  const learner = user ? { userId: user.id } : { guest }
  // A guest's cookie remembers the lesson for "Học tiếp"; a visitor without
  // one gets no cookie, so the page stays the same for everyone and cacheable.
  const updatedGuest = await lessonOpened(learner, course.slug, lesson.slug)
  const facts = await factsFor(user?.id ?? null, request, { courseSlug: course.slug })
  const view = courseProgress(course, facts)
  const headers = new Headers()
  if (updatedGuest) headers.append('Set-Cookie', guestCookie(updatedGuest, { secure: isSecureRequest(request) }))
  return data({
    progress: {
      signedIn: !!user,
      read: view.completedLessons.includes(lesson.slug),
      percent: view.status.percent,
      done: view.status.lessonsDone,
      // A fresh id per rendering makes a re-sent "done" post count once.
      formId: crypto.randomUUID(),
    },
    course: { slug: course.slug, title: course.title, total: course.lessons.length },
    lesson,
    previous: previous ? { slug: previous.slug, title: previous.title } : null,
    next: next ? { slug: next.slug, title: next.title } : null,
    code: bundle.code,
    glossary: bundle.glossary,
    savedLesson,
  }, { headers })
}

// "Học xong": the lesson is marked read and the learner moves on. A plain
// form post, so it works without JavaScript; guests get their cookie updated.
export async function action({ request, params }: ActionFunctionArgs) {
  const { course, lesson, next } = findLesson(params)
  const form = await readFormData(request)
  const user = await getUser(request)
  const learner = user ? { userId: user.id } : { guest: readGuest(request) }
  const tracked = await lessonCompleted(learner, course.slug, lesson.slug, form.get('formId'))
  const headers = new Headers()
  if (tracked.guest) headers.append('Set-Cookie', guestCookie(tracked.guest, { secure: isSecureRequest(request) }))
  const base = `/khoa-hoc/${course.slug}`
  // The next page says the lesson was saved (SAVED_PARAM): without it the
  // learner only sees a new lesson and cannot tell the click did anything.
  const saved = `${SAVED_PARAM}=${encodeURIComponent(lesson.slug)}`
  const to = tracked.completedCourse ? `${base}?hoan-thanh=1` : next ? `${base}/${next.slug}?${saved}` : `${base}/kiem-tra?${saved}`
  return redirect(to, { headers })
}

export default function LessonRoute() {
  const t = useT()
  const { nonce } = useRequestInfo()
  const { course, lesson, previous, next, code, glossary, progress, savedLesson } = useLoaderData<typeof loader>()
  const base = `/khoa-hoc/${course.slug}`
  const courseBar = (
    <ProgressBar
      percent={progress.percent}
      label={t('progress.barLabel', { course: course.title })}
      text={`${t('progress.lessonsDone', { done: progress.done, total: course.total })} · ${t('progress.percent', { percent: progress.percent })}`}
    />
  )
  return (
    <article className="container page lesson">
      <p className="no-print">
        <Link to={base}>{course.title}</Link>
      </p>
      <SavedLessonNotice title={savedLesson} />
      <p className="muted">
        {t('lesson.position', { position: lesson.position, total: course.total })} ·{' '}
        {t('lesson.minutes', { minutes: lesson.minutes })}
        {progress.read ? <> · <strong className="badge badge--done">✓ {t('progress.read')}</strong></> : null}
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
      <section className="lesson-done no-print" aria-labelledby="lesson-done-heading">
        <h2 id="lesson-done-heading" className="visually-hidden">
          {t('progress.heading')}
        </h2>
        {progress.read ? <p className="alert alert--success">{t('progress.lessonRead')}</p> : null}
        {/* A plain form: it marks the lesson read, then moves on. */}
        <form method="post">
          <input type="hidden" name="formId" value={progress.formId} />
          <button type="submit" className="button">
            {t('progress.markRead', { next: next ? `${t('progress.markReadNext')}: ${next.title}` : t('progress.markReadQuiz') })} →
          </button>
        </form>
        {courseBar}
        {progress.signedIn ? null : (
          <p className="notice">
            {t('progress.guestNote')} <Link to={`/dang-ky?redirectTo=${encodeURIComponent(`${base}/${lesson.slug}`)}`}>{t('progress.guestSignup')}</Link>
          </p>
        )}
      </section>
      <nav className="pager no-print" aria-label={course.title}>
        {previous ? (
          <Link to={`${base}/${previous.slug}`} rel="prev">
            ← {t('lesson.previous')}: {previous.title}
          </Link>
        ) : (
          <Link to={base}>← {t('lesson.backToCourse')}</Link>
        )}
        {next ? (
          <Link to={`${base}/${next.slug}`} rel="next">
            {t('lesson.next')}: {next.title} →
          </Link>
        ) : (
          <Link to={`${base}/kiem-tra`}>{t('lesson.toQuiz')} →</Link>
        )}
      </nav>
      <script src="/listen.js" nonce={nonce} defer />
    </article>
  )
}
