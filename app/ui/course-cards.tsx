import { Link } from '@remix-run/react'
import { type MessageKey } from '~/i18n'
import { useT } from './use-t'

export type CourseCard = {
  slug: string
  title: string
  summary: string
  audience: string
  minutes: number
  certificate: boolean
  lessons: unknown[]
}

export function CourseCards({ courses, headingLevel }: { courses: CourseCard[]; headingLevel: 2 | 3 }) {
  const t = useT()
  const Heading = headingLevel === 2 ? 'h2' : 'h3'
  return (
    <ul className="cards" role="list">
      {courses.map((course) => (
        <li key={course.slug} className="card course-card">
          <p className="eyebrow">{t(`courses.audience.${course.audience}` as MessageKey)}</p>
          <Heading>
            <Link to={`/khoa-hoc/${course.slug}`}>{course.title}</Link>
          </Heading>
          <p>{course.summary}</p>
          <p className="muted">
            {t('courses.meta', { lessons: course.lessons.length, minutes: course.minutes })}
            {course.certificate ? ` · ${t('courses.certificate')}` : ''}
          </p>
        </li>
      ))}
    </ul>
  )
}
