import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { listCourses } from '~/content/catalog.server'
import { type RouteHandle } from '~/root'
import { CourseCards } from '~/ui/course-cards'
import { pageTitle } from '~/ui/meta'
import { useT } from '~/ui/use-t'

export const meta: MetaFunction = (args) => pageTitle(args, 'courses.title')
export const handle: RouteHandle = { hydrate: false }

const FILTERS = { 'nguoi-dan': 'residents', 'can-bo': 'civil-servants' } as const
type FilterKey = keyof typeof FILTERS

export async function loader({ request }: LoaderFunctionArgs) {
  const value = new URL(request.url).searchParams.get('doi-tuong')
  const filter = value && value in FILTERS ? (value as FilterKey) : null
  return { filter, courses: listCourses(filter ? FILTERS[filter] : undefined) }
}

export default function CoursesRoute() {
  const t = useT()
  const { filter, courses } = useLoaderData<typeof loader>()
  const options: { key: FilterKey | null; label: string }[] = [
    { key: null, label: t('courses.filterAll') },
    { key: 'nguoi-dan', label: t('courses.filterResidents') },
    { key: 'can-bo', label: t('courses.filterCivil') },
  ]
  return (
    <div className="container page">
      <h1>{t('courses.heading')}</h1>
      <p className="lead">{t('courses.lead')}</p>
      <nav aria-label={t('courses.filter')} className="filters">
        <span>{t('courses.filter')}:</span>
        {options.map((option) => (
          <Link
            key={option.label}
            to={option.key ? `?doi-tuong=${option.key}` : '.'}
            className="chip"
            aria-current={filter === option.key ? 'page' : undefined}
          >
            {option.label}
          </Link>
        ))}
      </nav>
      {courses.length ? <CourseCards courses={courses} headingLevel={2} /> : <p>{t('courses.empty')}</p>}
    </div>
  )
}
