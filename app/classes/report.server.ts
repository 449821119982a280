import { type OrganizationKind, Prisma } from '#generated/prisma/client'
import { type Actor, canViewOrganizationReport } from '~/auth/permissions'
import { getCatalog, listCourses } from '~/content/catalog.server'
import { prisma } from '~/db.server'
import { completionPercent, recentWeeks } from './report'

// The organisation admins' roll-up: how many people in an organisation and
// everything below it learn, finish courses, hold certificates and are late
// with training their class was assigned. Every figure is one grouped query
// over indexed columns for the whole subtree, grouped by organisation, and
// rolled up to the direct children in JavaScript; a province of 100,000
// learners costs the same few queries as a ward of ten.
//
// Raw SQL is plain SQL-92 that SQLite and PostgreSQL read alike (COUNT,
// SUM(CASE …), NOT EXISTS, quoted identifiers, enum values as literals);
// dates are bound as parameters, so there is no dialect date function.

export type OrganizationRef = { id: string; code: string; name: string; kind: OrganizationKind }

export type CourseFigures = {
  slug: string
  title: string
  /** Learners with any progress in the course. */
  started: number
  completed: number
  /** completed / learners in the organisation, in percent (null with no learners). */
  percent: number | null
  /** Certificates not revoked. */
  certificates: number
}

export type ReportFigures = {
  learners: number
  residents: number
  civilServants: number
  courses: CourseFigures[]
  completions: number
  certificates: number
  /** Civil servants with at least one overdue assignment. */
  overduePeople: number
  /** Overdue (person, assignment) pairs. */
  overdueItems: number
}

export type OverdueRow = {
  userId: string
  name: string
  agency: string | null
  organizationName: string | null
  classId: string
  className: string
  assignmentId: string
  kind: 'course' | 'simulator'
  targetId: string
  targetTitle: string
  dueAt: Date
}

export type TrainerRow = { id: string; name: string; organizationName: string | null; classes: number; learners: number }

export type WeekCompletions = { key: string; year: number; week: number; monday: string; completions: number }

export type OrganizationReport = {
  organization: OrganizationRef
  /** The way up to the top the actor may see, top first. */
  ancestors: OrganizationRef[]
  figures: ReportFigures
  children: (OrganizationRef & { figures: ReportFigures })[]
  weeks: WeekCompletions[]
  overdue: { people: number; items: number; rows: OverdueRow[]; limit: number }
  trainers: { total: number; rows: TrainerRow[]; limit: number }
  generatedAt: Date
}

export type ReportOptions = { now?: Date; overdueLimit?: number; trainerLimit?: number; weeks?: number }

// Bound parameters per IN list: SQLite's and PostgreSQL's limits allow far
// more, but a statement with thousands of placeholders is slow to prepare.
const IN_CHUNK = 500

type OrganizationRow = OrganizationRef & { parentId: string | null }

const ORGANIZATION_COLUMNS = { id: true, code: true, name: true, kind: true, parentId: true } as const

function chunk<T>(items: readonly T[]): T[][] {
  const out: T[][] = []
  for (let start = 0; start < items.length; start += IN_CHUNK) out.push(items.slice(start, start + IN_CHUNK))
  return out
}

const ref = ({ id, code, name, kind }: OrganizationRow): OrganizationRef => ({ id, code, name, kind })

// Breadth first, one query per level (a province has three at most).
async function loadSubtree(root: OrganizationRow): Promise<OrganizationRow[]> {
  const all = [root]
  const seen = new Set([root.id])
  let frontier = [root.id]
  while (frontier.length) {
    const next: string[] = []
    for (const ids of chunk(frontier)) {
      const children = await prisma.organization.findMany({ where: { parentId: { in: ids } }, select: ORGANIZATION_COLUMNS })
      for (const child of children) {
        if (seen.has(child.id)) continue
        seen.add(child.id)
        all.push(child)
        next.push(child.id)
      }
    }
    frontier = next
  }
  return all
}

async function loadAncestors(actor: Actor, organization: OrganizationRow): Promise<OrganizationRef[]> {
  const ancestors: OrganizationRef[] = []
  let parentId = organization.parentId
  const seen = new Set([organization.id])
  while (parentId && !seen.has(parentId) && canViewOrganizationReport(actor, parentId)) {
    seen.add(parentId)
    const parent = await prisma.organization.findUnique({ where: { id: parentId }, select: ORGANIZATION_COLUMNS })
    if (!parent) break
    ancestors.unshift(ref(parent))
    parentId = parent.parentId
  }
  return ancestors
}

type Tally = {
  learners: number
  residents: number
  civilServants: number
  started: Map<string, number>
  completed: Map<string, number>
  certificates: Map<string, number>
  overduePeople: number
  overdueItems: number
}

const emptyTally = (): Tally => ({
  learners: 0,
  residents: 0,
  civilServants: 0,
  started: new Map(),
  completed: new Map(),
  certificates: new Map(),
  overduePeople: 0,
  overdueItems: 0,
})

const add = (map: Map<string, number>, key: string, amount: number) => map.set(key, (map.get(key) ?? 0) + amount)

// Raw results may carry integers as bigint, depending on the driver.
const count = (value: unknown) => Number(value ?? 0)

const LEARNER = Prisma.sql`u."role" = 'LEARNER' AND u."deletedAt" IS NULL`

export async function organizationReport(actor: Actor, organizationId: string, options: ReportOptions = {}): Promise<OrganizationReport | null> {
  if (!canViewOrganizationReport(actor, organizationId)) return null
  const organization = await prisma.organization.findUnique({ where: { id: organizationId }, select: ORGANIZATION_COLUMNS })
  if (!organization) return null
  const now = options.now ?? new Date()
  const overdueLimit = options.overdueLimit ?? 50
  const trainerLimit = options.trainerLimit ?? 200

  const subtree = await loadSubtree(organization)
  const children = subtree.filter((org) => org.parentId === organization.id).sort((a, b) => collator.compare(a.name, b.name))
  // Which direct child (or the organisation itself) each unit rolls up to.
  const parentOf = new Map(subtree.map((org) => [org.id, org.parentId]))
  const topOf = new Map<string, string>()
  for (const org of subtree) {
    let id = org.id
    while (id !== organization.id && parentOf.get(id) !== organization.id) id = parentOf.get(id)!
    topOf.set(org.id, id)
  }
  const total = emptyTally()
  const tallies = new Map(children.map((child) => [child.id, emptyTally()]))
  const tallyOf = (orgId: string | null): Tally[] => {
    const child = tallies.get(topOf.get(orgId ?? '') ?? '')
    return child ? [total, child] : [total]
  }

  // At least two weeks: the week key below is built from the boundaries between them.
  const weeks = recentWeeks(now, Math.max(2, options.weeks ?? 12))
  const weekly = weeks.map(() => 0)
  const ids = subtree.map((org) => org.id)
  const courses = listCourses()
  const catalog = getCatalog()
  const targetTitles = new Map<string, string>([
    ...courses.map((course) => [`course:${course.slug}`, course.title] as const),
    ...catalog.simulators.map((scenario) => [`simulator:${scenario.id}`, scenario.title] as const),
  ])
  const orgNames = new Map(subtree.map((org) => [org.id, org.name]))

  // Overdue: a civil servant learner in a live class whose assignment is past
  // due and not done: a course not completed (late completion counts as
  // done), a simulator never passed.
  const overdueFrom = (who: Prisma.Sql) => Prisma.sql`
    FROM "User" u
    JOIN "ClassMember" m ON m."userId" = u."id"
    JOIN "Class" c ON c."id" = m."classId"
    JOIN "Assignment" a ON a."classId" = m."classId"
    WHERE ${who} AND ${LEARNER} AND u."kind" = 'CIVIL_SERVANT'
      AND c."archivedAt" IS NULL AND a."dueAt" < ${now}
      AND ((a."kind" = 'course' AND NOT EXISTS (
          SELECT 1 FROM "CourseProgress" p WHERE p."userId" = u."id" AND p."courseSlug" = a."targetId" AND p."completedAt" IS NOT NULL))
        OR (a."kind" = 'simulator' AND NOT EXISTS (
          SELECT 1 FROM "SimulatorAttempt" s WHERE s."userId" = u."id" AND s."scenarioId" = a."targetId" AND s."passed" = TRUE)))`

  // The week of a completion, or -1 outside the chart: one CASE as a grouping
  // key costs less than a SUM per week over every progress row.
  const lastWeek = weeks.length - 1
  const weekKey = Prisma.sql`CASE WHEN cp."completedAt" IS NULL OR cp."completedAt" < ${weeks[0]!.start} OR cp."completedAt" >= ${weeks[lastWeek]!.end} THEN -1 ${Prisma.join(
    weeks.slice(0, lastWeek).map((week, index) => Prisma.sql`WHEN cp."completedAt" < ${week.end} THEN ${Prisma.raw(String(index))}`),
    ' ',
  )} ELSE ${Prisma.raw(String(lastWeek))} END`

  type LateRow = { organizationId: string; userId: string; items: unknown; firstDue: Date | string }
  const late: LateRow[] = []

  for (const part of chunk(ids)) {
    const inList = Prisma.join(part)
    const [people, progress, certificates, overdue] = await Promise.all([
      prisma.user.groupBy({
        by: ['organizationId', 'kind'],
        where: { role: 'LEARNER', deletedAt: null, organizationId: { in: part } },
        _count: { _all: true },
      }),
      prisma.$queryRaw<{ organizationId: string; courseSlug: string; week: unknown; started: unknown; completed: unknown }[]>`
        SELECT t."organizationId", t."courseSlug", t."week", COUNT(*) AS "started", COUNT(t."completedAt") AS "completed"
        FROM (
          SELECT u."organizationId" AS "organizationId", cp."courseSlug" AS "courseSlug", cp."completedAt" AS "completedAt", ${weekKey} AS "week"
          FROM "User" u JOIN "CourseProgress" cp ON cp."userId" = u."id"
          WHERE ${LEARNER} AND u."organizationId" IN (${inList})
        ) t
        GROUP BY t."organizationId", t."courseSlug", t."week"`,
      prisma.$queryRaw<{ organizationId: string; courseSlug: string; certificates: unknown }[]>`
        SELECT u."organizationId" AS "organizationId", k."courseSlug" AS "courseSlug", COUNT(*) AS "certificates"
        FROM "User" u JOIN "Certificate" k ON k."userId" = u."id"
        WHERE ${LEARNER} AND u."organizationId" IN (${inList}) AND k."revokedAt" IS NULL
        GROUP BY u."organizationId", k."courseSlug"`,
      // One row per overdue person: the counts, and who waited longest.
      // Grouped by indexed columns only: with the name in the key SQLite
      // walked every user in id order instead (94 → 60 ms at 100,000).
      prisma.$queryRaw<LateRow[]>`
        SELECT u."organizationId" AS "organizationId", u."id" AS "userId", COUNT(*) AS "items", MIN(a."dueAt") AS "firstDue"
        ${overdueFrom(Prisma.sql`u."organizationId" IN (${inList})`)}
        GROUP BY u."organizationId", u."id"`,
    ])
    for (const row of people) {
      const n = row._count._all
      for (const tally of tallyOf(row.organizationId)) {
        tally.learners += n
        if (row.kind === 'CIVIL_SERVANT') tally.civilServants += n
        else tally.residents += n
      }
    }
    for (const row of progress) {
      for (const tally of tallyOf(row.organizationId)) {
        add(tally.started, row.courseSlug, count(row.started))
        add(tally.completed, row.courseSlug, count(row.completed))
      }
      const week = count(row.week)
      if (week >= 0) weekly[week]! += count(row.completed)
    }
    for (const row of certificates) for (const tally of tallyOf(row.organizationId)) add(tally.certificates, row.courseSlug, count(row.certificates))
    for (const row of overdue) {
      for (const tally of tallyOf(row.organizationId)) {
        tally.overduePeople += 1
        tally.overdueItems += count(row.items)
      }
    }
    late.push(...overdue)
  }

  // The list: every overdue assignment of the people who waited longest.
  // Each of them has one at their earliest due date, so the first N
  // (person, assignment) pairs by due date are among theirs.
  const due = (value: Date | string) => new Date(value).getTime()
  const longest = late
    .sort((a, b) => due(a.firstDue) - due(b.firstDue) || a.userId.localeCompare(b.userId))
    .slice(0, overdueLimit)
  type OverdueSqlRow = Omit<OverdueRow, 'organizationName' | 'targetTitle' | 'kind' | 'dueAt'> & { organizationId: string; kind: string; dueAt: Date | string }
  const overdueRows: OverdueSqlRow[] = []
  const chosen = new Set(longest.map((row) => row.userId))
  // A page's few dozen people by id; a long export (the CSV) once per
  // organisation chunk rather than once per few hundred people.
  const who =
    chosen.size === 0
      ? []
      : chosen.size <= IN_CHUNK
        ? [Prisma.sql`u."id" IN (${Prisma.join([...chosen])})`]
        : chunk(ids).map((part) => Prisma.sql`u."organizationId" IN (${Prisma.join(part)})`)
  for (const condition of who) {
    const rows = await prisma.$queryRaw<OverdueSqlRow[]>`
      SELECT u."id" AS "userId", u."name" AS "name", u."agency" AS "agency", u."organizationId" AS "organizationId",
        c."id" AS "classId", c."name" AS "className", a."id" AS "assignmentId", a."kind" AS "kind", a."targetId" AS "targetId", a."dueAt" AS "dueAt"
      ${overdueFrom(condition)}`
    overdueRows.push(...rows.filter((row) => chosen.has(row.userId)))
  }
  const byDue = (a: OverdueSqlRow, b: OverdueSqlRow) =>
    due(a.dueAt) - due(b.dueAt) || collator.compare(a.name, b.name) || a.userId.localeCompare(b.userId) || a.assignmentId.localeCompare(b.assignmentId)

  const figures = (tally: Tally): ReportFigures => {
    const perCourse = courses.map((course) => {
      const completed = tally.completed.get(course.slug) ?? 0
      return {
        slug: course.slug,
        title: course.title,
        started: tally.started.get(course.slug) ?? 0,
        completed,
        percent: completionPercent(completed, tally.learners),
        certificates: tally.certificates.get(course.slug) ?? 0,
      }
    })
    return {
      learners: tally.learners,
      residents: tally.residents,
      civilServants: tally.civilServants,
      courses: perCourse,
      completions: perCourse.reduce((sum, course) => sum + course.completed, 0),
      certificates: perCourse.reduce((sum, course) => sum + course.certificates, 0),
      overduePeople: tally.overduePeople,
      overdueItems: tally.overdueItems,
    }
  }

  const [ancestors, trainers] = await Promise.all([loadAncestors(actor, organization), trainersIn(ids, orgNames, trainerLimit)])
  return {
    organization: ref(organization),
    ancestors,
    figures: figures(total),
    children: children.map((child) => ({ ...ref(child), figures: figures(tallies.get(child.id)!) })),
    weeks: weeks.map((week, index) => ({ key: week.key, year: week.year, week: week.week, monday: week.monday, completions: weekly[index]! })),
    overdue: {
      people: total.overduePeople,
      items: total.overdueItems,
      limit: overdueLimit,
      rows: overdueRows
        .sort(byDue)
        .slice(0, overdueLimit)
        .map(({ organizationId, kind, dueAt, ...row }) => ({
          ...row,
          kind: kind === 'simulator' ? 'simulator' : 'course',
          targetTitle: targetTitles.get(`${kind}:${row.targetId}`) ?? row.targetId,
          organizationName: orgNames.get(organizationId) ?? null,
          dueAt: new Date(dueAt),
        })),
    },
    trainers,
    generatedAt: now,
  }
}

const collator = new Intl.Collator('vi')

// Trainers ("tổ công nghệ số") in the subtree with the classes they run and
// the learners in those classes (archived classes left out). Learners are
// counted per class: someone in two classes of the same trainer counts
// twice, which is rare, and a distinct count cost three times as much
// (30 ms against 10 for a province's 65,000 memberships).
async function trainersIn(ids: string[], orgNames: Map<string, string>, limit: number): Promise<OrganizationReport['trainers']> {
  const where = (part: string[]) => ({ role: 'TRAINER' as const, deletedAt: null, organizationId: { in: part } })
  let total = 0
  const people: { id: string; name: string; organizationId: string | null }[] = []
  for (const part of chunk(ids)) {
    const [n, rows] = await Promise.all([
      prisma.user.count({ where: where(part) }),
      prisma.user.findMany({ where: where(part), select: { id: true, name: true, organizationId: true }, orderBy: [{ name: 'asc' }, { id: 'asc' }], take: limit }),
    ])
    total += n
    people.push(...rows)
  }
  const shown = people.sort((a, b) => collator.compare(a.name, b.name) || a.id.localeCompare(b.id)).slice(0, limit)
  const stats = new Map<string, { classes: number; learners: number }>()
  for (const part of chunk(shown.map((person) => person.id))) {
    const live = { trainerId: { in: part }, archivedAt: null }
    const [classes, members] = await Promise.all([
      prisma.class.groupBy({ by: ['trainerId'], where: live, _count: { _all: true } }),
      prisma.$queryRaw<{ trainerId: string; learners: unknown }[]>`
        SELECT c."trainerId" AS "trainerId", COUNT(*) AS "learners"
        FROM "Class" c JOIN "ClassMember" m ON m."classId" = c."id"
        WHERE c."trainerId" IN (${Prisma.join(part)}) AND c."archivedAt" IS NULL
        GROUP BY c."trainerId"`,
    ])
    for (const row of classes) stats.set(row.trainerId, { classes: row._count._all, learners: 0 })
    for (const row of members) stats.set(row.trainerId, { classes: stats.get(row.trainerId)?.classes ?? 0, learners: count(row.learners) })
  }
  return {
    total,
    limit,
    rows: shown.map((person) => ({
      id: person.id,
      name: person.name,
      organizationName: person.organizationId ? (orgNames.get(person.organizationId) ?? null) : null,
      classes: stats.get(person.id)?.classes ?? 0,
      learners: stats.get(person.id)?.learners ?? 0,
    })),
  }
}

/**
 * Where /quan-ly/bao-cao starts: an organisation admin's own organisation;
 * for an administrator every top-level unit (the provinces).
 */
export async function reportStartingPoints(actor: Actor): Promise<OrganizationRef[]> {
  if (actor.role === 'ADMIN') {
    const roots = await prisma.organization.findMany({ where: { parentId: null }, select: ORGANIZATION_COLUMNS })
    return roots.map(ref).sort((a, b) => collator.compare(a.name, b.name))
  }
  const own = actor.organizationScope[0]
  if (actor.role !== 'ORG_ADMIN' || !own) return []
  const organization = await prisma.organization.findUnique({ where: { id: own }, select: ORGANIZATION_COLUMNS })
  return organization ? [ref(organization)] : []
}
