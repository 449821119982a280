import { getCatalog, getCourse } from '~/content/catalog.server'
import { prisma } from '~/db.server'
import { type Prisma } from '#generated/prisma/client'
import { evaluateCompletion } from './completion'
import { type EventContext, type EventResult, type LearningEventInput, deriveEventId, sameStatement } from './events'
import { type CourseRow, type LessonRow, type Projection, type StoredEvent, applyEvent, emptyProjection, touchedKeys } from './projections'

export type RecordOutcome = { stored: number; duplicates: number; completedCourses: string[] }

// An id already used for a different statement: the client is told, nothing is written.
export class EventConflictError extends Error {
  constructor(readonly eventId: string) {
    super(`event id ${eventId} was already used for a different statement`)
  }
}

type Tx = Prisma.TransactionClient
type Job = {
  actorId: string
  events: LearningEventInput[]
  resolve: (outcome: RecordOutcome) => void
  reject: (error: unknown) => void
}

// Group commit: events that arrive while a transaction is running wait and
// are written together in the next one. SQLite has one writer, so this turns
// many small transactions into few larger ones; every caller's promise
// resolves only after the transaction holding its events has committed, so
// an acknowledged event is on disk (WAL) and survives a crash of the process.
const MAX_JOBS_PER_TRANSACTION = 200
const queue: Job[] = []
let flushing = false

export function recordEvents(actorId: string, events: LearningEventInput[]): Promise<RecordOutcome> {
  if (!events.length) return Promise.resolve({ stored: 0, duplicates: 0, completedCourses: [] })
  return new Promise((resolve, reject) => {
    queue.push({ actorId, events, resolve, reject })
    if (!flushing) void flush()
  })
}

async function flush() {
  flushing = true
  try {
    while (queue.length) {
      const jobs = queue.splice(0, MAX_JOBS_PER_TRANSACTION)
      const outcomes: (RecordOutcome | EventConflictError)[] = []
      try {
        await prisma.$transaction(async (tx) => {
          outcomes.length = 0
          for (const job of jobs) outcomes.push(await writeJob(tx, job.actorId, job.events))
        })
      } catch (error) {
        for (const job of jobs) job.reject(error)
        continue
      }
      jobs.forEach((job, index) => {
        const outcome = outcomes[index]!
        if (outcome instanceof EventConflictError) job.reject(outcome)
        else job.resolve(outcome)
      })
    }
  } finally {
    flushing = false
  }
}

function toStored(actorId: string, event: LearningEventInput): StoredEvent {
  return {
    id: event.id,
    actorId,
    verb: event.verb,
    objectType: event.object.type,
    objectId: event.object.id,
    result: event.result ?? null,
    context: event.context ?? null,
    timestamp: event.timestamp,
  }
}

async function writeJob(tx: Tx, actorId: string, inputs: LearningEventInput[]): Promise<RecordOutcome | EventConflictError> {
  // Conflicts are found before anything is written, so a refused job leaves
  // the other jobs of the same transaction untouched.
  const incoming = inputs.map((input) => toStored(actorId, input))
  const existing = await tx.learningEvent.findMany({
    where: { id: { in: incoming.map((event) => event.id) } },
    select: { id: true, actorId: true, verb: true, objectType: true, objectId: true },
  })
  const known = new Map(existing.map((row) => [row.id, row]))
  const fresh: StoredEvent[] = []
  let duplicates = 0
  for (const event of incoming) {
    const seen = known.get(event.id)
    if (seen) {
      if (!sameStatement(seen, event)) return new EventConflictError(event.id)
      duplicates += 1
      continue
    }
    known.set(event.id, event)
    fresh.push(event)
  }
  if (!fresh.length) return { stored: 0, duplicates, completedCourses: [] }

  const projection = await loadProjection(tx, actorId, fresh)
  for (const event of fresh) applyEvent(projection, event)
  const completions = await completionEvents(tx, projection, fresh)
  for (const event of completions) applyEvent(projection, event)
  const all = [...fresh, ...completions]

  await tx.learningEvent.createMany({
    data: all.map((event) => ({
      id: event.id,
      actorId,
      verb: event.verb,
      objectType: event.objectType,
      objectId: event.objectId,
      result: event.result ? JSON.stringify(event.result) : null,
      context: event.context ? JSON.stringify(event.context) : null,
      timestamp: event.timestamp,
    })),
  })
  await saveProjection(tx, projection)
  return { stored: fresh.length, duplicates, completedCourses: completions.map((event) => event.objectId) }
}

async function loadProjection(tx: Tx, userId: string, events: StoredEvent[]): Promise<Projection> {
  const projection = emptyProjection(userId)
  const keys = touchedKeys(events)
  // Courses whose rule asks for a scenario passed in this batch may complete now.
  const passed = events.filter((event) => event.objectType === 'simulator' && event.result?.success && event.context?.mode === 'check')
  if (passed.length) {
    for (const course of getCatalog().courses) {
      if (course.completion.simulators.some((id) => passed.some((event) => event.objectId === id))) keys.courses.push(course.slug)
    }
  }
  const [lessons, courses] = await Promise.all([
    keys.lessons.length
      ? tx.lessonProgress.findMany({
          where: {
            userId,
            OR: keys.lessons.map((key) => {
              const [courseSlug = '', lessonSlug = ''] = key.split('/')
              return { courseSlug, lessonSlug }
            }),
          },
        })
      : [],
    keys.courses.length ? tx.courseProgress.findMany({ where: { userId, courseSlug: { in: [...new Set(keys.courses)] } } }) : [],
  ])
  for (const row of lessons) projection.lessons.set(`${row.courseSlug}/${row.lessonSlug}`, row)
  for (const row of courses) projection.courses.set(row.courseSlug, row)
  return projection
}

// A course completes the first time its rule holds; the statement saying so
// is part of the log (so rebuilds replay it) and its id is derived from the
// learner and the course, so it can never be written twice.
async function completionEvents(tx: Tx, projection: Projection, fresh: StoredEvent[]): Promise<StoredEvent[]> {
  const at = fresh.reduce((latest, event) => (event.timestamp > latest ? event.timestamp : latest), fresh[0]!.timestamp)
  const candidates = new Set<string>([...projection.dirtyCourses])
  const passedNow = fresh.filter((event) => event.objectType === 'simulator' && event.result?.success && event.context?.mode === 'check')
  for (const course of getCatalog().courses) {
    if (course.completion.simulators.some((id) => passedNow.some((event) => event.objectId === id))) candidates.add(course.slug)
  }
  const out: StoredEvent[] = []
  for (const slug of candidates) {
    const course = getCourse(slug)
    const row = projection.courses.get(slug)
    if (!course || row?.completedAt) continue
    // Cheap gates before reading every lesson row.
    if ((row?.lessonsCompleted ?? 0) < course.lessons.length) continue
    const best = row?.quizBestPercent
    if (best === null || best === undefined || best < course.completion.quizPassPercent) continue
    const [done, simulators] = await Promise.all([
      tx.lessonProgress.findMany({ where: { userId: projection.userId, courseSlug: slug, completedAt: { not: null } }, select: { lessonSlug: true } }),
      course.completion.simulators.length
        ? tx.simulatorAttempt.findMany({
            where: { userId: projection.userId, scenarioId: { in: course.completion.simulators }, mode: 'check', passed: true },
            select: { scenarioId: true },
          })
        : [],
    ])
    const completedLessons = new Set(done.map((lesson) => lesson.lessonSlug))
    for (const [key, lesson] of projection.lessons) if (lesson.completedAt && key.startsWith(`${slug}/`)) completedLessons.add(lesson.lessonSlug)
    const simulatorsPassed = new Set(simulators.map((attempt) => attempt.scenarioId))
    for (const attempt of projection.simulatorAttempts) if (attempt.mode === 'check' && attempt.passed) simulatorsPassed.add(attempt.scenarioId)
    const status = evaluateCompletion(course.completion, {
      lessons: course.lessons.map((lesson) => lesson.slug),
      completedLessons,
      quizBestPercent: row?.quizBestPercent ?? null,
      simulatorsPassed,
    })
    if (!status.complete) continue
    const context: EventContext = { course: slug, version: getCatalog().version, source: 'web' }
    const result: EventResult = { success: true, durationSec: 0 }
    out.push({
      id: await deriveEventId('course-completed', projection.userId, slug),
      actorId: projection.userId,
      verb: 'completed',
      objectType: 'course',
      objectId: slug,
      result,
      context,
      timestamp: at,
    })
  }
  return out
}

async function saveProjection(tx: Tx, projection: Projection) {
  // A removed account keeps its (anonymised) log but has no rows to show.
  const exists = await tx.user.findUnique({ where: { id: projection.userId }, select: { deletedAt: true } })
  if (!exists || exists.deletedAt) return
  for (const key of projection.dirtyLessons) {
    const row = projection.lessons.get(key)!
    await tx.lessonProgress.upsert({
      where: { userId_courseSlug_lessonSlug: { userId: row.userId, courseSlug: row.courseSlug, lessonSlug: row.lessonSlug } },
      create: row,
      update: lessonFields(row),
    })
  }
  for (const slug of projection.dirtyCourses) {
    const row = projection.courses.get(slug)!
    await tx.courseProgress.upsert({
      where: { userId_courseSlug: { userId: row.userId, courseSlug: row.courseSlug } },
      create: row,
      update: courseFields(row),
    })
  }
  if (projection.quizAttempts.length) await tx.quizAttempt.createMany({ data: projection.quizAttempts })
  if (projection.simulatorAttempts.length) await tx.simulatorAttempt.createMany({ data: projection.simulatorAttempts })
}

function lessonFields({ userId: _u, courseSlug: _c, lessonSlug: _l, ...fields }: LessonRow) {
  return fields
}

function courseFields({ userId: _u, courseSlug: _c, ...fields }: CourseRow) {
  return fields
}
