import { type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getUser } from '~/auth/guards.server'
import { assignmentNotice, learnerAssignments } from '~/classes/learner-assignments.server'
import { AssignmentNotice } from '~/ui/assignment-list'
import { listCourses } from '~/content/catalog.server'
import { readGuest } from '~/progress/guest.server'
import { continueLearning, guestFacts, learnerFacts } from '~/progress/learner.server'
import { type MessageKey } from '~/i18n'
import { type RouteHandle } from '~/root'
import { CourseCards } from '~/ui/course-cards'
import { ContinueCard } from '~/ui/continue-card'
import { useT } from '~/ui/use-t'

export const handle: RouteHandle = { hydrate: false }

const SERVICES = ['vneid', 'portal', 'feedback'] as const
const AUDIENCES = ['resident', 'civil', 'trainer'] as const

export async function loader({ request }: LoaderFunctionArgs) {
  // Visitors with no progress get the same page (served from the page cache).
  const user = await getUser(request)
  const guest = user ? null : readGuest(request)
  const facts = user ? await learnerFacts(user.id) : guest ? guestFacts(guest) : null
  const resume = facts ? continueLearning(facts) : null
  const notice = user && facts ? assignmentNotice(await learnerAssignments(user.id, facts)) : null
  return { courses: listCourses(), resume, notice }
}

export default function Home() {
  const t = useT()
  const { courses, resume, notice } = useLoaderData<typeof loader>()
  return (
    <>
      <section className="hero">
        <div className="container">
          <p className="eyebrow">{t('site.name')}</p>
          <h1>{t('home.heading')}</h1>
          <p className="lead">{t('home.lead')}</p>
        </div>
      </section>
      <div className="container page">
        {notice ? <AssignmentNotice notice={notice} linkToDashboard /> : null}
        {resume ? <ContinueCard resume={resume} /> : null}
        <section aria-labelledby="courses-heading">
          <h2 id="courses-heading">{t('home.coursesHeading')}</h2>
          <CourseCards courses={courses} headingLevel={3} />
          <p>
            <Link to="/khoa-hoc">{t('home.allCourses')}</Link>
          </p>
        </section>
        <section aria-labelledby="services-heading">
          <h2 id="services-heading">{t('home.servicesHeading')}</h2>
          <ul className="cards" role="list">
            {SERVICES.map((service) => (
              <li key={service} className="card">
                <h3>{t(`home.service.${service}.title` as MessageKey)}</h3>
                <p>{t(`home.service.${service}.body` as MessageKey)}</p>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="audience-heading">
          <h2 id="audience-heading">{t('home.audienceHeading')}</h2>
          <ul className="cards" role="list">
            {AUDIENCES.map((audience) => (
              <li key={audience} className="card">
                <h3>{t(`home.audience.${audience}.title` as MessageKey)}</h3>
                <p>{t(`home.audience.${audience}.body` as MessageKey)}</p>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="safety-heading" className="notice">
          <h2 id="safety-heading">{t('home.safetyHeading')}</h2>
          <p>{t('home.safetyBody')}</p>
        </section>
      </div>
    </>
  )
}
