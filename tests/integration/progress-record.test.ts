import { expect, test } from 'vitest'
import { getCourse } from '~/content/catalog.server'
import { prisma } from '~/db.server'
import { type LearningEventInput, deriveEventId, newEventId } from '~/progress/events'
import { EventConflictError, recordEvents } from '~/progress/record.server'
import { checkProjections, rebuildProjections, snapshotProjections } from '~/progress/rebuild.server'

async function learner(name = 'Người học') {
  return prisma.user.create({ data: { name, phone: `+849${Math.floor(Math.random() * 1e8).toString().padStart(8, '0')}` } })
}

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 20, 2, minutes))

function lessonEvent(course: string, lesson: string, verb: 'experienced' | 'completed', minutes: number, durationSec?: number): LearningEventInput {
  return {
    id: newEventId(),
    verb,
    object: { type: 'lesson', id: `${course}/${lesson}` },
    ...(durationSec ? { result: { durationSec } } : {}),
    context: { course, source: 'web' },
    timestamp: at(minutes),
  }
}

test('a retry with the same ids is stored once, and a reused id with another meaning is refused', async () => {
  const user = await learner()
  const event = lessonEvent('lam-quen-vneid', getCourse('lam-quen-vneid')!.lessons[0]!.slug, 'completed', 1, 300)
  expect(await recordEvents(user.id, [event])).toMatchObject({ stored: 1, duplicates: 0 })
  expect(await recordEvents(user.id, [event])).toMatchObject({ stored: 0, duplicates: 1 })
  const rows = await prisma.courseProgress.findMany({ where: { userId: user.id } })
  expect(rows).toHaveLength(1)
  expect(rows[0]).toMatchObject({ lessonsCompleted: 1, timeSpentSec: 300 })
  await expect(recordEvents(user.id, [{ ...event, verb: 'experienced' }])).rejects.toBeInstanceOf(EventConflictError)
  // Concurrent retries of one statement: still one row.
  const again = lessonEvent('lam-quen-vneid', getCourse('lam-quen-vneid')!.lessons[1]!.slug, 'completed', 2, 60)
  const outcomes = await Promise.all(Array.from({ length: 5 }, () => recordEvents(user.id, [again])))
  expect(outcomes.reduce((sum, outcome) => sum + outcome.stored, 0)).toBe(1)
  expect(await prisma.learningEvent.count({ where: { actorId: user.id } })).toBe(2)
  expect((await prisma.courseProgress.findFirstOrThrow({ where: { userId: user.id } })).lessonsCompleted).toBe(2)
})

test('a course completes once when every lesson is read and the quiz passed, and a rebuild reproduces every row', async () => {
  const user = await learner()
  // A course whose rule asks for lessons and the quiz only.
  const course = getCourse('phan-anh-kien-nghi')!
  expect(course.completion.simulators).toEqual([])
  const events: LearningEventInput[] = []
  course.lessons.forEach((lesson, index) => {
    events.push(lessonEvent(course.slug, lesson.slug, 'experienced', index * 10))
    events.push(lessonEvent(course.slug, lesson.slug, 'completed', index * 10 + 5, 240))
  })
  // Read the first lesson twice: counted once.
  events.push(lessonEvent(course.slug, course.lessons[0]!.slug, 'completed', 200, 30))
  for (const event of events) await recordEvents(user.id, [event])
  let row = await prisma.courseProgress.findFirstOrThrow({ where: { userId: user.id } })
  expect(row.lessonsCompleted).toBe(course.lessons.length)
  expect(row.completedAt).toBeNull()

  const failed: LearningEventInput = {
    id: newEventId(),
    verb: 'failed',
    object: { type: 'quiz', id: course.slug },
    result: { success: false, raw: 5, max: 10, percent: 50 },
    timestamp: at(300),
  }
  const passed: LearningEventInput = { ...failed, id: newEventId(), verb: 'passed', result: { success: true, raw: 9, max: 10, percent: 90 }, timestamp: at(310) }
  expect((await recordEvents(user.id, [failed])).completedCourses).toEqual([])
  expect((await recordEvents(user.id, [passed])).completedCourses).toEqual([course.slug])
  row = await prisma.courseProgress.findFirstOrThrow({ where: { userId: user.id } })
  expect(row).toMatchObject({ quizBestPercent: 90, completedAt: at(310) })
  const completion = await prisma.learningEvent.findUniqueOrThrow({ where: { id: await deriveEventId('course-completed', user.id, course.slug) } })
  expect(completion).toMatchObject({ verb: 'completed', objectType: 'course', objectId: course.slug })
  // Passing again completes nothing new.
  const again = { ...passed, id: newEventId(), timestamp: at(320) }
  expect((await recordEvents(user.id, [again])).completedCourses).toEqual([])
  expect(await prisma.quizAttempt.count({ where: { userId: user.id } })).toBe(3)

  await recordEvents(user.id, [
    {
      id: newEventId(),
      verb: 'completed',
      object: { type: 'simulator', id: 'vneid-kich-hoat-tai-khoan' },
      result: { success: true, raw: 7, max: 8, firstTry: 7, percent: 88, mistakes: 1, hintsUsed: 0, durationSec: 95 },
      context: { mode: 'check' },
      timestamp: at(330),
    },
  ])

  const before = await snapshotProjections()
  expect((await checkProjections()).differing).toEqual([])
  // Scramble the projections, then rebuild them from the log alone.
  await prisma.courseProgress.updateMany({ where: { userId: user.id }, data: { lessonsCompleted: 0, completedAt: null } })
  await prisma.lessonProgress.deleteMany({ where: { userId: user.id } })
  await prisma.simulatorAttempt.deleteMany({ where: { userId: user.id } })
  expect((await checkProjections()).differing).toContain(user.id)
  const report = await rebuildProjections()
  expect(report.events).toBeGreaterThanOrEqual(events.length + 4)
  expect(await snapshotProjections()).toEqual(before)
})
