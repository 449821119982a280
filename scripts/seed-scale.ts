// `npm run seed:scale [-- --db path] [--learners 100000] [--events-per-learner 100] [--seed 1]`
//
// Makes a separate SQLite database the size of a nationwide campaign
// (100,000 learners, ~10 million learning events by default) for measuring
// pages against it (`npm run bench -- --scale`). It never touches the
// development database. The first learner is the benchmark's: exactly 5,000
// events and a known login (scripts/lib/scale-data.ts). Every learner belongs
// to one province (its wards, communes and agencies); trainers, classes with
// assignments, an organisation admin and a 500-learner bench class come last.
//
// This is a SQLite measurement tool, not application code: it writes with
// better-sqlite3 directly, prepared statements inside large transactions and
// the log's indexes built after the rows, because through Prisma the same
// rows would take hours. What it writes is still exactly what the app would
// have written: the schema comes from the project's migrations, the events
// are shaped as the site records them and the projection rows come from the
// app's own reducer (scripts/lib/scale-data.ts).
import { existsSync, rmSync, statSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { type StoredEvent } from '../app/progress/projections'
import { deployMigrations } from './lib/migrations.mjs'
import {
  BENCH_CLASS,
  DASHBOARD_LEARNER,
  type LearnerPlan,
  SCALE_ORG_ADMIN,
  SCALE_PROVINCE,
  type ScaleMember,
  createRng,
  generateLearner,
  loadScaleContent,
  planClasses,
  scaleLearnerPhone,
  scaleOrganizations,
} from './lib/scale-data'

export type SeedOptions = {
  databaseFile: string
  learners: number
  eventsPerLearner: number
  seed?: number
  contentBuildDir: string
  root: string
  log?: (line: string) => void
}

export type SeedReport = { learners: number; events: number; seconds: number; bytes: number; trainers: number; classes: number; memberships: number; assignments: number }

const DAY = 24 * 60 * 60 * 1000
// Learners generated, sorted by time and written per transaction: the log
// then interleaves a few thousand learners, as live traffic would, instead of
// holding each learner's statements in one run of rows.
const LEARNERS_PER_CHUNK = 2_000
const FIRST_NAMES = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hằng', 'Hoa', 'Hùng', 'Lan', 'Linh', 'Long', 'Mai', 'Minh', 'Nam', 'Ngọc', 'Phương', 'Quân', 'Sơn', 'Thảo', 'Trang', 'Tuấn', 'Vân', 'Yến']
const FAMILY_NAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý']
const MIDDLE_NAMES = ['Văn', 'Thị', 'Hữu', 'Minh', 'Ngọc', 'Thanh', 'Đức', 'Thu']

// Dates as Prisma's SQLite adapter writes them, so reads through Prisma and
// comparisons in SQL see one format.
const sqlDate = (date: Date | null) => (date ? date.toISOString().replace('Z', '+00:00') : null)

export async function seedScale(options: SeedOptions): Promise<SeedReport> {
  const progress = options.log ?? (() => {})
  const started = performance.now()
  const content = loadScaleContent(options.root, options.contentBuildDir)
  const rng = createRng(options.seed ?? 1)
  // Where learners live and which classes they join come from a second
  // generator, so the learners' own statements stay those of the same seed
  // before organisations existed.
  const placeRng = createRng((options.seed ?? 1) + 7_919)
  const organizations = scaleOrganizations()
  const provincialAgencies = organizations.agencies.filter((agency) => agency.parentId === SCALE_PROVINCE.id)
  const wardAgencies = organizations.agencies.filter((agency) => agency.parentId !== SCALE_PROVINCE.id)
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${options.databaseFile}${suffix}`, { force: true })
  await deployMigrations({ databaseUrl: `file:${options.databaseFile}` })

  // Argon2 takes ~10 ms a hash: one hash of the benchmark password serves
  // every seeded account (each can sign in with it).
  const { hashPassword } = await import('../app/auth/password.server')
  const passwordHash = await hashPassword(DASHBOARD_LEARNER.password)

  const db = new Database(options.databaseFile)
  // Nothing here needs to survive a crash: a failed run is started again.
  db.pragma('journal_mode = OFF')
  db.pragma('synchronous = OFF')
  db.pragma('cache_size = -1000000')
  db.pragma('temp_store = MEMORY')
  db.pragma('locking_mode = EXCLUSIVE')
  // The log's indexes are built once at the end, from sorted data, instead of
  // being updated for each of ten million random ids.
  const indexes = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'LearningEvent' AND sql IS NOT NULL`)
    .all() as { name: string; sql: string }[]
  for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`)

  const insertUser = db.prepare(
    `INSERT INTO "User" ("id", "phone", "name", "role", "kind", "agency", "position", "organizationId", "createdAt", "updatedAt") VALUES (?, ?, ?, 'LEARNER', ?, ?, ?, ?, ?, ?)`,
  )
  const insertStaff = db.prepare(
    `INSERT INTO "User" ("id", "phone", "name", "role", "kind", "agency", "position", "organizationId", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, 'CIVIL_SERVANT', ?, ?, ?, ?, ?)`,
  )
  const insertOrganization = db.prepare(
    `INSERT INTO "Organization" ("id", "code", "name", "kind", "parentId", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?)`,
  )
  const insertClass = db.prepare(
    `INSERT INTO "Class" ("id", "name", "organizationId", "trainerId", "joinCode", "archivedAt", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const insertMember = db.prepare(`INSERT INTO "ClassMember" ("classId", "userId", "source", "joinedAt") VALUES (?, ?, ?, ?)`)
  const insertAssignment = db.prepare(
    `INSERT INTO "Assignment" ("id", "classId", "kind", "targetId", "dueAt", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?)`,
  )
  const insertPassword = db.prepare(`INSERT INTO "Password" ("userId", "hash", "updatedAt") VALUES (?, ?, ?)`)
  const insertEvent = db.prepare(
    `INSERT INTO "LearningEvent" ("id", "actorId", "verb", "objectType", "objectId", "result", "context", "timestamp", "storedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const insertLesson = db.prepare(
    `INSERT INTO "LessonProgress" ("userId", "courseSlug", "lessonSlug", "firstOpenedAt", "lastOpenedAt", "completedAt", "timeSpentSec") VALUES (?, ?, ?, ?, ?, ?, ?)`,
  )
  const insertCourse = db.prepare(
    `INSERT INTO "CourseProgress" ("userId", "courseSlug", "lessonsCompleted", "quizBestPercent", "quizPassedAt", "completedAt", "lastLessonSlug", "lastActivityAt", "timeSpentSec") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const insertQuiz = db.prepare(
    `INSERT INTO "QuizAttempt" ("id", "userId", "courseSlug", "correct", "total", "percent", "passed", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const insertSimulator = db.prepare(
    `INSERT INTO "SimulatorAttempt" ("id", "userId", "scenarioId", "mode", "steps", "firstTry", "mistakes", "hintsUsed", "percent", "passed", "durationSec", "completedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )

  const now = Date.now()
  const seededAt = sqlDate(new Date(now - 200 * DAY))
  db.transaction(() => {
    for (const org of organizations.all) insertOrganization.run(org.id, org.code, org.name, org.kind, org.parentId, seededAt, seededAt)
  })()
  const members: ScaleMember[] = []
  const randomName = (generator: typeof rng) =>
    `${FAMILY_NAMES[generator.int(FAMILY_NAMES.length)]} ${MIDDLE_NAMES[generator.int(MIDDLE_NAMES.length)]} ${FIRST_NAMES[generator.int(FIRST_NAMES.length)]}`
  let totalEvents = 0
  for (let first = 0; first < options.learners; first += LEARNERS_PER_CHUNK) {
    const count = Math.min(LEARNERS_PER_CHUNK, options.learners - first)
    const learners: { plan: LearnerPlan; phone: string; name: string; agency: string | null; position: string | null; organizationId: string; createdAt: Date }[] = []
    for (let i = first; i < first + count; i++) {
      const dashboard = i === 0
      const kind = dashboard || rng.chance(0.15) ? 'CIVIL_SERVANT' : 'RESIDENT'
      // Most learners do a little, a few do a lot; the mean is eventsPerLearner.
      const target = dashboard ? DASHBOARD_LEARNER.events : Math.max(1, Math.round(options.eventsPerLearner * (0.1 + 1.8 * rng.next())))
      const from = now - (dashboard ? 180 : rng.between(7, 180)) * DAY
      // Civil servants work in an agency (half in a ward's UBND, half in a
      // provincial department); residents live in a ward, commune or special zone.
      const workplace = dashboard
        ? provincialAgencies[0]!
        : kind === 'CIVIL_SERVANT'
          ? placeRng.chance(0.5)
            ? provincialAgencies[placeRng.int(provincialAgencies.length)]!
            : wardAgencies[placeRng.int(wardAgencies.length)]!
          : organizations.communes[placeRng.int(organizations.communes.length)]!
      learners.push({
        plan: {
          userId: `cscale${i.toString(36).padStart(6, '0')}${crypto.randomUUID().replace(/-/g, '').slice(0, 13)}`,
          kind,
          target,
          exact: dashboard,
          from,
          // Sessions end a few hours before now so no statement is dated in the future.
          to: now - 3 * 60 * 60 * 1000,
          allCourses: dashboard,
        },
        phone: dashboard ? DASHBOARD_LEARNER.e164 : scaleLearnerPhone(i),
        name: dashboard
          ? DASHBOARD_LEARNER.name
          : `${FAMILY_NAMES[rng.int(FAMILY_NAMES.length)]} ${MIDDLE_NAMES[rng.int(MIDDLE_NAMES.length)]} ${FIRST_NAMES[rng.int(FIRST_NAMES.length)]}`,
        agency: kind === 'CIVIL_SERVANT' ? workplace.name : null,
        position: kind === 'CIVIL_SERVANT' ? 'Công chức' : null,
        organizationId: workplace.id,
        createdAt: new Date(from - rng.between(0, 2) * DAY),
      })
    }
    const generated: Awaited<ReturnType<typeof generateLearner>>[] = []
    for (const learner of learners) generated.push(await generateLearner(learner.plan, content, rng))
    // The chunk's statements in time order; a learner's own order is kept.
    const log: StoredEvent[] = generated.flatMap((learner) => learner.events)
    log.sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime())

    db.transaction(() => {
      for (const learner of learners) {
        const created = sqlDate(learner.createdAt)
        insertUser.run(learner.plan.userId, learner.phone, learner.name, learner.plan.kind, learner.agency, learner.position, learner.organizationId, created, created)
        insertPassword.run(learner.plan.userId, passwordHash, created)
        members.push({ userId: learner.plan.userId, organizationId: learner.organizationId, kind: learner.plan.kind })
      }
      for (const event of log) {
        // Stored a moment after it happened, as a browser online would send it.
        const storedAt = new Date(event.timestamp.getTime() + 200 + (event.id.charCodeAt(0) % 50) * 20)
        insertEvent.run(
          event.id,
          event.actorId,
          event.verb,
          event.objectType,
          event.objectId,
          event.result ? JSON.stringify(event.result) : null,
          event.context ? JSON.stringify(event.context) : null,
          sqlDate(event.timestamp),
          sqlDate(storedAt),
        )
      }
      for (const { projection } of generated) {
        for (const row of projection.lessons.values()) {
          insertLesson.run(row.userId, row.courseSlug, row.lessonSlug, sqlDate(row.firstOpenedAt), sqlDate(row.lastOpenedAt), sqlDate(row.completedAt), row.timeSpentSec)
        }
        for (const row of projection.courses.values()) {
          insertCourse.run(
            row.userId,
            row.courseSlug,
            row.lessonsCompleted,
            row.quizBestPercent,
            sqlDate(row.quizPassedAt),
            sqlDate(row.completedAt),
            row.lastLessonSlug,
            sqlDate(row.lastActivityAt),
            row.timeSpentSec,
          )
        }
        for (const row of projection.quizAttempts) {
          insertQuiz.run(row.id, row.userId, row.courseSlug, row.correct, row.total, row.percent, row.passed ? 1 : 0, sqlDate(row.createdAt))
        }
        for (const row of projection.simulatorAttempts) {
          insertSimulator.run(
            row.id,
            row.userId,
            row.scenarioId,
            row.mode,
            row.steps,
            row.firstTry,
            row.mistakes,
            row.hintsUsed,
            row.percent,
            row.passed ? 1 : 0,
            row.durationSec,
            sqlDate(row.completedAt),
          )
        }
      }
    })()
    totalEvents += log.length
    const seconds = (performance.now() - started) / 1000
    progress(
      `  ${(first + count).toLocaleString('en')} learners, ${totalEvents.toLocaleString('en')} events (${Math.round(totalEvents / seconds).toLocaleString('en')} events/s, ${seconds.toFixed(0)} s)`,
    )
  }

  progress('  trainers, classes and assignments…')
  const { trainers, classes } = planClasses(members, content, placeRng, now, randomName)
  let memberships = 0
  let assignments = 0
  db.transaction(() => {
    insertStaff.run(SCALE_ORG_ADMIN.id, SCALE_ORG_ADMIN.e164, SCALE_ORG_ADMIN.name, 'ORG_ADMIN', 'Sở Khoa học và Công nghệ', 'Chuyên viên', SCALE_PROVINCE.id, seededAt, seededAt)
    insertPassword.run(SCALE_ORG_ADMIN.id, passwordHash, seededAt)
    const orgNames = new Map(organizations.all.map((org) => [org.id, org.name]))
    for (const trainer of trainers) {
      insertStaff.run(trainer.id, trainer.phone, trainer.name, 'TRAINER', orgNames.get(trainer.organizationId) ?? null, 'Tổ công nghệ số', trainer.organizationId, seededAt, seededAt)
      insertPassword.run(trainer.id, passwordHash, seededAt)
    }
    for (const row of classes) {
      const created = sqlDate(row.createdAt)
      insertClass.run(row.id, row.name, row.organizationId, row.trainerId, row.joinCode, sqlDate(row.archivedAt), created, created)
      for (const member of row.members) insertMember.run(row.id, member.userId, member.source, sqlDate(member.joinedAt))
      for (const assignment of row.assignments) {
        insertAssignment.run(assignment.id, row.id, assignment.kind, assignment.targetId, sqlDate(assignment.dueAt), sqlDate(assignment.createdAt), sqlDate(assignment.createdAt))
      }
      memberships += row.members.length
      assignments += row.assignments.length
    }
  })()

  progress('  building the log indexes…')
  for (const index of indexes) db.exec(index.sql)
  db.exec('ANALYZE')
  db.pragma('locking_mode = NORMAL')
  // The server expects WAL (scripts/lib/prepare.ts sets it on every start).
  db.pragma('journal_mode = WAL')
  db.close()
  const seconds = (performance.now() - started) / 1000
  return {
    learners: options.learners,
    events: totalEvents,
    seconds,
    bytes: statSync(options.databaseFile).size,
    trainers: trainers.length,
    classes: classes.length,
    memberships,
    assignments,
  }
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`)
  if (index >= 0) return process.argv[index + 1]
  return process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3)
}

async function main() {
  const { ROOT, buildLessons, fail, loadEnvironment, sqlitePath } = await import('./lib/prepare')
  const env = loadEnvironment({})
  const databaseFile = path.resolve(argument('db') ?? path.join(ROOT, 'tests', '.tmp-bench', 'scale.db'))
  if (databaseFile === sqlitePath(env.DATABASE_URL)) fail(`${databaseFile} is the database of DATABASE_URL; seed:scale only writes a separate file.`)
  const learners = Number(argument('learners') ?? 100_000)
  const eventsPerLearner = Number(argument('events-per-learner') ?? 100)
  const seed = Number(argument('seed') ?? 1)
  if (!Number.isInteger(learners) || learners < 1) fail('--learners must be a positive whole number')
  if (!Number.isFinite(eventsPerLearner) || eventsPerLearner < 1) fail('--events-per-learner must be at least 1')
  const contentBuildDir = path.resolve(ROOT, env.CONTENT_BUILD_DIR)
  if (!existsSync(path.join(contentBuildDir, 'catalog.json'))) await buildLessons(env)
  console.log(`… Seeding ${databaseFile}: ${learners.toLocaleString('en')} learners, about ${(learners * eventsPerLearner).toLocaleString('en')} events`)
  const report = await seedScale({ databaseFile, learners, eventsPerLearner, seed, contentBuildDir, root: ROOT, log: (line) => console.log(line) })
  console.log(
    `✔ ${report.learners.toLocaleString('en')} learners, ${report.events.toLocaleString('en')} events in ${report.seconds.toFixed(0)} s; ${(report.bytes / 1024 / 1024).toFixed(0)} MB. Sign in as ${DASHBOARD_LEARNER.phone} / ${DASHBOARD_LEARNER.password} (${DASHBOARD_LEARNER.events} events); every seeded account has that password.`,
  )
  console.log(
    `  ${report.trainers} trainers, ${report.classes.toLocaleString('en')} classes, ${report.memberships.toLocaleString('en')} memberships, ${report.assignments.toLocaleString('en')} assignments. Organisation admin of ${SCALE_PROVINCE.name} (report /quan-ly/bao-cao/${SCALE_PROVINCE.id}): ${SCALE_ORG_ADMIN.phone}. Bench class ${BENCH_CLASS.id} (join code ${BENCH_CLASS.joinCode}, ${BENCH_CLASS.members} learners, 12 assignments), trainer ${BENCH_CLASS.trainer.phone}.`,
  )
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) await main()
