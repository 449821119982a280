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

// ——— Organisations, trainers and classes (issue 7) ———
// One province holds every seeded learner, so its report covers 100,000
// people; its wards, communes and agencies give the drill-down something to
// show. Ids are fixed so benches and people can find them again.
export const SCALE_PROVINCE = { id: 'scale-province', code: 'SCALE-00', name: 'Tỉnh Thử Nghiệm Học Số' } as const

// Signs in to /quan-ly/bao-cao and sees the whole province.
export const SCALE_ORG_ADMIN = {
  id: 'scale-org-admin',
  phone: '0900000600',
  e164: '+84900000600',
  password: DASHBOARD_LEARNER.password,
  name: 'Trần Văn Quản Trị',
} as const

// The class of exactly 500 learners with 12 assignments (the 5 courses and 7
// simulators), for the class-matrix bench; its trainer signs in with this login.
export const BENCH_CLASS = {
  id: 'bench-class-500',
  joinCode: 'BENCH500',
  name: 'Lớp thử 500 học viên',
  members: 500,
  courses: 5,
  simulators: 7,
  trainer: { id: 'scale-bench-trainer', phone: '0900000700', e164: '+84900000700', password: DASHBOARD_LEARNER.password, name: 'Lê Thị Giảng Viên' },
} as const

export type ScaleOrganization = { id: string; code: string; name: string; kind: 'PROVINCE' | 'WARD' | 'COMMUNE' | 'SPECIAL_ZONE' | 'AGENCY'; parentId: string | null }

const COMMUNE_LEVEL_UNITS = 40
const PROVINCE_AGENCIES = ['Sở Khoa học và Công nghệ', 'Sở Nội vụ', 'Sở Tư pháp', 'Sở Y tế', 'Sở Giáo dục và Đào tạo', 'Công an tỉnh', 'Văn phòng UBND tỉnh', 'Trung tâm Phục vụ hành chính công']

/**
 * The province, its 40 commune-level units (mostly wards and communes, one
 * special zone), an "UBND" agency under each, and eight provincial agencies.
 * Residents live in the commune-level units; civil servants work in agencies.
 */
export function scaleOrganizations(): { all: ScaleOrganization[]; communes: ScaleOrganization[]; agencies: ScaleOrganization[] } {
  const province: ScaleOrganization = { ...SCALE_PROVINCE, kind: 'PROVINCE', parentId: null }
  const communes: ScaleOrganization[] = []
  const agencies: ScaleOrganization[] = []
  for (let i = 1; i <= COMMUNE_LEVEL_UNITS; i++) {
    const kind = i === COMMUNE_LEVEL_UNITS ? 'SPECIAL_ZONE' : i % 3 === 0 ? 'COMMUNE' : 'WARD'
    const label = kind === 'SPECIAL_ZONE' ? 'Đặc khu' : kind === 'COMMUNE' ? 'Xã' : 'Phường'
    const code = `SCALE-${String(i).padStart(2, '0')}`
    const unit: ScaleOrganization = { id: `scale-unit-${i}`, code, name: `${label} Thử Nghiệm ${i}`, kind, parentId: province.id }
    communes.push(unit)
    agencies.push({ id: `scale-ubnd-${i}`, code: `${code}-UBND`, name: `UBND ${unit.name}`, kind: 'AGENCY', parentId: unit.id })
  }
  PROVINCE_AGENCIES.forEach((name, index) => {
    agencies.push({ id: `scale-agency-${index + 1}`, code: `SCALE-00-CQ${index + 1}`, name, kind: 'AGENCY', parentId: province.id })
  })
  return { all: [province, ...communes, ...agencies], communes, agencies }
}

// Trainers: +849000 1xxxx, after the fixed logins above.
export function scaleTrainerPhone(index: number): string {
  return `+8490001${String(index).padStart(4, '0')}`
}

export type ScaleMember = { userId: string; organizationId: string; kind: 'RESIDENT' | 'CIVIL_SERVANT' }
export type ScaleTrainer = { id: string; phone: string; name: string; organizationId: string }
export type ScaleClass = {
  id: string
  name: string
  joinCode: string
  organizationId: string
  trainerId: string
  createdAt: Date
  archivedAt: Date | null
  members: { userId: string; joinedAt: Date; source: 'code' | 'trainer' | 'import' }[]
  assignments: { id: string; kind: 'course' | 'simulator'; targetId: string; dueAt: Date; createdAt: Date }[]
}

const CLASS_SIZE_MIN = 20
const CLASS_SIZE_MAX = 50
// Share of learners who are in a class: most learners of a digital-skills
// campaign are brought in by a trainer, not all of them.
const MEMBER_SHARE = 0.65

/**
 * Trainers and classes over the seeded learners. Two trainers per
 * commune-level unit and one per provincial agency; each unit's learners who
 * are in a class are cut into classes of 20–50 in sign-up order; each class
 * has 1–3 courses for its audience and 0–2 simulators, due between two
 * months ago and six weeks ahead, so some are overdue and some are not.
 * Civil servants are classed in their agency, residents in their unit. The
 * 500-learner bench class takes 500 learners spread over the province, in
 * addition to their own class.
 */
export function planClasses(
  learners: readonly ScaleMember[],
  content: ScaleContent,
  rng: Rng,
  now: number,
  names: (rng: Rng) => string,
): { trainers: ScaleTrainer[]; classes: ScaleClass[] } {
  const { communes, agencies } = scaleOrganizations()
  const trainers: ScaleTrainer[] = []
  const trainersOf = new Map<string, ScaleTrainer[]>()
  const addTrainer = (organizationId: string, fixed?: { id: string; phone: string; name: string }) => {
    const trainer: ScaleTrainer = fixed
      ? { ...fixed, organizationId }
      : { id: `scale-trainer-${trainers.length + 1}`, phone: scaleTrainerPhone(trainers.length + 1), name: names(rng), organizationId }
    trainers.push(trainer)
    const list = trainersOf.get(organizationId) ?? []
    list.push(trainer)
    trainersOf.set(organizationId, list)
    return trainer
  }
  const benchTrainer = addTrainer(SCALE_PROVINCE.id, { id: BENCH_CLASS.trainer.id, phone: BENCH_CLASS.trainer.e164, name: BENCH_CLASS.trainer.name })
  for (const unit of communes) for (let i = 0; i < 2; i++) addTrainer(unit.id)
  for (const agency of agencies.filter((org) => org.parentId === SCALE_PROVINCE.id)) addTrainer(agency.id)

  const byOrg = new Map<string, ScaleMember[]>()
  for (const learner of learners) {
    const list = byOrg.get(learner.organizationId) ?? []
    list.push(learner)
    byOrg.set(learner.organizationId, list)
  }
  const parentOf = new Map(agencies.map((agency) => [agency.id, agency.parentId!]))
  const courses = content.courses
  const simulators = [...content.simulatorSteps.keys()]
  const DAY = 24 * 60 * 60 * 1000
  const classes: ScaleClass[] = []
  const pick = <T>(items: readonly T[], count: number): T[] => {
    const pool = [...items]
    const out: T[] = []
    while (out.length < count && pool.length) out.push(pool.splice(rng.int(pool.length), 1)[0]!)
    return out
  }

  for (const [organizationId, people] of byOrg) {
    // A UBND agency's classes are run by its ward's trainers.
    const teachers = trainersOf.get(organizationId) ?? trainersOf.get(parentOf.get(organizationId) ?? '') ?? [benchTrainer]
    const joining = people.filter(() => rng.chance(MEMBER_SHARE))
    for (let start = 0; start < joining.length; ) {
      const size = CLASS_SIZE_MIN + rng.int(CLASS_SIZE_MAX - CLASS_SIZE_MIN + 1)
      const group = joining.slice(start, start + size)
      start += size
      const index = classes.length + 1
      const createdAt = now - rng.between(30, 170) * DAY
      const civil = group[0]!.kind === 'CIVIL_SERVANT'
      const audience = civil ? 'civil-servants' : 'residents'
      const fitting = courses.filter((course) => course.audience === 'both' || course.audience === audience)
      const chosen = [
        ...pick(fitting, 1 + rng.int(3)).map((course) => ({ kind: 'course' as const, targetId: course.slug })),
        ...pick(simulators, rng.int(3)).map((id) => ({ kind: 'simulator' as const, targetId: id })),
      ]
      classes.push({
        id: `scale-class-${index}`,
        name: `Lớp ${civil ? 'cán bộ' : 'người dân'} số ${index}`,
        joinCode: `S${index.toString(36).toUpperCase().padStart(5, '0')}`,
        organizationId,
        trainerId: teachers[rng.int(teachers.length)]!.id,
        createdAt: new Date(createdAt),
        archivedAt: rng.chance(0.03) ? new Date(now - rng.between(1, 20) * DAY) : null,
        members: group.map((member) => ({ userId: member.userId, joinedAt: new Date(createdAt + rng.between(0, 10) * DAY), source: rng.chance(0.7) ? 'code' : rng.chance(0.5) ? 'trainer' : 'import' })),
        assignments: chosen.map((target, position) => ({
          id: `scale-assignment-${index}-${position + 1}`,
          ...target,
          dueAt: new Date(now + rng.between(-60, 45) * DAY),
          createdAt: new Date(createdAt + DAY),
        })),
      })
    }
  }

  // The bench class: every 200th learner (500 of 100,000), residents and
  // civil servants alike, with all five courses and seven simulators; four
  // assignments already past due.
  const step = Math.max(1, Math.floor(learners.length / BENCH_CLASS.members))
  const benchMembers = learners.filter((_, index) => index % step === 0).slice(0, BENCH_CLASS.members)
  const benchCreated = now - 120 * DAY
  classes.push({
    id: BENCH_CLASS.id,
    name: BENCH_CLASS.name,
    joinCode: BENCH_CLASS.joinCode,
    organizationId: SCALE_PROVINCE.id,
    trainerId: benchTrainer.id,
    createdAt: new Date(benchCreated),
    archivedAt: null,
    members: benchMembers.map((member) => ({ userId: member.userId, joinedAt: new Date(benchCreated + rng.between(0, 14) * DAY), source: 'import' })),
    assignments: [
      ...courses.slice(0, BENCH_CLASS.courses).map((course, position) => ({ kind: 'course' as const, targetId: course.slug, offset: position })),
      ...simulators.slice(0, BENCH_CLASS.simulators).map((id, position) => ({ kind: 'simulator' as const, targetId: id, offset: BENCH_CLASS.courses + position })),
    ].map(({ offset, ...target }) => ({
      id: `${BENCH_CLASS.id}-assignment-${offset + 1}`,
      ...target,
      // Every third one is already overdue; the rest are due in the coming weeks.
      dueAt: new Date(now + (offset % 3 === 0 ? -(10 + offset) : 7 + offset * 3) * DAY),
      createdAt: new Date(benchCreated + DAY),
    })),
  })
  return { trainers, classes }
}

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
