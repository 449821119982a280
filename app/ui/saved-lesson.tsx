import { useT } from './use-t'

// "Học xong" posts, then redirects to the next lesson (or the quiz) with
// ?da-hoc=<lesson>: a plain query flag rather than a session flash, so it
// works for guests and without JavaScript, and needs no server state.
export const SAVED_PARAM = 'da-hoc'

/** The title of the lesson the flag names, when it belongs to this course (anything else is ignored). */
export function savedLessonTitle(course: { lessons: { slug: string; title: string }[] }, url: URL): string | null {
  const slug = url.searchParams.get(SAVED_PARAM)
  if (!slug) return null
  return course.lessons.find((lesson) => lesson.slug === slug)?.title ?? null
}

// At the top of the page, so it is the first thing read after the page loads.
export function SavedLessonNotice({ title }: { title: string | null }) {
  const t = useT()
  if (!title) return null
  return (
    <p className="alert alert--success" role="status">
      {t('progress.savedLesson', { title })}
    </p>
  )
}
