// Run by tests/integration/progress-crash.test.ts in a child process that the
// test kills with SIGKILL. Several learners write lesson statements at once
// through the app's recordEvents, and every id is printed only after the
// promise for its batch resolved, that is after the server would have
// answered 200. Writes to a pipe are synchronous on Linux, so a printed id
// has reached the parent even if the process dies the next instant.
import { getCatalog } from '~/content/catalog.server'
import { prisma } from '~/db.server'
import { type LearningEventInput } from '~/progress/events'
import { recordEvents } from '~/progress/record.server'

const CALLERS = Number(process.env.CRASH_CALLERS ?? 16)
const LEARNERS = 8

const lessons = getCatalog().courses.flatMap((course) => course.lessons.map((lesson) => `${course.slug}/${lesson.slug}`))
const users: string[] = []
for (let i = 0; i < LEARNERS; i++) {
  users.push((await prisma.user.create({ data: { name: `Người học ${i + 1}`, phone: `+8491000000${i}` } })).id)
}
process.stdout.write('ready\n')

function batch(): LearningEventInput[] {
  const lesson = lessons[Math.floor(Math.random() * lessons.length)]!
  const opened: LearningEventInput = { id: crypto.randomUUID(), verb: 'experienced', object: { type: 'lesson', id: lesson }, timestamp: new Date() }
  if (Math.random() < 0.5) return [opened]
  return [opened, { id: crypto.randomUUID(), verb: 'completed', object: { type: 'lesson', id: lesson }, result: { durationSec: 90 }, timestamp: new Date() }]
}

// Each caller writes until the process is killed.
await Promise.all(
  Array.from({ length: CALLERS }, async (_, caller) => {
    for (;;) {
      const events = batch()
      await recordEvents(users[caller % users.length]!, events)
      process.stdout.write(events.map((event) => `ack ${event.id}\n`).join(''))
    }
  }),
)
