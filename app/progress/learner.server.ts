import { type CatalogCourse, getCatalog, getCourse } from '~/content/catalog.server'
import { prisma } from '~/db.server'
import { type CompletionStatus, type NextStep, completionFromCounts, evaluateCompletion, nextStep } from './completion'
import { type GuestProgress, guestCompletedLessons, readGuest } from './guest.server'

// What pages show about a learner, read from the projections (signed in) or
// from the guest cookie; both become the same facts, so every page renders
// the two cases with one code path.

export type CourseFacts = {
  completedLessons: Set<string>
  quizBestPercent: number | null
  quizAttempts: number
  lastLessonSlug: string | null
  lastActivityAt: Date | null
  completedAt: Date | null
  timeSpentSec: number
}

export type SimulatorFacts = { attempts: number; bestPercent: number; passedCheck: boolean; lastAt: Date | null; timeSpentSec: number }

export type LearnerFacts = {
  courses: Map<string, CourseFacts>
  simulators: Map<string, SimulatorFacts>
  // "course/lesson" most recently touched across all courses.
  lastLesson: string | null
}

const noCourse = (): CourseFacts => ({
  completedLessons: new Set(),
  quizBestPercent: null,
  quizAttempts: 0,
  lastLessonSlug: null,
  lastActivityAt: null,
  completedAt: null,
  timeSpentSec: 0,
})

// courseSlug narrows the reads to one course (course and lesson pages).
export async function learnerFacts(userId: string, { courseSlug }: { courseSlug?: string } = {}): Promise<LearnerFacts> {
  const course = courseSlug ? getCourse(courseSlug) : null
  const filter = courseSlug ? { courseSlugs: [courseSlug], scenarioIds: course?.completion.simulators ?? [] } : {}
  return (await learnersFacts([userId], filter)).get(userId)!
}

export type FactsFilter = {
  // Only these courses (all when absent).
  courseSlugs?: readonly string[]
  // Only these simulators (all when absent; none when empty).
  scenarioIds?: readonly string[]
}

/**
 * The facts of many learners at once (a class's progress matrix), in a fixed
 * number of queries whatever the number of learners; every id gets an entry.
 */
export async function learnersFacts(userIds: readonly string[], { courseSlugs, scenarioIds }: FactsFilter = {}): Promise<Map<string, LearnerFacts>> {
  const result = new Map<string, LearnerFacts>(userIds.map((id) => [id, { courses: new Map(), simulators: new Map(), lastLesson: null }]))
  if (!userIds.length) return result
  const users = { userId: userIds.length === 1 ? userIds[0]! : { in: [...userIds] } }
  const inCourses = courseSlugs ? { courseSlug: courseSlugs.length === 1 ? courseSlugs[0]! : { in: [...courseSlugs] } } : {}
  const inScenarios = scenarioIds ? { scenarioId: { in: [...scenarioIds] } } : {}
  const noSimulators = scenarioIds?.length === 0
  const [lessons, courses, quizzes, simulators, passed] = await Promise.all([
    prisma.lessonProgress.findMany({
      where: { ...users, ...inCourses, completedAt: { not: null } },
      select: { userId: true, courseSlug: true, lessonSlug: true },
    }),
    prisma.courseProgress.findMany({ where: { ...users, ...inCourses } }),
    prisma.quizAttempt.groupBy({ by: ['userId', 'courseSlug'], where: { ...users, ...inCourses }, _count: { _all: true } }),
    noSimulators
      ? []
      : prisma.simulatorAttempt.groupBy({
          by: ['userId', 'scenarioId'],
          where: { ...users, ...inScenarios },
          _count: { _all: true },
          _max: { percent: true, completedAt: true },
          _sum: { durationSec: true },
        }),
    noSimulators
      ? []
      : prisma.simulatorAttempt.groupBy({ by: ['userId', 'scenarioId'], where: { ...users, mode: 'check', passed: true, ...inScenarios } }),
  ])
  const latest = new Map<string, number>()
  for (const row of courses) {
    const facts = result.get(row.userId)!
    facts.courses.set(row.courseSlug, {
      ...noCourse(),
      quizBestPercent: row.quizBestPercent,
      lastLessonSlug: row.lastLessonSlug,
      lastActivityAt: row.lastActivityAt,
      completedAt: row.completedAt,
      timeSpentSec: row.timeSpentSec,
    })
    if (row.lastLessonSlug && row.lastActivityAt.getTime() > (latest.get(row.userId) ?? 0)) {
      latest.set(row.userId, row.lastActivityAt.getTime())
      facts.lastLesson = `${row.courseSlug}/${row.lastLessonSlug}`
    }
  }
  for (const row of lessons) {
    const facts = result.get(row.userId)!
    const entry = facts.courses.get(row.courseSlug) ?? noCourse()
    entry.completedLessons.add(row.lessonSlug)
    facts.courses.set(row.courseSlug, entry)
  }
  for (const row of quizzes) {
    const entry = result.get(row.userId)!.courses.get(row.courseSlug)
    if (entry) entry.quizAttempts = row._count._all
  }
  const passedKeys = new Set(passed.map((row) => `${row.userId} ${row.scenarioId}`))
  for (const row of simulators) {
    result.get(row.userId)!.simulators.set(row.scenarioId, {
      attempts: row._count._all,
      bestPercent: row._max.percent ?? 0,
      passedCheck: passedKeys.has(`${row.userId} ${row.scenarioId}`),
      lastAt: row._max.completedAt,
      timeSpentSec: row._sum.durationSec ?? 0,
    })
  }
  return result
}

export function guestFacts(guest: GuestProgress | null): LearnerFacts {
  const facts: LearnerFacts = { courses: new Map(), simulators: new Map(), lastLesson: guest?.last ?? null }
  if (!guest) return facts
  const at = new Date(guest.updatedAt * 1000)
  for (const course of getCatalog().courses) {
    const entry = guest.courses[course.slug]
    const last = guest.last?.startsWith(`${course.slug}/`) ? guest.last.slice(course.slug.length + 1) : null
    if (!entry && !last) continue
    facts.courses.set(course.slug, {
      ...noCourse(),
      completedLessons: guestCompletedLessons(guest, course.slug, course.lessons.map((lesson) => lesson.slug)),
      quizBestPercent: entry?.quiz ?? null,
      quizAttempts: entry?.quiz === null || entry?.quiz === undefined ? 0 : 1,
      lastLessonSlug: last,
      lastActivityAt: at,
    })
  }
  for (const [id, sim] of Object.entries(guest.simulators)) {
    facts.simulators.set(id, { attempts: 1, bestPercent: sim.percent, passedCheck: sim.mode === 'check' && sim.passed, lastAt: at, timeSpentSec: 0 })
  }
  return facts
}

// The facts of whoever is asking: a signed-in learner's rows, else the guest
// cookie of this request (empty for a first-time visitor).
export function factsFor(userId: string | null, request: Request, options: { courseSlug?: string } = {}): Promise<LearnerFacts> {
  return userId ? learnerFacts(userId, options) : Promise.resolve(guestFacts(readGuest(request)))
}

export type CourseProgressView = {
  status: CompletionStatus
  next: NextStep
  completedLessons: string[]
  quizBestPercent: number | null
  completedAt: string | null
  started: boolean
}

export function courseProgress(course: CatalogCourse, facts: LearnerFacts): CourseProgressView {
  const entry = facts.courses.get(course.slug) ?? noCourse()
  const simulatorsPassed = new Set([...facts.simulators].filter(([, sim]) => sim.passedCheck).map(([id]) => id))
  const lessons = course.lessons.map((lesson) => lesson.slug)
  const status = evaluateCompletion(course.completion, {
    lessons,
    completedLessons: entry.completedLessons,
    quizBestPercent: entry.quizBestPercent,
    simulatorsPassed,
  })
  // A course completed under an earlier version of its content stays completed.
  const completed = status.complete || !!entry.completedAt
  return {
    status: completed ? { ...status, complete: true, percent: 100 } : status,
    next: completed ? { kind: 'done' } : nextStep(status, lessons, entry.lastLessonSlug),
    completedLessons: lessons.filter((slug) => entry.completedLessons.has(slug)),
    quizBestPercent: entry.quizBestPercent,
    completedAt: entry.completedAt?.toISOString() ?? null,
    started: entry.completedLessons.size > 0 || entry.quizBestPercent !== null || !!entry.lastLessonSlug,
  }
}

/** Where a learner stands in a course, as a trainer's matrix cell needs it. */
export type CourseStanding = { percent: number; completedAt: Date | null; started: boolean; lastActivityAt: Date | null }

export function courseStanding(course: CatalogCourse, facts: LearnerFacts): CourseStanding {
  const view = courseProgress(course, facts)
  return {
    percent: view.status.percent,
    completedAt: view.completedAt ? new Date(view.completedAt) : null,
    started: view.started,
    lastActivityAt: facts.courses.get(course.slug)?.lastActivityAt ?? null,
  }
}

/**
 * The same standing for many learners and courses in four queries, from
 * counts rather than every lesson row (a 500-learner class reads ~700
 * grouped rows instead of ~5,000); the rule is the course page's own
 * (completionFromCounts). Learners with no activity in a course are absent.
 */
export async function courseStandings(userIds: readonly string[], courses: readonly CatalogCourse[]): Promise<Map<string, Map<string, CourseStanding>>> {
  const result = new Map<string, Map<string, CourseStanding>>()
  if (!userIds.length || !courses.length) return result
  const users = { in: [...userIds] }
  const ruleScenarios = [...new Set(courses.flatMap((course) => course.completion.simulators))]
  const [lessons, rows, passed] = await Promise.all([
    prisma.lessonProgress.groupBy({
      by: ['userId', 'courseSlug'],
      // Only the course's current lessons count, as on the course page.
      where: { userId: users, completedAt: { not: null }, OR: courses.map((course) => ({ courseSlug: course.slug, lessonSlug: { in: course.lessons.map((lesson) => lesson.slug) } })) },
      _count: { _all: true },
    }),
    prisma.courseProgress.findMany({
      where: { userId: users, courseSlug: { in: courses.map((course) => course.slug) } },
      select: { userId: true, courseSlug: true, quizBestPercent: true, completedAt: true, lastLessonSlug: true, lastActivityAt: true },
    }),
    ruleScenarios.length
      ? prisma.simulatorAttempt.groupBy({ by: ['userId', 'scenarioId'], where: { userId: users, scenarioId: { in: ruleScenarios }, mode: 'check', passed: true } })
      : [],
  ])
  const lessonCounts = new Map(lessons.map((row) => [`${row.userId} ${row.courseSlug}`, row._count._all]))
  const passedKeys = new Set(passed.map((row) => `${row.userId} ${row.scenarioId}`))
  const bySlug = new Map(courses.map((course) => [course.slug, course]))
  for (const row of rows) {
    const course = bySlug.get(row.courseSlug)!
    const lessonsDone = lessonCounts.get(`${row.userId} ${row.courseSlug}`) ?? 0
    const status = completionFromCounts(course.completion, {
      lessonsTotal: course.lessons.length,
      lessonsDone,
      quizBestPercent: row.quizBestPercent,
      simulatorsPassed: course.completion.simulators.filter((id) => passedKeys.has(`${row.userId} ${id}`)).length,
    })
    const standing: CourseStanding = {
      // A course completed under an earlier version of its content stays completed.
      percent: status.complete || row.completedAt ? 100 : status.percent,
      completedAt: row.completedAt,
      started: lessonsDone > 0 || row.quizBestPercent !== null || !!row.lastLessonSlug,
      lastActivityAt: row.lastActivityAt,
    }
    const forUser = result.get(row.userId) ?? new Map<string, CourseStanding>()
    forUser.set(row.courseSlug, standing)
    result.set(row.userId, forUser)
  }
  return result
}

export type ContinueView = { courseSlug: string; courseTitle: string; next: NextStep; title: string; href: string; percent: number }

export function nextHref(courseSlug: string, next: NextStep): string {
  switch (next.kind) {
    case 'lesson':
      return `/khoa-hoc/${courseSlug}/${next.slug}`
    case 'quiz':
      return `/khoa-hoc/${courseSlug}/kiem-tra`
    case 'simulator':
      return `/mo-phong/${next.id}?che-do=kiem-tra`
    case 'done':
      return `/khoa-hoc/${courseSlug}`
  }
}

export function nextTitle(course: CatalogCourse, next: NextStep): string {
  if (next.kind === 'lesson') return course.lessons.find((lesson) => lesson.slug === next.slug)?.title ?? course.title
  if (next.kind === 'simulator') return getCatalog().simulators.find((scenario) => scenario.id === next.id)?.title ?? next.id
  return course.title
}

// "Học tiếp": the most recently touched course that is not finished.
export function continueLearning(facts: LearnerFacts): ContinueView | null {
  const candidates = getCatalog()
    .courses.map((course) => ({ course, entry: facts.courses.get(course.slug) }))
    .filter((item) => item.entry && item.entry.lastActivityAt)
    .sort((a, b) => b.entry!.lastActivityAt!.getTime() - a.entry!.lastActivityAt!.getTime())
  for (const { course } of candidates) {
    const view = courseProgress(course, facts)
    if (view.next.kind === 'done') continue
    return {
      courseSlug: course.slug,
      courseTitle: course.title,
      next: view.next,
      title: nextTitle(course, view.next),
      href: nextHref(course.slug, view.next),
      percent: view.status.percent,
    }
  }
  return null
}

export type DashboardView = {
  continue: ContinueView | null
  courses: {
    slug: string
    title: string
    percent: number
    lessonsDone: number
    lessonsTotal: number
    quizBestPercent: number | null
    quizPassPercent: number
    quizAttempts: number
    complete: boolean
    completedAt: string | null
    next: { kind: NextStep['kind']; title: string; href: string }
    timeSpentSec: number
  }[]
  simulators: { id: string; title: string; attempts: number; bestPercent: number; passedCheck: boolean }[]
  timeSpentSec: number
}

export function dashboard(facts: LearnerFacts): DashboardView {
  const catalog = getCatalog()
  const courses = catalog.courses
    .filter((course) => facts.courses.has(course.slug))
    .map((course) => {
      const entry = facts.courses.get(course.slug)!
      const view = courseProgress(course, facts)
      return {
        slug: course.slug,
        title: course.title,
        percent: view.status.percent,
        lessonsDone: view.status.lessonsDone,
        lessonsTotal: view.status.lessonsTotal,
        quizBestPercent: entry.quizBestPercent,
        quizPassPercent: course.completion.quizPassPercent,
        quizAttempts: entry.quizAttempts,
        complete: view.status.complete,
        completedAt: view.completedAt,
        next: { kind: view.next.kind, title: nextTitle(course, view.next), href: nextHref(course.slug, view.next) },
        timeSpentSec: entry.timeSpentSec,
      }
    })
  const simulators = catalog.simulators
    .filter((scenario) => facts.simulators.has(scenario.id))
    .map((scenario) => ({ id: scenario.id, title: scenario.title, ...pick(facts.simulators.get(scenario.id)!) }))
  const timeSpentSec =
    [...facts.courses.values()].reduce((sum, entry) => sum + entry.timeSpentSec, 0) +
    [...facts.simulators.values()].reduce((sum, sim) => sum + sim.timeSpentSec, 0)
  return { continue: continueLearning(facts), courses, simulators, timeSpentSec }
}

function pick({ attempts, bestPercent, passedCheck }: SimulatorFacts) {
  return { attempts, bestPercent, passedCheck }
}
