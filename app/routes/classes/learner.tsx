import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requirePermission } from '~/auth/guards.server'
import { actorFor } from '~/auth/manage.server'
import { classLearnerDetail } from '~/classes/matrix.server'
import { formatVietnamDay, vietnamDay } from '~/lib/dates'
import { type RouteHandle } from '~/root'
import { pageTitle } from '~/ui/meta'
import { useT } from '~/ui/use-t'
import { CellBadge, cellView } from './cell-badge'

export const handle: RouteHandle = { hydrate: false }

export const meta: MetaFunction = (args) => pageTitle(args, 'classes.learnerTitle')

// 404 unless the learner is in a class the actor runs: a trainer cannot read
// anyone's record by changing the id in the address.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await actorFor(await requirePermission(request, 'class:manage'))
  const detail = await classLearnerDetail(actor, params.id ?? '', params.userId ?? '')
  if (!detail) throw new Response('Not found', { status: 404 })
  return {
    classId: params.id!,
    ...detail,
    // A trainer sees only what the class assigns, so with nothing assigned
    // every section below would be empty and "never studied" would be said
    // of someone who may have finished whole courses: say why instead.
    nothingAssigned: detail.assignments.length === 0,
    assignments: detail.assignments.map((assignment) => ({ ...assignment, cell: cellView(assignment.cell, vietnamDay) })),
    learner: { name: detail.learner.name, idleDays: detail.learner.summary.idleDays, stuck: detail.learner.summary.stuck },
  }
}

const MODE_KEYS = { guided: 'classes.modeGuided', practice: 'classes.modePractice', check: 'classes.modeCheck' } as const

export default function ClassLearnerRoute() {
  const t = useT()
  const { classId, className, learner, assignments, courses, quizzes, simulators, sessions, nothingAssigned } = useLoaderData<typeof loader>()
  return (
    <div className="container page">
      <p>
        <Link to={`/lop-hoc/${classId}/tien-do`}>← {t('classes.matrixHeading', { name: className })}</Link>
      </p>
      <h1>{learner.name}</h1>
      {nothingAssigned ? (
        <p className="notice" role="status">
          {t('classes.learnerNothingAssigned')} <Link to={`/lop-hoc/${classId}`}>{t('classes.learnerNothingAssignedLink')}</Link>
        </p>
      ) : (
        <>
          <p>
            {learner.idleDays === null ? t('classes.neverActive') : t('classes.lastActive', { days: learner.idleDays })}
            {learner.stuck ? ` — ${t('classes.needsHelp')}` : null}
          </p>

          <section aria-labelledby="l-assignments">
            <h2 id="l-assignments">{t('classes.assignmentsHeading')}</h2>
            {assignments.length ? (
              <ul className="member-list" role="list">
                {assignments.map((assignment) => (
                  <li key={assignment.id}>
                    <strong>{assignment.title}</strong> <span className="muted">{t('classes.dueOn', { day: formatVietnamDay(assignment.dueDay) })}</span>{' '}
                    <CellBadge cell={assignment.cell} />
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t('classes.noAssignments')}</p>
            )}
          </section>

          <section aria-labelledby="l-courses">
            <h2 id="l-courses">{t('classes.learnerCourses')}</h2>
            {courses.length ? (
              courses.map((course) => (
                <div key={course.slug} className="card">
                  <h3>{course.title}</h3>
                  <p>
                    {t('progress.percent', { percent: course.percent })}
                    {course.completedAt ? ` — ${t('progress.completedOn', { date: formatVietnamDay(new Date(course.completedAt)) })}` : null}
                  </p>
                  <ul className="checklist" role="list">
                    {course.lessons.map((lesson) => (
                      <li key={lesson.slug}>
                        <span aria-hidden="true">{lesson.done ? '✓ ' : '○ '}</span>
                        {lesson.title}
                        <span className="visually-hidden"> — {lesson.done ? t('classes.lessonDone') : t('classes.lessonNotDone')}</span>
                      </li>
                    ))}
                  </ul>
                  <p>
                    {course.quizBestPercent === null
                      ? t('progress.quizNone')
                      : t('classes.quizBest', { percent: course.quizBestPercent, pass: course.quizPassPercent })}
                  </p>
                </div>
              ))
            ) : (
              <p>{t('classes.learnerNoCourses')}</p>
            )}
          </section>

          <section aria-labelledby="l-quizzes">
            <h2 id="l-quizzes">{t('classes.learnerQuizzes')}</h2>
            {quizzes.length ? (
              <ul className="member-list" role="list">
                {quizzes.map((quiz) => (
                  <li key={quiz.id}>
                    {formatVietnamDay(new Date(quiz.at))} · {quiz.course} · {quiz.percent}% · {quiz.passed ? t('classes.passed') : t('classes.notPassed')}
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t('classes.none')}</p>
            )}
          </section>

          <section aria-labelledby="l-simulators">
            <h2 id="l-simulators">{t('classes.learnerSimulators')}</h2>
            {simulators.length ? (
              <ul className="member-list" role="list">
                {simulators.map((attempt) => (
                  <li key={attempt.id}>
                    {formatVietnamDay(new Date(attempt.at))} · {attempt.title} · {t(MODE_KEYS[attempt.mode as keyof typeof MODE_KEYS] ?? 'classes.modePractice')} ·{' '}
                    {attempt.percent}% · {t('classes.mistakes', { count: attempt.mistakes, hints: attempt.hintsUsed })} ·{' '}
                    {attempt.passed ? t('classes.passed') : t('classes.notPassed')}
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t('classes.none')}</p>
            )}
          </section>
        </>
      )}

      {sessions.length ? (
        <section aria-labelledby="l-sessions">
          <h2 id="l-sessions">{t('classes.attendanceLink')}</h2>
          <ul className="member-list" role="list">
            {sessions.map((session) => (
              <li key={session.day}>
                {formatVietnamDay(session.day)}: {session.present ? t('classes.present') : t('classes.absent')}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  )
}
