import { getCatalog, getCourse } from '~/content/catalog.server'
import { type QuizGrade } from '~/content/quiz'
import { prisma } from '~/db.server'
import { type Score, type StepRecord } from '~/simulators/engine'
import { type LearningEventInput, UUID, deriveEventId } from './events'
import { type GuestProgress, REOPEN_MS, emptyGuest, guestCompletedLesson, guestLessonTimes, guestOpenedLesson, guestQuiz, guestSimulator } from './guest.server'
import { recordEvents } from './record.server'

// The doors from the pages to the learning record: each takes what a page
// knows (who, what, the form's id) and either appends statements for a
// signed-in learner or updates a guest's cookie. Pages never build events.

export type Learner = { userId: string } | { guest: GuestProgress | null }
export type Tracked = { guest: GuestProgress | null; completedCourse: string | null }

const signedIn = (learner: Learner): learner is { userId: string } => 'userId' in learner

// A form carries a random id from when it was rendered; a re-sent post keeps
// it, so the statement id derived from it (and the learner) repeats and the
// retry counts once. Cached pages share one id among guests; the learner's id
// in the derivation keeps two people apart.
export async function formEventId(userId: string, purpose: string, formId: unknown): Promise<string> {
  const id = typeof formId === 'string' && UUID.test(formId) ? formId : crypto.randomUUID()
  return deriveEventId('form', purpose, userId, id)
}

// Re-opening a lesson within REOPEN_MS (guest.server.ts) is the same visit, not a new statement.
export async function lessonOpened(learner: Learner, courseSlug: string, lessonSlug: string, now = new Date()): Promise<GuestProgress | null> {
  if (!signedIn(learner)) return learner.guest ? guestOpenedLesson(learner.guest, courseSlug, lessonSlug, now.getTime()) : null
  const row = await prisma.lessonProgress.findUnique({
    where: { userId_courseSlug_lessonSlug: { userId: learner.userId, courseSlug, lessonSlug } },
    select: { lastOpenedAt: true },
  })
  if (row?.lastOpenedAt && now.getTime() - row.lastOpenedAt.getTime() < REOPEN_MS) return null
  await recordEvents(learner.userId, [
    {
      id: crypto.randomUUID(),
      verb: 'experienced',
      object: { type: 'lesson', id: `${courseSlug}/${lessonSlug}` },
      context: { course: courseSlug, source: 'web', version: getCatalog().version },
      timestamp: now,
    },
  ])
  return null
}

// Time on the page since it was opened, capped at twice the lesson's
// estimate: a tab left open overnight is not an hour of study. The same rule
// for guests and signed-in learners, so a merged guest row equals theirs.
function lessonDurationSec(courseSlug: string, lessonSlug: string, lastOpenedAt: Date | null | undefined, now: Date): number {
  const lesson = getCourse(courseSlug)?.lessons.find((item) => item.slug === lessonSlug)
  const cap = Math.max(60, (lesson?.minutes ?? 10) * 2 * 60)
  return lastOpenedAt ? Math.min(cap, Math.max(0, Math.round((now.getTime() - lastOpenedAt.getTime()) / 1000))) : 0
}

export async function lessonCompleted(learner: Learner, courseSlug: string, lessonSlug: string, formId: unknown, now = new Date()): Promise<Tracked> {
  if (!signedIn(learner)) {
    const guest = learner.guest ?? emptyGuest(now.getTime())
    const opened = guestLessonTimes(guest, courseSlug, lessonSlug)?.lastOpenedAt
    const durationSec = lessonDurationSec(courseSlug, lessonSlug, opened == null ? null : new Date(opened * 1000), now)
    return { guest: guestCompletedLesson(guest, courseSlug, lessonSlug, now.getTime(), durationSec), completedCourse: null }
  }
  const row = await prisma.lessonProgress.findUnique({
    where: { userId_courseSlug_lessonSlug: { userId: learner.userId, courseSlug, lessonSlug } },
    select: { lastOpenedAt: true },
  })
  const durationSec = lessonDurationSec(courseSlug, lessonSlug, row?.lastOpenedAt, now)
  const outcome = await recordEvents(learner.userId, [
    {
      id: await formEventId(learner.userId, 'lesson', formId),
      verb: 'completed',
      object: { type: 'lesson', id: `${courseSlug}/${lessonSlug}` },
      result: { success: true, durationSec },
      context: { course: courseSlug, source: 'web', version: getCatalog().version },
      timestamp: now,
    },
  ])
  return { guest: null, completedCourse: outcome.completedCourses[0] ?? null }
}

export async function quizGraded(
  learner: Learner,
  courseSlug: string,
  grade: QuizGrade,
  form: { attempt: unknown; startedAt: unknown },
  now = new Date(),
): Promise<Tracked> {
  const started = Number(form.startedAt)
  const durationSec = Number.isFinite(started) && started > 0 ? Math.min(7200, Math.max(0, Math.round((now.getTime() - started) / 1000))) : 0
  if (!signedIn(learner)) {
    const detail = { correct: grade.correct, total: grade.total, durationSec }
    return { guest: guestQuiz(learner.guest ?? emptyGuest(now.getTime()), courseSlug, grade.percent, now.getTime(), detail), completedCourse: null }
  }
  const attempt = await formEventId(learner.userId, 'quiz', form.attempt)
  const context = { course: courseSlug, attempt, source: 'web' as const, version: getCatalog().version }
  const events: LearningEventInput[] = []
  for (const answer of grade.results) {
    events.push({
      id: await deriveEventId(attempt, 'answer', answer.id),
      verb: 'answered',
      object: { type: 'question', id: `${courseSlug}/${answer.id}` },
      result: { success: answer.correct, ...(answer.chosen === null ? {} : { response: String(answer.chosen) }) },
      context,
      timestamp: now,
    })
  }
  events.push({
    id: await deriveEventId(attempt, 'result'),
    verb: grade.passed ? 'passed' : 'failed',
    object: { type: 'quiz', id: courseSlug },
    result: { success: grade.passed, raw: grade.correct, max: grade.total, percent: grade.percent, durationSec },
    context,
    timestamp: now,
  })
  const outcome = await recordEvents(learner.userId, events)
  return { guest: null, completedCourse: outcome.completedCourses[0] ?? null }
}

export type SimulatorAttempt = {
  scenarioId: string
  mode: 'guided' | 'practice' | 'check'
  startedAt: number
  score: Score
  steps: StepRecord[]
}

// Only whether each step was right is kept, never what was typed.
export async function simulatorFinished(learner: Learner, attempt: SimulatorAttempt, now = new Date()): Promise<Tracked> {
  const { score } = attempt
  const passed = attempt.mode === 'check' ? score.passed : score.percent >= 80
  if (!signedIn(learner)) {
    // The counts a signed-in attempt's row gets, so the merge can give the account the same row.
    const result = {
      mode: attempt.mode,
      percent: score.percent,
      passed,
      steps: score.steps,
      firstTry: score.firstTry,
      mistakes: score.mistakes,
      hintsUsed: score.hintsUsed,
      durationSec: score.seconds,
    }
    const guest = guestSimulator(learner.guest ?? emptyGuest(now.getTime()), attempt.scenarioId, result, now.getTime())
    return { guest, completedCourse: null }
  }
  // The same finished attempt posted twice derives the same ids.
  const attemptId = await deriveEventId('simulator', learner.userId, attempt.scenarioId, attempt.mode, String(attempt.startedAt))
  const context = { attempt: attemptId, mode: attempt.mode, source: 'web' as const, version: getCatalog().version }
  const events: LearningEventInput[] = []
  for (const [index, step] of attempt.steps.entries()) {
    events.push({
      id: await deriveEventId(attemptId, 'step', String(index)),
      verb: 'responded',
      object: { type: 'simulator-step', id: `${attempt.scenarioId}/${step.stepId}` },
      result: { success: step.mistakes === 0 && !step.hintUsed, mistakes: step.mistakes, hintUsed: step.hintUsed },
      context,
      timestamp: now,
    })
  }
  events.push({
    id: await deriveEventId(attemptId, 'result'),
    verb: 'completed',
    object: { type: 'simulator', id: attempt.scenarioId },
    result: {
      success: passed,
      raw: score.firstTry,
      max: score.steps,
      firstTry: score.firstTry,
      percent: score.percent,
      mistakes: score.mistakes,
      hintsUsed: score.hintsUsed,
      durationSec: score.seconds,
    },
    context,
    timestamp: now,
  })
  const outcome = await recordEvents(learner.userId, events)
  return { guest: null, completedCourse: outcome.completedCourses[0] ?? null }
}

// When a learner deletes their account: the log stays for audits and
// statistics but no longer points at them (one pseudonym for all their
// statements), and the rows pages read go. Returned as operations so the
// account deletion can run them in its own transaction.
export function erasureOperations(userId: string, pseudonym: string) {
  return [
    prisma.learningEvent.updateMany({ where: { actorId: userId }, data: { actorId: `deleted:${pseudonym}` } }),
    prisma.lessonProgress.deleteMany({ where: { userId } }),
    prisma.courseProgress.deleteMany({ where: { userId } }),
    prisma.quizAttempt.deleteMany({ where: { userId } }),
    prisma.simulatorAttempt.deleteMany({ where: { userId } }),
  ]
}

// For the data-protection export: every statement about the holder.
export async function learningRecordsOf(userId: string) {
  const rows = await prisma.learningEvent.findMany({ where: { actorId: userId }, orderBy: { seq: 'asc' } })
  return rows.map((row) => ({
    id: row.id,
    verb: row.verb,
    object: { type: row.objectType, id: row.objectId },
    result: row.result ? (JSON.parse(row.result) as unknown) : null,
    context: row.context ? (JSON.parse(row.context) as unknown) : null,
    timestamp: row.timestamp.toISOString(),
  }))
}
