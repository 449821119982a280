import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { getUser, isSecureRequest } from '~/auth/guards.server'
import { getCourse } from '~/content/catalog.server'
import { gradeQuiz } from '~/content/quiz'
import { readFormData } from '~/lib/form-data.server'
import { forwardHeaders } from '~/lib/headers'
import { guestCookie, readGuest } from '~/progress/guest.server'
import { quizGraded } from '~/progress/track.server'
import { type RouteHandle } from '~/root'
import { SavedLessonNotice, savedLessonTitle } from '~/ui/saved-lesson'
import { useT } from '~/ui/use-t'

// A plain form: answers post to the server, which grades them and shows every
// explanation. Works the same with or without JavaScript.
export const handle: RouteHandle = { hydrate: false }

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) =>
  loaderData ? [{ title: `${loaderData.course.title} — Học Số` }] : []

function findCourse(slug: string | undefined) {
  const course = getCourse(slug ?? '')
  if (!course) throw new Response('Not found', { status: 404 })
  return course
}

export const headers = forwardHeaders

// Each rendering of the form gets its own attempt id: a re-sent submission
// repeats it and is recorded once; "Làm lại" renders a new one.
const attemptFields = () => ({ attempt: crypto.randomUUID(), startedAt: Date.now() })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const course = findCourse(params.course)
  return {
    savedLesson: savedLessonTitle(course, new URL(request.url)),
    course: { slug: course.slug, title: course.title, passPercent: course.completion.quizPassPercent },
    questions: course.quiz.questions.map(({ id, prompt, choices }) => ({ id, prompt, choices })),
    ...attemptFields(),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const course = findCourse(params.course)
  // One answer per question, plus the attempt's id and start time.
  const form = await readFormData(request, { maxFields: course.quiz.questions.length + 2 })
  const answers = Object.fromEntries(course.quiz.questions.map((question) => [question.id, form.get(question.id)]))
  const grade = gradeQuiz(course.quiz.questions, answers, course.completion.quizPassPercent)
  const chosen = Object.fromEntries(grade.results.map((result) => [result.id, result.chosen]))
  if (grade.unanswered.length) {
    // Same attempt: the learner finishes it and sends it again.
    const same = { attempt: String(form.get('attempt') ?? ''), startedAt: Number(form.get('startedAt')) || Date.now() }
    return data({ status: 'incomplete' as const, chosen, unanswered: grade.unanswered, ...same }, { status: 400 })
  }
  const user = await getUser(request)
  const learner = user ? { userId: user.id } : { guest: readGuest(request) }
  const tracked = await quizGraded(learner, course.slug, grade, { attempt: form.get('attempt'), startedAt: form.get('startedAt') })
  const headers = new Headers({ 'Cache-Control': 'no-store' })
  if (tracked.guest) headers.append('Set-Cookie', guestCookie(tracked.guest, { secure: isSecureRequest(request) }))
  return data(
    {
      status: 'graded' as const,
      chosen,
      grade,
      completedCourse: !!tracked.completedCourse,
      feedback: course.quiz.questions.map((question) => ({ id: question.id, answer: question.answer, explanation: question.explanation })),
      ...attemptFields(),
    },
    { headers },
  )
}

export default function CourseQuizRoute() {
  const t = useT()
  const loaded = useLoaderData<typeof loader>()
  const { course, questions } = loaded
  const result = useActionData<typeof action>()
  const attempt = result ?? loaded
  const chosen = result?.chosen ?? {}
  const graded = result?.status === 'graded' ? result : null
  return (
    <div className="container page narrow">
      <p>
        <Link to={`/khoa-hoc/${course.slug}`}>{course.title}</Link>
      </p>
      <h1>{t('quiz.heading')}</h1>
      {result ? null : <SavedLessonNotice title={loaded.savedLesson} />}
      {graded ? (
        <div className={graded.grade.passed ? 'alert alert--success' : 'alert alert--error'} role="status">
          <p>{t('quiz.score', { correct: graded.grade.correct, total: graded.grade.total, percent: graded.grade.percent })}</p>
          <p>{graded.grade.passed ? t('quiz.passed') : t('quiz.failed', { percent: course.passPercent })}</p>
          {graded.completedCourse ? (
            <p>
              <strong>{t('progress.congrats', { course: course.title })}</strong> <Link to="/hoc-tap">{t('progress.heading')}</Link>
            </p>
          ) : null}
        </div>
      ) : result?.status === 'incomplete' ? (
        <p className="alert alert--error" role="alert">
          {t('quiz.unanswered', { numbers: result.unanswered.join(', ') })}
        </p>
      ) : (
        <p className="lead">{t('quiz.lead')}</p>
      )}
      <Form method="post" className="stack quiz" lang="vi">
        <input type="hidden" name="attempt" value={attempt.attempt} />
        <input type="hidden" name="startedAt" value={attempt.startedAt} />
        {questions.map((question, index) => {
          const feedback = graded?.feedback[index]
          const pick = chosen[question.id]
          const isRight = feedback ? pick === feedback.answer : null
          return (
            <fieldset key={question.id} className="field choice-group quiz__question">
              <legend>
                <span className="muted">{t('quiz.question', { number: index + 1 })}.</span> {question.prompt}
              </legend>
              {question.choices.map((choice, choiceIndex) => (
                <label key={choice} className="choice">
                  <input type="radio" name={question.id} value={choiceIndex} defaultChecked={pick === choiceIndex} />
                  <span>{choice}</span>
                </label>
              ))}
              {feedback ? (
                <div className={isRight ? 'quiz__feedback quiz__feedback--right' : 'quiz__feedback quiz__feedback--wrong'}>
                  <p>
                    <strong>{isRight ? `✓ ${t('quiz.correct')}` : `✗ ${t('quiz.wrong')}`}</strong>
                    {isRight ? null : ` — ${t('lesson.rightAnswer')} ${question.choices[feedback.answer]}`}
                  </p>
                  <p>{feedback.explanation}</p>
                </div>
              ) : null}
            </fieldset>
          )
        })}
        <button type="submit" className="button">
          {graded ? t('quiz.retry') : t('quiz.submit')}
        </button>
      </Form>
    </div>
  )
}
