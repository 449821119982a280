// The learners of `npm run seed:scale`: what each one did, as the learning
// events the site would have recorded, and the projection rows those events
// produce. The rows come from the app's own reducer (applyEvent) and course
// completions from the app's own rule (evaluateCompletion), statement for
// statement as app/progress/record.server.ts writes them, so a page reading
// this data reads exactly what live traffic would have left behind.
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { type Catalog } from '../../app/content/build.server'
import { type CompletionRule, evaluateCompletion } from '../../app/progress/completion'
import { type EventContext, type EventResult } from '../../app/progress/events'
import { type Projection, type StoredEvent, applyEvent, courseCompletedStatement, emptyProjection, touchedKeys } from '../../app/progress/projections'

// The learner the benchmark signs in as: exactly 5,000 events, every course.
export const DASHBOARD_LEARNER = {
  phone: '0900000500',
  e164: '+84900000500',
  password: 'Bà đi chợ sáng thứ bảy',
  name: 'Nguyễn Thị Năm Nghìn',
  events: 5_000,
} as const

// Every other seeded learner: mobile numbers 03x xxx xxxx, one per learner
// (E.164), all with the same password as the benchmark's learner.
export function scaleLearnerPhone(index: number): string {
  return `+843${String(index).padStart(8, '0')}`
}

type Audience = 'residents' | 'civil-servants' | 'both'

export type ScaleCourse = {
  slug: string
  audience: Audience
  completion: CompletionRule
  lessons: { slug: string; minutes: number; simulators: string[] }[]
  questions: { id: string; choices: number; answer: number }[]
}

export type ScaleContent = { version: string; courses: ScaleCourse[]; simulatorSteps: Map<string, string[]> }

// The compiled catalog, plus what it does not carry: which lesson embeds
// which simulator (from the MDX sources) and each scenario's steps up to its
// first ending (from the compiled scenarios).
export function loadScaleContent(root: string, buildDir: string): ScaleContent {
  const catalog = JSON.parse(readFileSync(path.join(buildDir, 'catalog.json'), 'utf8')) as Catalog
  const simulatorSteps = new Map<string, string[]>()
  for (const summary of catalog.simulators) {
    const scenario = JSON.parse(readFileSync(path.join(buildDir, 'simulators', `${summary.id}.json`), 'utf8')) as {
      steps: { id: string; end?: boolean }[]
    }
    const end = scenario.steps.findIndex((step) => step.end)
    simulatorSteps.set(summary.id, scenario.steps.slice(0, end < 0 ? undefined : end + 1).map((step) => step.id))
  }
  const courses = [...catalog.courses]
    .sort((a, b) => a.order - b.order)
    .map((course): ScaleCourse => {
      const dir = path.join(root, 'content', 'courses', course.slug)
      const embedded = new Map<string, string[]>()
      for (const file of readdirSync(dir).filter((name) => name.endsWith('.mdx'))) {
        const ids = [...readFileSync(path.join(dir, file), 'utf8').matchAll(/<Simulator id="([a-z0-9-]+)"/g)].map((match) => match[1]!)
        embedded.set(file.replace(/^\d+-/, '').replace(/\.mdx$/, ''), ids.filter((id) => simulatorSteps.has(id)))
      }
      return {
        slug: course.slug,
        audience: course.audience,
        completion: course.completion,
        lessons: course.lessons.map((lesson) => ({ slug: lesson.slug, minutes: lesson.minutes, simulators: embedded.get(lesson.slug) ?? [] })),
        questions: course.quiz.questions.map((question) => ({ id: question.id, choices: question.choices.length, answer: question.answer })),
      }
    })
  return { version: catalog.version, courses, simulatorSteps }
}

// A small seeded generator (mulberry32): the same seed gives the same
// dataset shape, run after run.
export type Rng = { next: () => number; int: (n: number) => number; chance: (p: number) => boolean; between: (a: number, b: number) => number }

export function createRng(seed: number): Rng {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (n) => Math.floor(next() * n),
    chance: (p) => next() < p,
    between: (a, b) => a + next() * (b - a),
  }
}

export type LearnerPlan = {
  userId: string
  kind: 'RESIDENT' | 'CIVIL_SERVANT'
  // How many statements to record; `exact` stops at exactly that many.
  target: number
  exact: boolean
  // First and last moments of activity (ms since epoch).
  from: number
  to: number
  // Takes every course, not only those for the learner's audience.
  allCourses: boolean
}

const MINUTE = 60_000

// The statements of one learner, in the order the site would store them,
// with the rows they leave. Learners study in sessions spread over the
// period: lessons in order (opened, usually read to the end), the simulators
// a lesson embeds, the course quiz once every lesson is read (retaken until
// passed), the simulators the course's rule asks for in check mode, then the
// next course; those who finish everything come back to review. Ids are random like a browser's; course completions get the id the
// server derives.
export async function generateLearner(plan: LearnerPlan, content: ScaleContent, rng: Rng): Promise<{ events: StoredEvent[]; projection: Projection }> {
  const projection = emptyProjection(plan.userId)
  const events: StoredEvent[] = []
  const audience: Audience = plan.kind === 'CIVIL_SERVANT' ? 'civil-servants' : 'residents'
  const courses = content.courses.filter((course) => plan.allCourses || course.audience === 'both' || course.audience === audience)
  // How well this learner does: share of quiz answers and simulator steps right.
  const skill = rng.between(0.6, 0.98)
  let t = plan.from
  let courseIndex = 0
  let lessonIndex = 0

  async function record(batch: StoredEvent[]) {
    for (const event of batch) applyEvent(projection, event)
    const completions = await completionsAfter(projection, batch, content)
    for (const event of completions) applyEvent(projection, event)
    events.push(...batch, ...completions)
  }

  function event(verb: StoredEvent['verb'], objectType: StoredEvent['objectType'], objectId: string, at: number, result: EventResult | null, context: EventContext): StoredEvent {
    return { id: crypto.randomUUID(), actorId: plan.userId, verb, objectType, objectId, result, context, timestamp: new Date(at) }
  }

  const web = (course?: string): EventContext => ({ ...(course ? { course } : {}), source: 'web', version: content.version })

  async function openLesson(course: ScaleCourse, lesson: ScaleCourse['lessons'][number], read: boolean) {
    const opened = t
    await record([event('experienced', 'lesson', `${course.slug}/${lesson.slug}`, opened, null, web(course.slug))])
    t += Math.round(lesson.minutes * MINUTE * rng.between(0.5, 1.8))
    if (!read) return
    const cap = Math.max(60, lesson.minutes * 2 * 60)
    const durationSec = Math.min(cap, Math.round((t - opened) / 1000))
    await record([event('completed', 'lesson', `${course.slug}/${lesson.slug}`, t, { success: true, durationSec }, web(course.slug))])
    t += Math.round(rng.between(0.2, 2) * MINUTE)
  }

  async function takeQuiz(course: ScaleCourse) {
    const started = t
    t += Math.round(rng.between(2, 10) * MINUTE)
    const attempt = crypto.randomUUID()
    const context: EventContext = { course: course.slug, attempt, source: 'web', version: content.version }
    const batch: StoredEvent[] = []
    let correct = 0
    for (const question of course.questions) {
      const right = rng.chance(skill)
      if (right) correct += 1
      const chosen = right ? question.answer : (question.answer + 1 + rng.int(Math.max(1, question.choices - 1))) % question.choices
      batch.push(event('answered', 'question', `${course.slug}/${question.id}`, t, { success: right, response: String(chosen) }, context))
    }
    const total = course.questions.length
    const percent = total ? Math.round((correct / total) * 100) : 0
    const passed = percent >= course.completion.quizPassPercent
    batch.push(
      event(passed ? 'passed' : 'failed', 'quiz', course.slug, t, { success: passed, raw: correct, max: total, percent, durationSec: Math.round((t - started) / 1000) }, context),
    )
    await record(batch)
    t += Math.round(rng.between(0.5, 3) * MINUTE)
    return passed
  }

  async function practise(scenarioId: string, mode: 'guided' | 'practice' | 'check') {
    const steps = content.simulatorSteps.get(scenarioId) ?? []
    if (!steps.length) return
    const started = t
    const attempt = crypto.randomUUID()
    const context: EventContext = { attempt, mode, source: 'web', version: content.version }
    // Each earlier attempt at the scenario halves the learner's mistakes.
    const tries = projection.simulatorAttempts.filter((earlier) => earlier.scenarioId === scenarioId).length
    const sure = 1 - (1 - skill) * 0.5 ** tries
    const records = steps.map((stepId) => {
      const mistakes = rng.chance(sure) ? 0 : 1 + rng.int(2)
      const hintUsed = mode !== 'check' && mistakes > 0 && rng.chance(0.4)
      return { stepId, mistakes, hintUsed }
    })
    t += Math.round(steps.length * rng.between(10, 40) * 1000)
    const firstTry = records.filter((record) => record.mistakes === 0 && !record.hintUsed).length
    const percent = Math.round((firstTry / records.length) * 100)
    // As the site scores an attempt: passed at 80 % of the steps right the
    // first time, in every mode.
    const passed = percent >= 80
    const batch = records.map((record) =>
      event('responded', 'simulator-step', `${scenarioId}/${record.stepId}`, t, { success: record.mistakes === 0 && !record.hintUsed, mistakes: record.mistakes, hintUsed: record.hintUsed }, context),
    )
    batch.push(
      event(
        'completed',
        'simulator',
        scenarioId,
        t,
        {
          success: passed,
          raw: firstTry,
          max: records.length,
          firstTry,
          percent,
          mistakes: records.reduce((sum, record) => sum + record.mistakes, 0),
          hintsUsed: records.filter((record) => record.hintUsed).length,
          durationSec: Math.round((t - started) / 1000),
        },
        context,
      ),
    )
    await record(batch)
    t += Math.round(rng.between(0.5, 2) * MINUTE)
  }

  // One activity: the next thing on the learner's path, or a review once the
  // path is done.
  async function activity() {
    const course = courses[courseIndex]
    if (!course) {
      const review = courses[rng.int(courses.length)]!
      const roll = rng.next()
      if (roll < 0.5) await openLesson(review, review.lessons[rng.int(review.lessons.length)]!, rng.chance(0.3))
      else if (roll < 0.8) {
        const embedded = review.lessons.flatMap((lesson) => lesson.simulators)
        const all = [...content.simulatorSteps.keys()]
        await practise(embedded.length && rng.chance(0.7) ? embedded[rng.int(embedded.length)]! : all[rng.int(all.length)]!, rng.chance(0.4) ? 'check' : 'practice')
      } else await takeQuiz(review)
      return
    }
    const lesson = course.lessons[lessonIndex]
    if (lesson) {
      // Now and then a learner goes back to a lesson already read.
      if (lessonIndex > 0 && rng.chance(0.1)) await openLesson(course, course.lessons[rng.int(lessonIndex)]!, false)
      const read = rng.chance(0.9)
      await openLesson(course, lesson, read)
      if (read) lessonIndex += 1
      for (const scenarioId of lesson.simulators) {
        if (rng.chance(0.45)) await practise(scenarioId, rng.chance(0.15) ? 'guided' : rng.chance(0.75) ? 'practice' : 'check')
      }
      return
    }
    if (!projection.courses.get(course.slug)?.quizPassedAt) {
      if (!(await takeQuiz(course)) && rng.chance(0.5)) {
        // Read a lesson again before the next try.
        await openLesson(course, course.lessons[rng.int(course.lessons.length)]!, false)
      }
      return
    }
    // The practice the course's rule asks for, in check mode, until passed.
    const missing = course.completion.simulators.filter(
      (id) => !projection.simulatorAttempts.some((attempt) => attempt.scenarioId === id && attempt.mode === 'check' && attempt.passed),
    )
    if (missing.length) {
      await practise(missing[0]!, 'check')
      return
    }
    courseIndex += 1
    lessonIndex = 0
  }

  // Sessions of a few activities. Each gap is drawn around the time left
  // divided by the sessions left, so the learner's activity covers the whole
  // period and never runs past its end.
  const perSession = 9
  // The largest batch (a simulator attempt and a completion) fits in the margin.
  const margin = plan.exact ? 40 : 0
  while (events.length < plan.target - margin) {
    const activities = 1 + rng.int(3)
    for (let i = 0; i < activities && events.length < plan.target - margin; i++) await activity()
    const sessionsLeft = Math.max(1, (plan.target - events.length) / perSession)
    const meanGap = Math.max(0, plan.to - t) / sessionsLeft
    // Never backwards: a learner's statements are in time order.
    t = Math.max(t, Math.min(plan.to, t + Math.round(Math.min(4, -Math.log(1 - rng.next())) * meanGap)))
  }
  // The last few statements of the exact learner: lessons opened again, one
  // statement each, never completing anything.
  while (plan.exact && events.length < plan.target) {
    const course = courses[rng.int(courses.length)]!
    const lesson = course.lessons[rng.int(course.lessons.length)]!
    await record([event('experienced', 'lesson', `${course.slug}/${lesson.slug}`, t, null, web(course.slug))])
    t += Math.round(rng.between(1, 5) * MINUTE)
  }
  return { events, projection }
}

// What record.server's completionEvents appends after a job: a course
// completes the first time its rule holds, at the latest timestamp of the
// job, with the id derived from the learner and the course.
async function completionsAfter(projection: Projection, batch: StoredEvent[], content: ScaleContent): Promise<StoredEvent[]> {
  const at = batch.reduce((latest, event) => (event.timestamp > latest ? event.timestamp : latest), batch[0]!.timestamp)
  const passed = batch.filter((event) => event.objectType === 'simulator' && event.result?.success && event.context?.mode === 'check')
  const candidates = new Set(touchedKeys(batch).courses)
  for (const course of content.courses) {
    if (course.completion.simulators.some((id) => passed.some((event) => event.objectId === id))) candidates.add(course.slug)
  }
  const out: StoredEvent[] = []
  for (const slug of candidates) {
    const course = content.courses.find((candidate) => candidate.slug === slug)
    const row = projection.courses.get(slug)
    if (!course || row?.completedAt) continue
    const completedLessons = new Set<string>()
    for (const lesson of projection.lessons.values()) if (lesson.courseSlug === slug && lesson.completedAt) completedLessons.add(lesson.lessonSlug)
    const simulatorsPassed = new Set(projection.simulatorAttempts.filter((attempt) => attempt.mode === 'check' && attempt.passed).map((attempt) => attempt.scenarioId))
    const status = evaluateCompletion(course.completion, {
      lessons: course.lessons.map((lesson) => lesson.slug),
      completedLessons,
      quizBestPercent: row?.quizBestPercent ?? null,
      simulatorsPassed,
    })
    if (!status.complete) continue
    out.push(await courseCompletedStatement(projection.userId, slug, at, content.version))
  }
  return out
}
