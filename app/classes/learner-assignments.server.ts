import { getCourse } from '~/content/catalog.server'
import { prisma } from '~/db.server'
import { vietnamDay } from '~/lib/dates'
import { type LearnerFacts, courseStanding } from '~/progress/learner.server'
import { targetTitle } from './classes.server'
import { type Cell, assignmentCell, courseTargetFacts, simulatorTargetFacts } from './status'

// What a learner's classes ask of them, for their dashboard and the notice
// on the home page: one list, most urgent first.

export type LearnerAssignment = {
  id: string
  className: string
  kind: 'course' | 'simulator'
  title: string
  href: string
  dueDay: string
  cell: Cell
}

const URGENCY: Record<Cell['state'], number> = { overdue: 0, 'in-progress': 1, 'not-started': 1, done: 2 }

export async function learnerAssignments(userId: string, facts: LearnerFacts, now = new Date()): Promise<LearnerAssignment[]> {
  // From the learner's memberships (indexed by user), not from every
  // assignment with a membership test: the dashboard pays for this on each view.
  const memberships = await prisma.classMember.findMany({
    where: { userId, class: { archivedAt: null } },
    select: { class: { select: { name: true, assignments: { select: { id: true, kind: true, targetId: true, dueAt: true } } } } },
  })
  const assignments = memberships.flatMap((row) => row.class.assignments.map((assignment) => ({ ...assignment, class: { name: row.class.name } })))
  if (!assignments.length) return []
  const scenarios = assignments.filter((row) => row.kind === 'simulator').map((row) => row.targetId)
  const attempts = scenarios.length
    ? await prisma.simulatorAttempt.findMany({
        where: { userId, scenarioId: { in: scenarios } },
        select: { scenarioId: true, percent: true, passed: true, completedAt: true },
      })
    : []
  const list = assignments.flatMap((row): LearnerAssignment[] => {
    const kind = row.kind as 'course' | 'simulator'
    let cell: Cell
    if (kind === 'course') {
      const course = getCourse(row.targetId)
      if (!course) return []
      cell = assignmentCell({ kind, dueAt: row.dueAt }, courseTargetFacts(courseStanding(course, facts)), now)
    } else {
      const mine = attempts.filter((attempt) => attempt.scenarioId === row.targetId)
      cell = assignmentCell({ kind, dueAt: row.dueAt }, mine.length ? simulatorTargetFacts(mine) : null, now)
    }
    return [
      {
        id: row.id,
        className: row.class.name,
        kind,
        title: targetTitle(kind, row.targetId),
        href: kind === 'course' ? `/khoa-hoc/${row.targetId}` : `/mo-phong/${row.targetId}`,
        dueDay: vietnamDay(row.dueAt),
        cell,
      },
    ]
  })
  // The same course assigned by two classes shows once, with the nearer date.
  const seen = new Set<string>()
  return list
    .sort((a, b) => URGENCY[a.cell.state] - URGENCY[b.cell.state] || a.dueDay.localeCompare(b.dueDay))
    .filter((item) => {
      const key = `${item.kind}:${item.href}`
      if (seen.has(key)) return false
      seen.add(key)
      return true
    })
}

/** The notice a learner should not miss: counts of overdue and nearly due work. */
export function assignmentNotice(list: readonly LearnerAssignment[]): { overdue: number; dueSoon: number } | null {
  const overdue = list.filter((item) => item.cell.state === 'overdue').length
  const dueSoon = list.filter((item) => item.cell.dueSoon).length
  return overdue || dueSoon ? { overdue, dueSoon } : null
}
