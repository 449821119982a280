import path from 'node:path'
import { expect, test } from 'vitest'
import { verifyPassword } from '~/auth/password.server'
import { createPrismaClient, prisma } from '~/db.server'
import { type LearningEventInput } from '~/progress/events'
import { parseStoredEvent } from '~/progress/rebuild.server'
import { recordEvents } from '~/progress/record.server'
import { DASHBOARD_LEARNER } from '../../scripts/lib/scale-data'
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

    const learners = await seeded.user.findMany({ where: { id: { not: dashboard.id } }, orderBy: { id: 'asc' } })
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
