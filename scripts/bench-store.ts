// The "store" case of `npm run bench`: the learning-event write path alone,
// in one process, against the bench's SQLite file — what the storage sustains
// without HTTP in front (the HTTP case measures the whole endpoint).
// Run by scripts/bench.ts as a child: `tsx scripts/bench-store.ts <db file>`;
// prints one JSON line. Offered load is paced: every 5 ms, 10 one-event jobs
// from different learners (2,000 events/s), for DURATION seconds.
export {}

const [databaseFile] = process.argv.slice(2)
if (!databaseFile) throw new Error('usage: tsx scripts/bench-store.ts <database file>')
process.env.DATABASE_URL = `file:${databaseFile}`
process.env.NODE_ENV = 'production'

const { prisma } = await import('../app/db.server')
const { getCatalog } = await import('../app/content/catalog.server')
const { recordEvents } = await import('../app/progress/record.server')

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10)
const lessons = getCatalog().courses.flatMap((course) => course.lessons.map((lesson) => `${course.slug}/${lesson.slug}`))
const users = await prisma.$transaction(
  Array.from({ length: 200 }, (_, index) => prisma.user.create({ data: { name: `Bench store ${index}`, email: `store-${index}-${Date.now()}@bench.invalid` } })),
)

async function run(eventsPerSecond: number) {
  const latencies: number[] = []
  let sent = 0
  let failed = 0
  const pending: Promise<void>[] = []
  const started = performance.now()
  const tickMs = 5
  const perTick = Math.max(1, Math.round((eventsPerSecond * tickMs) / 1000))
  for (let tick = 0; performance.now() - started < DURATION_S * 1000; tick++) {
    // Pace against the clock, not against answers: a slow store shows as latency.
    const due = started + tick * tickMs
    const wait = due - performance.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    for (let index = 0; index < perTick; index++) {
      const user = users[(sent + index) % users.length]!
      const lesson = lessons[(sent + index) % lessons.length]!
      const begun = performance.now()
      pending.push(
        recordEvents(user.id, [{ id: crypto.randomUUID(), verb: (sent + index) % 2 ? 'experienced' : 'completed', object: { type: 'lesson', id: lesson }, result: { durationSec: 60 }, timestamp: new Date() }]).then(
          () => void latencies.push(performance.now() - begun),
          () => void (failed += 1),
        ),
      )
    }
    sent += perTick
  }
  await Promise.all(pending)
  const elapsed = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  const at = (q: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 10) / 10
  return { offered: eventsPerSecond, eventsPerSecond: Math.round(latencies.length / elapsed), p50: at(0.5), p99: at(0.99), failed }
}

const steady = await run(2000)
const high = await run(4000)
const stored = await prisma.learningEvent.count({ where: { actorId: { in: users.map((user) => user.id) } } })
console.log(JSON.stringify({ steady, high, stored, sent: Math.round(steady.offered * DURATION_S) + Math.round(high.offered * DURATION_S) }))
await prisma.$disconnect()
