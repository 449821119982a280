// Child process for tests/integration/progress-crash.test.ts: writes learning
// events as fast as it can from many concurrent callers and prints each
// event id on stdout only after recordEvents resolved (its transaction
// committed). The parent kills this process with SIGKILL mid-burst.
import { getCourse } from '~/content/catalog.server'
import { prisma } from '~/db.server'
import { recordEvents } from '~/progress/record.server'

const users = await Promise.all(
  Array.from({ length: 8 }, (_, index) => prisma.user.create({ data: { name: `Người học ${index}`, email: `crash-${index}-${Date.now()}@example.invalid` } })),
)
const lessons = getCourse('lam-quen-vneid')!.lessons.map((lesson) => `lam-quen-vneid/${lesson.slug}`)
process.stdout.write('ready\n')

let sequence = 0
async function writer(index: number) {
  const user = users[index % users.length]!
  for (;;) {
    const id = crypto.randomUUID()
    const lesson = lessons[sequence++ % lessons.length]!
    await recordEvents(user.id, [
      { id, verb: sequence % 2 ? 'experienced' : 'completed', object: { type: 'lesson', id: lesson }, result: { durationSec: 30 }, timestamp: new Date() },
    ])
    process.stdout.write(`${id}\n`)
  }
}

await Promise.all(Array.from({ length: 32 }, (_, index) => writer(index)))
