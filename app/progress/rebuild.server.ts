import { prisma } from '~/db.server'
import { type Projection, applyEvent, emptyProjection, parseStoredEvent } from './projections'

export { parseStoredEvent }

const PAGE = 5_000

// Every row a learner's log implies, computed from nothing but the log.
export async function projectFromLog(userId: string, db: Pick<typeof prisma, 'learningEvent'> = prisma): Promise<Projection> {
  const projection = emptyProjection(userId)
  let after = 0
  for (;;) {
    const rows = await db.learningEvent.findMany({ where: { actorId: userId, seq: { gt: after } }, orderBy: { seq: 'asc' }, take: PAGE })
    for (const row of rows) applyEvent(projection, parseStoredEvent(row))
    if (rows.length < PAGE) return projection
    after = rows.at(-1)!.seq
  }
}

// Every live learner's id, 500 at a time.
async function* learnerPages(): AsyncGenerator<string[]> {
  let cursor: string | undefined
  for (;;) {
    const users = await prisma.user.findMany({
      where: { deletedAt: null },
      select: { id: true },
      orderBy: { id: 'asc' },
      take: 500,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    })
    if (users.length) yield users.map((user) => user.id)
    if (users.length < 500) return
    cursor = users.at(-1)!.id
  }
}

export type RebuildReport = { users: number; events: number; rows: number }

// Replaces every learner's projection rows with what the log says, one
// learner per transaction so the server can keep running meanwhile (SQLite
// serialises the writers; a learner's new event lands before or after).
export async function rebuildProjections({ onProgress }: { onProgress?: (done: number) => void } = {}): Promise<RebuildReport> {
  const report: RebuildReport = { users: 0, events: 0, rows: 0 }
  for await (const ids of learnerPages()) {
    for (const id of ids) {
      await prisma.$transaction(async (tx) => {
        const projection = await projectFromLog(id, tx)
        await tx.lessonProgress.deleteMany({ where: { userId: id } })
        await tx.courseProgress.deleteMany({ where: { userId: id } })
        await tx.quizAttempt.deleteMany({ where: { userId: id } })
        await tx.simulatorAttempt.deleteMany({ where: { userId: id } })
        const lessons = [...projection.lessons.values()]
        const courses = [...projection.courses.values()]
        if (lessons.length) await tx.lessonProgress.createMany({ data: lessons })
        if (courses.length) await tx.courseProgress.createMany({ data: courses })
        if (projection.quizAttempts.length) await tx.quizAttempt.createMany({ data: projection.quizAttempts })
        if (projection.simulatorAttempts.length) await tx.simulatorAttempt.createMany({ data: projection.simulatorAttempts })
        report.rows += lessons.length + courses.length + projection.quizAttempts.length + projection.simulatorAttempts.length
        report.events += await tx.learningEvent.count({ where: { actorId: id } })
      })
      report.users += 1
    }
    onProgress?.(report.users)
  }
  return report
}

// Every projection row of every learner, in a stable order: what a rebuild
// must reproduce exactly.
export async function snapshotProjections() {
  const [lessons, courses, quizzes, simulators] = await Promise.all([
    prisma.lessonProgress.findMany({ orderBy: [{ userId: 'asc' }, { courseSlug: 'asc' }, { lessonSlug: 'asc' }] }),
    prisma.courseProgress.findMany({ orderBy: [{ userId: 'asc' }, { courseSlug: 'asc' }] }),
    prisma.quizAttempt.findMany({ orderBy: { id: 'asc' } }),
    prisma.simulatorAttempt.findMany({ orderBy: { id: 'asc' } }),
  ])
  return { lessons, courses, quizzes, simulators }
}

export type CheckReport = { users: number; differing: string[] }

// Compares every learner's rows with what the log implies, writing nothing:
// a drift here means a write path bypassed the reducer.
export async function checkProjections(): Promise<CheckReport> {
  const report: CheckReport = { users: 0, differing: [] }
  const sortLessons = (rows: { courseSlug: string; lessonSlug: string }[]) => rows.sort((a, b) => `${a.courseSlug}/${a.lessonSlug}`.localeCompare(`${b.courseSlug}/${b.lessonSlug}`))
  const sortCourses = (rows: { courseSlug: string }[]) => rows.sort((a, b) => a.courseSlug.localeCompare(b.courseSlug))
  const sortById = (rows: { id: string }[]) => rows.sort((a, b) => a.id.localeCompare(b.id))
  for await (const ids of learnerPages()) {
    for (const id of ids) {
      const expected = await projectFromLog(id)
      const [lessons, courses, quizzes, simulators] = await Promise.all([
        prisma.lessonProgress.findMany({ where: { userId: id } }),
        prisma.courseProgress.findMany({ where: { userId: id } }),
        prisma.quizAttempt.findMany({ where: { userId: id } }),
        prisma.simulatorAttempt.findMany({ where: { userId: id } }),
      ])
      const same =
        JSON.stringify(sortLessons(lessons)) === JSON.stringify(sortLessons([...expected.lessons.values()])) &&
        JSON.stringify(sortCourses(courses)) === JSON.stringify(sortCourses([...expected.courses.values()])) &&
        JSON.stringify(sortById(quizzes)) === JSON.stringify(sortById(expected.quizAttempts)) &&
        JSON.stringify(sortById(simulators)) === JSON.stringify(sortById(expected.simulatorAttempts))
      if (!same) report.differing.push(id)
      report.users += 1
    }
  }
  return report
}
