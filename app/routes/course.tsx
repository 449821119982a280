import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getUser } from '~/auth/guards.server'
import { getCatalog, getCourse } from '~/content/catalog.server'
import { courseProgress, factsFor, nextHref, nextTitle } from '~/progress/learner.server'
import { type RouteHandle } from '~/root'
import { nextStepLabel } from '~/ui/continue-card'
import { ProgressBar } from '~/ui/progress-bar'
import { useT } from '~/ui/use-t'

export const handle: RouteHandle = { hydrate: false, describes: true }

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: `${data.course.title} — Học Số` }, { name: 'description', content: data.course.summary }] : []

export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = getCourse(params.course ?? '')
  if (!found) throw new Response('Not found', { status: 404 })
  const user = await getUser(request)
  const facts = await factsFor(user?.id ?? null, request, { courseSlug: found.slug })
  const view = courseProgress(found, facts)
  const scenarios = getCatalog().simulators
  const { quiz, ...course } = found
  return {
    course,
    quizCount: quiz.questions.length,
    signedIn: !!user,
    progress: {
      ...view,
      nextHref: nextHref(found.slug, view.next),
      nextTitle: nextTitle(found, view.next),
    },
    simulators: found.completion.simulators.map((id) => ({
      id,
      title: scenarios.find((scenario) => scenario.id === id)?.title ?? id,
      passed: !view.status.missingSimulators.includes(id),
    })),
    // The congratulation shows only when the course really is complete.
    justCompleted: new URL(request.url).searchParams.has('hoan-thanh') && view.status.complete,
  }
}

export default function CourseRoute() {
  const t = useT()
  const { course, quizCount, progress, simulators, signedIn, justCompleted } = useLoaderData<typeof loader>()
  const [year, month] = course.updated.split('-')
  const read = new Set(progress.completedLessons)
  const base = `/khoa-hoc/${course.slug}`
  const nextLabel =
    progress.next.kind === 'done'
      ? null
      : progress.next.kind === 'lesson' && !progress.started
        ? t('course.start')
        : nextStepLabel(t, progress.next.kind, progress.nextTitle)
  return (
    <div className="container page">
      <p>
        <Link to="/khoa-hoc">{t('courses.heading')}</Link>
      </p>
      <h1>{course.title}</h1>
      {justCompleted ? (
        <div className="alert alert--success" role="status">
          <p>
            <strong>{t('progress.congrats', { course: course.title })}</strong>
          </p>
          <p>
            <Link to="/hoc-tap">{t('progress.heading')}</Link>
          </p>
        </div>
      ) : null}
      <p className="lead">{course.summary}</p>
      <p className="muted">
        {t('courses.meta', { lessons: course.lessons.length, minutes: course.minutes })} ·{' '}
        {t('lesson.updated', { month: month ?? '', year: year ?? '' })}
      </p>
      {progress.started || progress.status.complete ? (
        <ProgressBar
          percent={progress.status.percent}
          label={t('progress.barLabel', { course: course.title })}
          text={
            progress.status.complete
              ? t('progress.courseDone')
              : `${t('progress.lessonsDone', { done: progress.status.lessonsDone, total: progress.status.lessonsTotal })} · ${t('progress.percent', { percent: progress.status.percent })}`
          }
        />
      ) : null}
      {nextLabel ? (
        <p>
          <Link className="button" to={progress.nextHref}>
            {nextLabel}
          </Link>
        </p>
      ) : null}
      {!signedIn && progress.started ? (
        <p className="notice">
          {t('progress.guestNote')} <Link to={`/dang-ky?redirectTo=${encodeURIComponent(base)}`}>{t('progress.guestSignup')}</Link>
        </p>
      ) : null}
      <section aria-labelledby="outcomes-heading">
        <h2 id="outcomes-heading">{t('course.outcomes')}</h2>
        <ul>
          {course.outcomes.map((outcome) => (
            <li key={outcome}>{outcome}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="lessons-heading">
        <h2 id="lessons-heading">{t('course.lessons')}</h2>
        <ol className="lesson-list">
          {course.lessons.map((lesson) => (
            <li key={lesson.slug} className={read.has(lesson.slug) ? 'lesson-list__item--read' : undefined}>
              <Link to={`${base}/${lesson.slug}`}>{lesson.title}</Link>
              <span className="muted"> · {t('lesson.minutes', { minutes: lesson.minutes })}</span>
              {progress.started ? (
                read.has(lesson.slug) ? (
                  <span className="badge badge--done"> ✓ {t('progress.read')}</span>
                ) : (
                  <span className="badge"> {t('progress.unread')}</span>
                )
              ) : null}
              <p>{lesson.summary}</p>
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="quiz-heading">
        <h2 id="quiz-heading">{t('course.quiz')}</h2>
        <p>{t('course.quizInfo', { count: quizCount, percent: course.completion.quizPassPercent })}</p>
        {progress.quizBestPercent !== null ? (
          <p>
            {progress.status.quizPassed ? <strong className="badge badge--done">✓ {t('progress.done')} </strong> : null}
            {t('progress.quizBestShort', { percent: progress.quizBestPercent, pass: course.completion.quizPassPercent })}
          </p>
        ) : null}
        <p>
          <Link to={`${base}/kiem-tra`}>{t('lesson.toQuiz')}</Link>
        </p>
      </section>
      <section aria-labelledby="requirements-heading">
        <h2 id="requirements-heading">{t('progress.requirements')}</h2>
        <ul className="checklist">
          <li>
            {progress.status.missingLessons.length === 0 ? '✓ ' : ''}
            {t('progress.reqLessons', { total: course.lessons.length })}
          </li>
          <li>
            {progress.status.quizPassed ? '✓ ' : ''}
            {t('progress.reqQuiz', { percent: course.completion.quizPassPercent })}
          </li>
          {simulators.map((simulator) => (
            <li key={simulator.id}>
              {simulator.passed ? '✓ ' : ''}
              <Link to={`/mo-phong/${simulator.id}?che-do=kiem-tra`}>{t('progress.mustPassSimulator', { title: simulator.title })}</Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  )
}
