import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getCourse } from '~/content/catalog.server'
import { type RouteHandle } from '~/root'
import { useT } from '~/ui/use-t'

export const handle: RouteHandle = { hydrate: false }

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: `${data.course.title} — Học Số` }, { name: 'description', content: data.course.summary }] : []

export async function loader({ params }: LoaderFunctionArgs) {
  const course = getCourse(params.course ?? '')
  if (!course) throw new Response('Not found', { status: 404 })
  const { quiz, ...rest } = course
  return { course: rest, quizCount: quiz.questions.length }
}

export default function CourseRoute() {
  const t = useT()
  const { course, quizCount } = useLoaderData<typeof loader>()
  const [year, month] = course.updated.split('-')
  const first = course.lessons[0]
  return (
    <div className="container page">
      <p>
        <Link to="/khoa-hoc">{t('courses.heading')}</Link>
      </p>
      <h1>{course.title}</h1>
      <p className="lead">{course.summary}</p>
      <p className="muted">
        {t('courses.meta', { lessons: course.lessons.length, minutes: course.minutes })} ·{' '}
        {t('lesson.updated', { month: month ?? '', year: year ?? '' })}
      </p>
      {first ? (
        <p>
          <Link className="button" to={`/khoa-hoc/${course.slug}/${first.slug}`}>
            {t('course.start')}
          </Link>
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
            <li key={lesson.slug}>
              <Link to={`/khoa-hoc/${course.slug}/${lesson.slug}`}>{lesson.title}</Link>
              <span className="muted"> · {t('lesson.minutes', { minutes: lesson.minutes })}</span>
              <p>{lesson.summary}</p>
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="quiz-heading">
        <h2 id="quiz-heading">{t('course.quiz')}</h2>
        <p>{t('course.quizInfo', { count: quizCount, percent: course.completion.quizPassPercent })}</p>
        <p>
          <Link to={`/khoa-hoc/${course.slug}/kiem-tra`}>{t('lesson.toQuiz')}</Link>
        </p>
      </section>
    </div>
  )
}
