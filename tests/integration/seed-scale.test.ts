import path from 'node:path'
import { expect, test } from 'vitest'
import { verifyPassword } from '~/auth/password.server'
import { createPrismaClient, prisma } from '~/db.server'
import { type LearningEventInput } from '~/progress/events'
import { parseStoredEvent } from '~/progress/rebuild.server'
import { recordEvents } from '~/progress/record.server'
import {
  BENCH_CLASS,
  DASHBOARD_LEARNER,
  SCALE_ORG_ADMIN,
  SCALE_PROVINCE,
  type ScaleMember,
  createRng,
  loadScaleContent,
  planClasses,
  scaleOrganizations,
} from '../../scripts/lib/scale-data'
import { seedScale } from '../../scripts/seed-scale'

const ROOT = path.resolve(__dirname, '..', '..')

// The seeded rows must be exactly what live writes leave: every learner's
// statements (course completions aside) are sent again through recordEvents
// into the test database, batch by batch as the site sends them, and the
// log and every projection row must come out identical.
test('seed:scale writes what live writes would, and the benchmark learner has exactly 5,000 events', async () => {
  const databaseFile = path.join(path.dirname(process.env.DATABASE_URL!.replace(/^file:/, '')), `scale-${process.pid}.db`)
  const report = await seedScale({ databaseFile, learners: 7, eventsPerLearner: 160, seed: 7, contentBuildDir: process.env.CONTENT_BUILD_DIR!, root: ROOT })
  const seeded = createPrismaClient(`file:${databaseFile}`)
  try {
    const dashboard = await seeded.user.findUniqueOrThrow({ where: { phone: DASHBOARD_LEARNER.e164 }, include: { password: true } })
    expect(await seeded.learningEvent.count({ where: { actorId: dashboard.id } })).toBe(DASHBOARD_LEARNER.events)
    expect(await verifyPassword(dashboard.password!.hash, DASHBOARD_LEARNER.password)).toBe(true)
    expect(await seeded.learningEvent.count()).toBe(report.events)
    // Months of activity, none of it in the future.
    const span = await seeded.learningEvent.aggregate({ _min: { timestamp: true }, _max: { timestamp: true } })
    expect(span._max.timestamp!.getTime()).toBeLessThan(Date.now())
    expect(Date.now() - span._min.timestamp!.getTime()).toBeGreaterThan(90 * 24 * 60 * 60 * 1000)

    const learners = await seeded.user.findMany({ where: { id: { not: dashboard.id }, role: 'LEARNER' }, orderBy: { id: 'asc' } })
    let completions = 0
    for (const learner of learners) {
      await prisma.user.create({ data: { id: learner.id, name: learner.name, phone: learner.phone } })
      const rows = await seeded.learningEvent.findMany({ where: { actorId: learner.id }, orderBy: { seq: 'asc' } })
      // One job per page action: a quiz submission or a simulator attempt is
      // one batch (its statements share an attempt id), anything else alone.
      const jobs: LearningEventInput[][] = []
      let attempt: string | undefined
      for (const event of rows.map(parseStoredEvent)) {
        if (event.objectType === 'course') {
          completions += 1
          continue
        }
        const input: LearningEventInput = {
          id: event.id,
          verb: event.verb,
          object: { type: event.objectType, id: event.objectId },
          ...(event.result ? { result: event.result } : {}),
          ...(event.context ? { context: event.context } : {}),
          timestamp: event.timestamp,
        }
        if (event.context?.attempt && event.context.attempt === attempt) jobs.at(-1)!.push(input)
        else jobs.push([input])
        attempt = event.context?.attempt
      }
      for (const job of jobs) await recordEvents(learner.id, job)

      const strip = <T extends { seq: number; storedAt: Date }>({ seq: _seq, storedAt: _stored, ...row }: T) => row
      const byId = { orderBy: { id: 'asc' as const } }
      const where = { where: { actorId: learner.id }, ...byId }
      expect((await prisma.learningEvent.findMany(where)).map(strip)).toEqual((await seeded.learningEvent.findMany(where)).map(strip))
      const mine = { where: { userId: learner.id } }
      const lessonOrder = { orderBy: [{ courseSlug: 'asc' as const }, { lessonSlug: 'asc' as const }] }
      expect(await prisma.lessonProgress.findMany({ ...mine, ...lessonOrder })).toEqual(await seeded.lessonProgress.findMany({ ...mine, ...lessonOrder }))
      expect(await prisma.courseProgress.findMany({ ...mine, orderBy: { courseSlug: 'asc' } })).toEqual(
        await seeded.courseProgress.findMany({ ...mine, orderBy: { courseSlug: 'asc' } }),
      )
      expect(await prisma.quizAttempt.findMany({ ...mine, ...byId })).toEqual(await seeded.quizAttempt.findMany({ ...mine, ...byId }))
      expect(await prisma.simulatorAttempt.findMany({ ...mine, ...byId })).toEqual(await seeded.simulatorAttempt.findMany({ ...mine, ...byId }))
    }
    // The comparison covered course completions, not only lessons.
    expect(completions).toBeGreaterThan(0)
  } finally {
    await seeded.$disconnect()
  }
}, 60_000)

test('seed:scale puts every learner in the province and adds trainers, classes, assignments and the 500-learner class', async () => {
  const databaseFile = path.join(path.dirname(process.env.DATABASE_URL!.replace(/^file:/, '')), `scale-classes-${process.pid}.db`)
  const report = await seedScale({ databaseFile, learners: 40, eventsPerLearner: 20, seed: 3, contentBuildDir: process.env.CONTENT_BUILD_DIR!, root: ROOT })
  const seeded = createPrismaClient(`file:${databaseFile}`)
  try {
    const organizations = await seeded.organization.findMany()
    expect(organizations).toHaveLength(scaleOrganizations().all.length)
    const inProvince = new Set(organizations.map((org) => org.id))
    const learners = await seeded.user.findMany({ where: { role: 'LEARNER' } })
    expect(learners).toHaveLength(40)
    for (const learner of learners) {
      expect(inProvince.has(learner.organizationId!)).toBe(true)
      // Civil servants work in an agency, residents live in a commune-level unit.
      const kind = organizations.find((org) => org.id === learner.organizationId)!.kind
      expect(kind === 'AGENCY').toBe(learner.kind === 'CIVIL_SERVANT')
    }
    const admin = await seeded.user.findUniqueOrThrow({ where: { phone: SCALE_ORG_ADMIN.e164 }, include: { password: true } })
    expect(admin).toMatchObject({ role: 'ORG_ADMIN', organizationId: SCALE_PROVINCE.id })
    expect(await verifyPassword(admin.password!.hash, SCALE_ORG_ADMIN.password)).toBe(true)
    expect(await seeded.user.count({ where: { role: 'TRAINER' } })).toBe(report.trainers)

    const bench = await seeded.class.findUniqueOrThrow({ where: { joinCode: BENCH_CLASS.joinCode }, include: { assignments: true, trainer: true, _count: { select: { members: true } } } })
    expect(bench.id).toBe(BENCH_CLASS.id)
    expect(bench.trainer.phone).toBe(BENCH_CLASS.trainer.e164)
    // Fewer than 500 learners here: all of them.
    expect(bench._count.members).toBe(40)
    expect(bench.assignments.filter((assignment) => assignment.kind === 'course')).toHaveLength(BENCH_CLASS.courses)
    expect(bench.assignments.filter((assignment) => assignment.kind === 'simulator')).toHaveLength(BENCH_CLASS.simulators)
    const now = Date.now()
    expect(bench.assignments.some((assignment) => assignment.dueAt.getTime() < now)).toBe(true)
    expect(bench.assignments.some((assignment) => assignment.dueAt.getTime() > now)).toBe(true)
    expect(await seeded.classMember.count()).toBe(report.memberships)
    expect(await seeded.assignment.count()).toBe(report.assignments)
  } finally {
    await seeded.$disconnect()
  }
}, 60_000)

test('the class plan: exactly 500 learners and 12 assignments in the bench class, most learners in a class, due dates on both sides of now', () => {
  const content = loadScaleContent(ROOT, process.env.CONTENT_BUILD_DIR!)
  const { communes, agencies } = scaleOrganizations()
  const rng = createRng(5)
  const members: ScaleMember[] = Array.from({ length: 20_000 }, (_, index) => {
    const civil = index % 7 === 0
    const units = civil ? agencies : communes
    return { userId: `u${index}`, kind: civil ? 'CIVIL_SERVANT' : 'RESIDENT', organizationId: units[index % units.length]!.id }
  })
  const now = Date.now()
  const { trainers, classes } = planClasses(members, content, rng, now, () => 'Người Hướng Dẫn')
  const bench = classes.find((row) => row.id === BENCH_CLASS.id)!
  expect(bench.members).toHaveLength(500)
  expect(new Set(bench.members.map((member) => member.userId)).size).toBe(500)
  expect(bench.assignments).toHaveLength(12)
  expect(new Set(bench.assignments.map((assignment) => assignment.targetId)).size).toBe(12)
  const classed = new Set(classes.filter((row) => row.id !== BENCH_CLASS.id).flatMap((row) => row.members.map((member) => member.userId)))
  expect(classed.size / members.length).toBeGreaterThan(0.55)
  const dues = classes.flatMap((row) => row.assignments.map((assignment) => assignment.dueAt.getTime()))
  expect(dues.some((due) => due < now) && dues.some((due) => due > now)).toBe(true)
  // A class is all residents or all civil servants, taught by a trainer who exists.
  const trainerIds = new Set(trainers.map((trainer) => trainer.id))
  const kindOf = new Map(members.map((member) => [member.userId, member.kind]))
  for (const row of classes) {
    expect(trainerIds.has(row.trainerId)).toBe(true)
    if (row.id !== BENCH_CLASS.id) expect(new Set(row.members.map((member) => kindOf.get(member.userId))).size).toBe(1)
    expect(new Set(row.assignments.map((assignment) => `${assignment.kind}:${assignment.targetId}`)).size).toBe(row.assignments.length)
  }
  expect(new Set(classes.map((row) => row.joinCode)).size).toBe(classes.length)
})
