import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getUser } from '~/auth/guards.server'
import { log } from '~/log.server'
import { pendingInvitationCount } from '~/classes/invitations.server'
import { assignmentNotice, learnerAssignments } from '~/classes/learner-assignments.server'
import { certificatesForDashboard } from '~/certificates/issue.server'
import { dashboard, factsFor } from '~/progress/learner.server'
import { type RouteHandle } from '~/root'
import { pageTitle } from '~/ui/meta'
import { WELCOME_PARAM } from '~/lib/safe-redirect'
import { ContinueCard, nextStepLabel } from '~/ui/continue-card'
import { AssignmentList, AssignmentNotice } from '~/ui/assignment-list'
import { ProgressBar } from '~/ui/progress-bar'
import { useT } from '~/ui/use-t'

// Read-only and server-rendered: nothing here needs JavaScript.
export const handle: RouteHandle = { hydrate: false }

export const meta: MetaFunction = (args) => pageTitle(args, 'progress.title')

// Guests see what their browser holds, with the reason to sign up; nobody
// is sent to a login page just to look at their own progress.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request)
  const facts = await factsFor(user?.id ?? null, request)
  const completed = [...facts.courses].filter(([, course]) => course.completedAt).map(([slug]) => slug)
  // Heals a certificate missed between a completion and its issuing; never fails the page.
  const certificates = user
    ? certificatesForDashboard(user.id, completed).catch((error: unknown) => {
        log('warn', 'certificates for the dashboard failed', { error: String(error) })
        return []
      })
    : []
  const [assignments, certificateList, invitations] = user
    ? await Promise.all([learnerAssignments(user.id, facts), certificates, pendingInvitationCount(user.id)])
    : [[], [], 0]
  return {
    signedIn: !!user,
    // Answered on /lop-hoc; the dashboard only says they are waiting.
    invitations,
    view: dashboard(facts),
    assignments,
    notice: assignmentNotice(assignments),
    joined: new URL(request.url).searchParams.has('vao-lop'),
    // Sign-up lands here (WELCOME_PARAM) so a new learner is greeted and told
    // what to do next, instead of facing the profile form.
    welcome: user && new URL(request.url).searchParams.has(WELCOME_PARAM) ? user.name : null,
    certificates: certificateList,
  }
}

const dateFormat = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' })

export default function ProgressRoute() {
  const t = useT()
  const { signedIn, invitations, view, assignments, notice, joined, certificates, welcome } = useLoaderData<typeof loader>()
  const minutes = Math.round(view.timeSpentSec / 60)
  return (
    <div className="container page">
      <h1>{t('progress.heading')}</h1>
      {welcome ? (
        <div className="alert alert--success" role="status">
          <p>
            <strong>{t('progress.welcome', { name: welcome })}</strong>
          </p>
          <p>
            {view.continue ? (
              t('progress.welcomeContinue')
            ) : (
              <>
                {t('progress.welcomeStart')} <Link to="/khoa-hoc">{t('progress.chooseCourse')}</Link>
              </>
            )}
          </p>
          <p>
            {t('progress.welcomeProfile')} <Link to="/tai-khoan">{t('progress.welcomeProfileLink')}</Link>.
          </p>
        </div>
      ) : null}
      {joined ? (
        <p className="notice" role="status">
          {t('assignments.joined')}
        </p>
      ) : null}
      {invitations ? (
        <p className="notice">
          {t('classes.invitationsNotice', { count: invitations })} <Link to="/lop-hoc#loi-moi">{t('classes.invitationsAnswer')}</Link>
        </p>
      ) : null}
      {notice ? <AssignmentNotice notice={notice} /> : null}
      {view.continue ? <ContinueCard resume={view.continue} /> : null}
      {signedIn ? null : (
        <p className="notice">
          {t('progress.guestNote')} <Link to="/dang-ky?redirectTo=%2Fhoc-tap">{t('progress.guestSignup')}</Link>
        </p>
      )}
      {assignments.length ? (
        <section aria-labelledby="assignments-heading">
          <h2 id="assignments-heading">{t('assignments.heading')}</h2>
          <AssignmentList items={assignments} />
        </section>
      ) : null}
      <section aria-labelledby="courses-progress-heading">
        <h2 id="courses-progress-heading">{t('progress.coursesHeading')}</h2>
        {view.courses.length ? (
          <ul className="cards" role="list">
            {view.courses.map((course) => (
              <li key={course.slug} className="card">
                <h3>
                  <Link to={`/khoa-hoc/${course.slug}`}>{course.title}</Link>
                </h3>
                <ProgressBar
                  percent={course.percent}
                  label={t('progress.barLabel', { course: course.title })}
                  text={course.complete ? t('progress.courseDone') : t('progress.percent', { percent: course.percent })}
                />
                <p>{t('progress.lessonsDone', { done: course.lessonsDone, total: course.lessonsTotal })}</p>
                <p>
                  {course.quizBestPercent === null
                    ? t('progress.quizNone')
                    : t('progress.quizBest', { percent: course.quizBestPercent, pass: course.quizPassPercent, attempts: course.quizAttempts })}
                </p>
                {course.complete ? (
                  <p>
                    <strong>✓ {course.completedAt ? t('progress.completedOn', { date: dateFormat.format(new Date(course.completedAt)) }) : t('progress.courseDone')}</strong>
                  </p>
                ) : (
                  <p>
                    <Link to={course.next.href}>{nextStepLabel(t, course.next.kind, course.next.title)}</Link>
                  </p>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <>
            <p>{t('progress.noCourses')}</p>
            <p>
              <Link className="button" to="/khoa-hoc">
                {t('progress.chooseCourse')}
              </Link>
            </p>
          </>
        )}
      </section>
      <section aria-labelledby="certificates-heading">
        <h2 id="certificates-heading">{t('progress.certificatesHeading')}</h2>
        {!signedIn ? (
          <p>{t('progress.certificatesGuest')}</p>
        ) : certificates.length ? (
          <ul className="stack-list">
            {certificates.map((certificate) => (
              <li key={certificate.code}>
                <Link to={`/chung-chi/${certificate.code}`}>{t('progress.certificateLink', { course: certificate.courseTitle })}</Link>
                <span> — {certificate.issuedOn.split('-').reverse().join('/')}</span>
                {certificate.revokedAt ? <strong> ({t('progress.certificateRevoked')})</strong> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('progress.certificatesNone')}</p>
        )}
      </section>
      <section aria-labelledby="simulators-progress-heading">
        <h2 id="simulators-progress-heading">{t('progress.simulatorsHeading')}</h2>
        {view.simulators.length ? (
          <ul className="stack-list">
            {view.simulators.map((simulator) => (
              <li key={simulator.id}>
                <Link to={`/mo-phong/${simulator.id}`}>{simulator.title}</Link>
                <span> — {t('progress.simulatorBest', { percent: simulator.bestPercent, attempts: simulator.attempts })}</span>
                {simulator.passedCheck ? <strong className="badge badge--done"> ✓ {t('progress.simulatorPassed')}</strong> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>
            {t('progress.noSimulators')} <Link to="/mo-phong">{t('nav.simulators')}</Link>
          </p>
        )}
      </section>
      {signedIn ? <p>{minutes >= 1 ? t('progress.timeSpent', { minutes }) : t('progress.timeSpentUnderMinute')}</p> : null}
    </div>
  )
}
