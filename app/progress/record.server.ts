import { getCatalog, getCourse } from '~/content/catalog.server'
import { prisma } from '~/db.server'
import { Prisma } from '#generated/prisma/client'
import { evaluateCompletion } from './completion'
import { type LearningEventInput, sameStatement } from './events'
import { type CourseRow, type LessonRow, type Projection, type StoredEvent, applyEvent, courseCompletedStatement, emptyProjection, touchedKeys } from './projections'

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

// Features that act on a completed course (certificates) register here, so
// every path that records events (lesson and quiz forms, simulators, the
// events API, a guest's progress merged at sign-up or login) reaches them
// without this module depending on them. Listeners run after the commit and
// before the caller's promise resolves, so the page that reports "course
// complete" can already link to what was issued. A listener's failure is
// logged and never fails the learner's request; whatever it missed is for
// the listener to heal later (the dashboard issues what is missing).
export type CompletionListener = (userId: string, courseSlugs: string[]) => Promise<void>
const completionListeners = new Map<string, CompletionListener>()

// Keyed by name: a module reloaded in development replaces its listener.
export function onCoursesCompleted(name: string, listener: CompletionListener) {
  completionListeners.set(name, listener)
}

async function notifyCompleted(userId: string, courseSlugs: string[]) {
  for (const [name, listener] of completionListeners) {
    try {
      await listener(userId, courseSlugs)
    } catch (error) {
      console.warn(JSON.stringify({ level: 'warn', msg: 'course completion listener failed', listener: name, error: error instanceof Error ? error.message : String(error) }))
    }
  }
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
    // better-sqlite3 answers synchronously, so a transaction started at once
    // would finish before any other request is even read: one job each. The
    // flush waits for the end of this event-loop turn instead, by which time
    // every request that arrived with this one has queued its events.
    if (!flushing) {
      flushing = true
      setImmediate(() => void flush())
    }
  })
}

async function flush() {
  try {
    while (queue.length) {
      const jobs = queue.splice(0, MAX_JOBS_PER_TRANSACTION)
      let outcomes: (RecordOutcome | EventConflictError)[]
      try {
        outcomes = await prisma.$transaction((tx) => writeJobs(tx, jobs))
      } catch (error) {
        for (const job of jobs) job.reject(error)
        continue
      }
      jobs.forEach((job, index) => {
        const outcome = outcomes[index]!
        if (outcome instanceof EventConflictError) job.reject(outcome)
        else if (outcome.completedCourses.length && completionListeners.size) {
          // Not awaited here: the next batch's transaction need not wait.
          void notifyCompleted(job.actorId, outcome.completedCourses).then(() => job.resolve(outcome))
        } else job.resolve(outcome)
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

// The jobs of one transaction, written with a fixed number of statements for
// the whole batch instead of several per job: what the jobs' ids already
// mean, the touched learners' rows, then one statement per table for what
// changed. Jobs are still applied one after the other, in arrival order, to
// one projection per learner, so the rows and the log's order are what
// writing the jobs one by one would have produced.
async function writeJobs(tx: Tx, jobs: Job[]): Promise<(RecordOutcome | EventConflictError)[]> {
  const incoming = jobs.map((job) => job.events.map((input) => toStored(job.actorId, input)))
  const existing = await tx.learningEvent.findMany({
    where: { id: { in: [...new Set(incoming.flat().map((event) => event.id))] } },
    select: { id: true, actorId: true, verb: true, objectType: true, objectId: true },
  })
  const known = new Map<string, Parameters<typeof sameStatement>[0]>(existing.map((row) => [row.id, row]))

  // Conflicts are found before anything of a job is applied, so a refused
  // job leaves the other jobs of the same transaction untouched.
  const accepted: { job: number; fresh: StoredEvent[]; duplicates: number }[] = []
  const outcomes: (RecordOutcome | EventConflictError)[] = jobs.map(() => ({ stored: 0, duplicates: 0, completedCourses: [] }))
  for (const [index, events] of incoming.entries()) {
    const fresh: StoredEvent[] = []
    let duplicates = 0
    let conflict: EventConflictError | null = null
    for (const event of events) {
      const seen = known.get(event.id) ?? fresh.find((earlier) => earlier.id === event.id)
      if (seen) {
        if (!sameStatement(seen, event)) {
          conflict = new EventConflictError(event.id)
          break
        }
        duplicates += 1
        continue
      }
      fresh.push(event)
    }
    if (conflict) {
      outcomes[index] = conflict
      continue
    }
    for (const event of fresh) known.set(event.id, event)
    outcomes[index] = { stored: fresh.length, duplicates, completedCourses: [] }
    if (fresh.length) accepted.push({ job: index, fresh, duplicates })
  }
  if (!accepted.length) return outcomes

  const learners = await loadLearners(tx, accepted.flatMap((entry) => entry.fresh))
  const log: StoredEvent[] = []
  for (const { job, fresh, duplicates } of accepted) {
    const projection = learners.get(jobs[job]!.actorId)!
    for (const event of fresh) applyEvent(projection, event)
    const completions = await completionEvents(tx, projection, fresh)
    for (const event of completions) applyEvent(projection, event)
    log.push(...fresh, ...completions)
    outcomes[job] = { stored: fresh.length, duplicates, completedCourses: completions.map((event) => event.objectId) }
  }

  await insertEvents(tx, log)
  await saveLearners(tx, learners)
  return outcomes
}

// Courses whose rule asks for a scenario passed (check mode) in these events.
function coursesUnlockedBy(events: StoredEvent[]): string[] {
  const passed = events.filter((event) => event.objectType === 'simulator' && event.result?.success && event.context?.mode === 'check')
  if (!passed.length) return []
  return getCatalog()
    .courses.filter((course) => course.completion.simulators.some((id) => passed.some((event) => event.objectId === id)))
    .map((course) => course.slug)
}

// Exactly the rows the batch touches, by their keys, in one query per table.
// As SQL because Prisma has no condition on a tuple of columns: its OR of
// one condition per key is compiled anew for every batch size (~2 ms), and
// crossed `in` lists fetch every row of every touched learner's courses.
async function loadLearners(tx: Tx, events: StoredEvent[]): Promise<Map<string, Projection>> {
  const learners = new Map<string, Projection>()
  const lessonKeys = new Map<string, [string, string, string]>()
  const courseKeys = new Map<string, [string, string]>()
  for (const event of events) {
    if (!learners.has(event.actorId)) learners.set(event.actorId, emptyProjection(event.actorId))
    const keys = touchedKeys([event])
    for (const key of keys.lessons) {
      const [courseSlug = '', lessonSlug = ''] = key.split('/')
      lessonKeys.set(`${event.actorId}/${key}`, [event.actorId, courseSlug, lessonSlug])
    }
    for (const slug of [...keys.courses, ...coursesUnlockedBy([event])]) courseKeys.set(`${event.actorId}/${slug}`, [event.actorId, slug])
  }
  for (const keys of chunks([...lessonKeys.values()])) {
    const rows = await tx.$queryRaw<LessonRow[]>(
      tuples(
        'SELECT "userId", "courseSlug", "lessonSlug", "firstOpenedAt", "lastOpenedAt", "completedAt", "timeSpentSec" FROM "LessonProgress" WHERE ("userId", "courseSlug", "lessonSlug") IN (VALUES ',
        keys,
        ')',
      ),
    )
    // Number(): raw results may carry integers as bigint, depending on the driver.
    for (const row of rows) learners.get(row.userId)!.lessons.set(`${row.courseSlug}/${row.lessonSlug}`, { ...row, timeSpentSec: Number(row.timeSpentSec) })
  }
  for (const keys of chunks([...courseKeys.values()])) {
    const rows = await tx.$queryRaw<CourseRow[]>(
      tuples(
        'SELECT "userId", "courseSlug", "lessonsCompleted", "quizBestPercent", "quizPassedAt", "completedAt", "lastLessonSlug", "lastActivityAt", "timeSpentSec" FROM "CourseProgress" WHERE ("userId", "courseSlug") IN (VALUES ',
        keys,
        ')',
      ),
    )
    for (const row of rows) {
      learners.get(row.userId)!.courses.set(row.courseSlug, {
        ...row,
        lessonsCompleted: Number(row.lessonsCompleted),
        quizBestPercent: row.quizBestPercent === null ? null : Number(row.quizBestPercent),
        timeSpentSec: Number(row.timeSpentSec),
      })
    }
  }
  return learners
}

// A course completes the first time its rule holds; the statement saying so
// is part of the log (so rebuilds replay it) and its id is derived from the
// learner and the course, so it can never be written twice.
async function completionEvents(tx: Tx, projection: Projection, fresh: StoredEvent[]): Promise<StoredEvent[]> {
  const at = fresh.reduce((latest, event) => (event.timestamp > latest ? event.timestamp : latest), fresh[0]!.timestamp)
  const candidates = new Set<string>([...touchedKeys(fresh).courses, ...coursesUnlockedBy(fresh)])
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
    out.push(await courseCompletedStatement(projection.userId, slug, at, getCatalog().version))
  }
  return out
}

// The two statements every event pays for are written as SQL: through
// Prisma's query builder a row of createMany costs ~170 µs of CPU and an
// update ~190 µs on this project's machines, which alone would use up a core
// below 2,000 events/s; the same statements as SQL cost ~45 µs per inserted
// row and ~20 µs per upserted row. Both are standard SQL that SQLite (3.24+)
// and PostgreSQL accept alike, with Prisma.sql choosing the placeholders and
// converting dates as its own writes do. See docs/decisions/009-event-ingestion.md.
// Rows per statement: under SQLite's and PostgreSQL's limits on parameters.
const ROWS_PER_STATEMENT = 500

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) out.push(rows.slice(i, i + ROWS_PER_STATEMENT))
  return out
}

// One statement with a parenthesised tuple of parameters per row, between
// `head` and `tail`. Built as a single Prisma.sql over flat values (Prisma
// still chooses the placeholders): nesting a Prisma.sql per row in a
// Prisma.join cost ~17 % more CPU (an insert of 90 events: 3.4 ms against 2.8).
function tuples(head: string, rows: unknown[][], tail: string) {
  const strings = [`${head}(`]
  const values: unknown[] = []
  rows.forEach((row, index) => {
    if (index > 0) strings[strings.length - 1] += '), ('
    row.forEach((value, column) => {
      if (column > 0) strings.push(', ')
      values.push(value)
    })
    strings.push('')
  })
  strings[strings.length - 1] += `)${tail}`
  return Prisma.sql(strings, ...values)
}

async function insertEvents(tx: Tx, events: StoredEvent[]) {
  // storedAt is set here, not left to the column's SQL default, so it has the
  // same text form as every other date Prisma writes.
  const storedAt = new Date()
  for (const rows of chunks(events)) {
    await tx.$executeRaw(
      tuples(
        'INSERT INTO "LearningEvent" ("id", "actorId", "verb", "objectType", "objectId", "result", "context", "timestamp", "storedAt") VALUES ',
        rows.map((event) => [
          event.id,
          event.actorId,
          event.verb,
          event.objectType,
          event.objectId,
          event.result ? JSON.stringify(event.result) : null,
          event.context ? JSON.stringify(event.context) : null,
          event.timestamp,
          storedAt,
        ]),
        '',
      ),
    )
  }
}

async function upsertLessons(tx: Tx, lessons: LessonRow[]) {
  for (const rows of chunks(lessons)) {
    await tx.$executeRaw(
      tuples(
        'INSERT INTO "LessonProgress" ("userId", "courseSlug", "lessonSlug", "firstOpenedAt", "lastOpenedAt", "completedAt", "timeSpentSec") VALUES ',
        rows.map((row) => [row.userId, row.courseSlug, row.lessonSlug, row.firstOpenedAt, row.lastOpenedAt, row.completedAt, row.timeSpentSec]),
        ' ON CONFLICT ("userId", "courseSlug", "lessonSlug") DO UPDATE SET "firstOpenedAt" = excluded."firstOpenedAt", "lastOpenedAt" = excluded."lastOpenedAt", "completedAt" = excluded."completedAt", "timeSpentSec" = excluded."timeSpentSec"',
      ),
    )
  }
}

async function upsertCourses(tx: Tx, courses: CourseRow[]) {
  for (const rows of chunks(courses)) {
    await tx.$executeRaw(
      tuples(
        'INSERT INTO "CourseProgress" ("userId", "courseSlug", "lessonsCompleted", "quizBestPercent", "quizPassedAt", "completedAt", "lastLessonSlug", "lastActivityAt", "timeSpentSec") VALUES ',
        rows.map((row) => [
          row.userId,
          row.courseSlug,
          row.lessonsCompleted,
          row.quizBestPercent,
          row.quizPassedAt,
          row.completedAt,
          row.lastLessonSlug,
          row.lastActivityAt,
          row.timeSpentSec,
        ]),
        ' ON CONFLICT ("userId", "courseSlug") DO UPDATE SET "lessonsCompleted" = excluded."lessonsCompleted", "quizBestPercent" = excluded."quizBestPercent", "quizPassedAt" = excluded."quizPassedAt", "completedAt" = excluded."completedAt", "lastLessonSlug" = excluded."lastLessonSlug", "lastActivityAt" = excluded."lastActivityAt", "timeSpentSec" = excluded."timeSpentSec"',
      ),
    )
  }
}

// Every row the batch changed, in one statement per table whatever the
// number of jobs and learners.
async function saveLearners(tx: Tx, learners: Map<string, Projection>) {
  // A removed account keeps its (anonymised) log but has no rows to show.
  const live = new Set(
    (await tx.user.findMany({ where: { id: { in: [...learners.keys()] }, deletedAt: null }, select: { id: true } })).map((user) => user.id),
  )
  const lessons: LessonRow[] = []
  const courses: CourseRow[] = []
  const quizAttempts: Projection['quizAttempts'] = []
  const simulatorAttempts: Projection['simulatorAttempts'] = []
  for (const [userId, projection] of learners) {
    if (!live.has(userId)) continue
    for (const key of projection.dirtyLessons) lessons.push(projection.lessons.get(key)!)
    for (const slug of projection.dirtyCourses) courses.push(projection.courses.get(slug)!)
    quizAttempts.push(...projection.quizAttempts)
    simulatorAttempts.push(...projection.simulatorAttempts)
  }
  await upsertLessons(tx, lessons)
  await upsertCourses(tx, courses)
  if (quizAttempts.length) await tx.quizAttempt.createMany({ data: quizAttempts })
  if (simulatorAttempts.length) await tx.simulatorAttempt.createMany({ data: simulatorAttempts })
}
