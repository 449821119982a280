import { type EventContext, type EventResult, type ObjectType, type Verb, deriveEventId } from './events'

// The one definition of what each event does to the rows pages read. Live
// writes load the touched rows, apply events here and save what changed;
// `npm run progress:rebuild` applies the whole log to empty rows. Both use
// this function, and it reads nothing but its arguments (no clock, no
// content), so a rebuild reproduces the live rows exactly.

export type StoredEvent = {
  id: string
  actorId: string
  verb: Verb
  objectType: ObjectType
  objectId: string
  result: EventResult | null
  context: EventContext | null
  timestamp: Date
}

// A row of the log as stored (result and context as JSON text). A field that
// does not parse reads as absent rather than failing a whole page or rebuild.
export type StoredEventRow = {
  id: string
  actorId: string
  verb: string
  objectType: string
  objectId: string
  result: string | null
  context: string | null
  timestamp: Date
}

export function parseStoredEvent(row: StoredEventRow): StoredEvent {
  return {
    id: row.id,
    actorId: row.actorId,
    verb: row.verb as Verb,
    objectType: row.objectType as ObjectType,
    objectId: row.objectId,
    result: parseJsonObject<EventResult>(row.result),
    context: parseJsonObject<EventContext>(row.context),
    timestamp: row.timestamp,
  }
}

function parseJsonObject<T>(text: string | null): T | null {
  if (!text) return null
  try {
    const value = JSON.parse(text) as unknown
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as T) : null
  } catch {
    return null
  }
}

// The statement that a course is complete: one per learner and course, its
// id derived from both so that it can never be written twice.
export async function courseCompletedStatement(userId: string, courseSlug: string, at: Date, contentVersion: string): Promise<StoredEvent> {
  return {
    id: await deriveEventId('course-completed', userId, courseSlug),
    actorId: userId,
    verb: 'completed',
    objectType: 'course',
    objectId: courseSlug,
    result: { success: true, durationSec: 0 },
    context: { course: courseSlug, version: contentVersion, source: 'web' },
    timestamp: at,
  }
}

export type LessonRow = {
  userId: string
  courseSlug: string
  lessonSlug: string
  firstOpenedAt: Date | null
  lastOpenedAt: Date | null
  completedAt: Date | null
  timeSpentSec: number
}

export type CourseRow = {
  userId: string
  courseSlug: string
  lessonsCompleted: number
  quizBestPercent: number | null
  quizPassedAt: Date | null
  completedAt: Date | null
  lastLessonSlug: string | null
  lastActivityAt: Date
  timeSpentSec: number
}

export type QuizAttemptRow = {
  id: string
  userId: string
  courseSlug: string
  correct: number
  total: number
  percent: number
  passed: boolean
  createdAt: Date
}

export type SimulatorAttemptRow = {
  id: string
  userId: string
  scenarioId: string
  mode: string
  steps: number
  firstTry: number
  mistakes: number
  hintsUsed: number
  percent: number
  passed: boolean
  durationSec: number
  completedAt: Date
}

// The rows of one learner that a batch of events may touch. Lesson keys are
// "course/lesson". `dirty` names the keys to write back.
export type Projection = {
  userId: string
  lessons: Map<string, LessonRow>
  courses: Map<string, CourseRow>
  quizAttempts: QuizAttemptRow[]
  simulatorAttempts: SimulatorAttemptRow[]
  dirtyLessons: Set<string>
  dirtyCourses: Set<string>
}

export function emptyProjection(userId: string): Projection {
  return { userId, lessons: new Map(), courses: new Map(), quizAttempts: [], simulatorAttempts: [], dirtyLessons: new Set(), dirtyCourses: new Set() }
}

const later = (a: Date | null, b: Date) => (a && a.getTime() >= b.getTime() ? a : b)
const earlier = (a: Date | null, b: Date) => (a && a.getTime() <= b.getTime() ? a : b)
const seconds = (value: number | undefined) => (Number.isFinite(value) && value! > 0 ? Math.round(value!) : 0)

function course(projection: Projection, slug: string, at: Date): CourseRow {
  let row = projection.courses.get(slug)
  if (!row) {
    row = {
      userId: projection.userId,
      courseSlug: slug,
      lessonsCompleted: 0,
      quizBestPercent: null,
      quizPassedAt: null,
      completedAt: null,
      lastLessonSlug: null,
      lastActivityAt: at,
      timeSpentSec: 0,
    }
    projection.courses.set(slug, row)
  }
  projection.dirtyCourses.add(slug)
  return row
}

function lesson(projection: Projection, key: string): LessonRow {
  let row = projection.lessons.get(key)
  if (!row) {
    const [courseSlug = '', lessonSlug = ''] = key.split('/')
    row = { userId: projection.userId, courseSlug, lessonSlug, firstOpenedAt: null, lastOpenedAt: null, completedAt: null, timeSpentSec: 0 }
    projection.lessons.set(key, row)
  }
  projection.dirtyLessons.add(key)
  return row
}

// Keys the loader must fetch before applying these events.
export function touchedKeys(events: Pick<StoredEvent, 'objectType' | 'objectId'>[]) {
  const lessons = new Set<string>()
  const courses = new Set<string>()
  for (const event of events) {
    if (event.objectType === 'lesson') {
      lessons.add(event.objectId)
      courses.add(event.objectId.split('/')[0]!)
    } else if (event.objectType === 'course' || event.objectType === 'quiz') {
      courses.add(event.objectId)
    }
  }
  return { lessons: [...lessons], courses: [...courses] }
}

export function applyEvent(projection: Projection, event: StoredEvent): void {
  const at = event.timestamp
  const result = event.result ?? {}
  switch (event.objectType) {
    case 'lesson': {
      const [courseSlug = '', lessonSlug = ''] = event.objectId.split('/')
      const row = lesson(projection, event.objectId)
      const parent = course(projection, courseSlug, at)
      // "Học tiếp" follows the newest statement, not the last to arrive: a
      // late upload or a guest merge must not move it back.
      if (at.getTime() >= parent.lastActivityAt.getTime() || !parent.lastLessonSlug) parent.lastLessonSlug = lessonSlug
      parent.lastActivityAt = later(parent.lastActivityAt, at)
      if (event.verb === 'experienced') {
        row.firstOpenedAt = earlier(row.firstOpenedAt, at)
        row.lastOpenedAt = later(row.lastOpenedAt, at)
      } else if (event.verb === 'completed') {
        if (!row.completedAt) parent.lessonsCompleted += 1
        row.completedAt = earlier(row.completedAt, at)
        const spent = seconds(result.durationSec)
        row.timeSpentSec += spent
        parent.timeSpentSec += spent
      }
      return
    }
    case 'quiz': {
      const parent = course(projection, event.objectId, at)
      parent.lastActivityAt = later(parent.lastActivityAt, at)
      const percent = Math.max(0, Math.min(100, Math.round(result.percent ?? 0)))
      const passed = event.verb === 'passed'
      parent.quizBestPercent = Math.max(parent.quizBestPercent ?? 0, percent)
      if (passed) parent.quizPassedAt = earlier(parent.quizPassedAt, at)
      const spent = seconds(result.durationSec)
      parent.timeSpentSec += spent
      projection.quizAttempts.push({
        id: event.id,
        userId: projection.userId,
        courseSlug: event.objectId,
        correct: Math.round(result.raw ?? 0),
        total: Math.round(result.max ?? 0),
        percent,
        passed,
        createdAt: at,
      })
      return
    }
    case 'simulator': {
      projection.simulatorAttempts.push({
        id: event.id,
        userId: projection.userId,
        scenarioId: event.objectId,
        mode: event.context?.mode ?? 'practice',
        steps: Math.round(result.max ?? 0),
        firstTry: Math.round(result.firstTry ?? result.raw ?? 0),
        mistakes: Math.round(result.mistakes ?? 0),
        hintsUsed: Math.round(result.hintsUsed ?? 0),
        percent: Math.max(0, Math.min(100, Math.round(result.percent ?? 0))),
        passed: result.success === true,
        durationSec: seconds(result.durationSec),
        completedAt: at,
      })
      return
    }
    case 'course': {
      const parent = course(projection, event.objectId, at)
      parent.completedAt = earlier(parent.completedAt, at)
      parent.lastActivityAt = later(parent.lastActivityAt, at)
      return
    }
    // Answers and simulator steps are detail for audits and exports; the
    // attempt rows above already carry their totals.
    case 'question':
    case 'simulator-step':
      return
  }
}
