import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { getCourse } from '~/content/catalog.server'
import { gradeQuiz } from '~/content/quiz'
import { readFormData } from '~/lib/form-data.server'
import { type RouteHandle } from '~/root'
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

export async function loader({ params }: LoaderFunctionArgs) {
  const course = findCourse(params.course)
  return {
    course: { slug: course.slug, title: course.title, passPercent: course.completion.quizPassPercent },
    questions: course.quiz.questions.map(({ id, prompt, choices }) => ({ id, prompt, choices })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const course = findCourse(params.course)
  const form = await readFormData(request)
  const answers = Object.fromEntries(course.quiz.questions.map((question) => [question.id, form.get(question.id)]))
  const grade = gradeQuiz(course.quiz.questions, answers, course.completion.quizPassPercent)
  const chosen = Object.fromEntries(grade.results.map((result) => [result.id, result.chosen]))
  if (grade.unanswered.length) return data({ status: 'incomplete' as const, chosen, unanswered: grade.unanswered }, { status: 400 })
  return data({
    status: 'graded' as const,
    chosen,
    grade,
    feedback: course.quiz.questions.map((question) => ({ id: question.id, answer: question.answer, explanation: question.explanation })),
  })
}

export default function CourseQuizRoute() {
  const t = useT()
  const { course, questions } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const chosen = result?.chosen ?? {}
  const graded = result?.status === 'graded' ? result : null
  return (
    <div className="container page narrow">
      <p>
        <Link to={`/khoa-hoc/${course.slug}`}>{course.title}</Link>
      </p>
      <h1>{t('quiz.heading')}</h1>
      {graded ? (
        <div className={graded.grade.passed ? 'alert alert--success' : 'alert alert--error'} role="status">
          <p>{t('quiz.score', { correct: graded.grade.correct, total: graded.grade.total, percent: graded.grade.percent })}</p>
          <p>{graded.grade.passed ? t('quiz.passed') : t('quiz.failed', { percent: course.passPercent })}</p>
        </div>
      ) : result?.status === 'incomplete' ? (
        <p className="alert alert--error" role="alert">
          {t('quiz.unanswered', { numbers: result.unanswered.join(', ') })}
        </p>
      ) : (
        <p className="lead">{t('quiz.lead')}</p>
      )}
      <Form method="post" className="stack quiz" lang="vi">
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
