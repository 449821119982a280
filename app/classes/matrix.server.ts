import { type Actor } from '~/auth/permissions'
import { getCourse } from '~/content/catalog.server'
import { prisma } from '~/db.server'
import { courseProgress, courseStandings, learnersFacts } from '~/progress/learner.server'
import { attendanceSessions, classAssignments, classMembers, findClass, targetTitle } from './classes.server'
import { type MatrixLearner, type MatrixModel } from './export'
import {
  type Cell,
  type LearnerSummary,
  type TargetFacts,
  assignmentCell,
  courseTargetFacts,
  simulatorTargetFacts,
  summariseLearner,
} from './status'

// The trainer's view of a class: every learner against every assignment.
// Reads projections only, in a fixed number of queries whatever the class
// size (docs/performance.md: 500 learners × 12 assignments).

export type MatrixRow = MatrixLearner & { summary: LearnerSummary; attended: number }

export type ClassMatrix = MatrixModel & {
  classId: string
  rows: MatrixRow[]
  assignmentsById: Map<string, { kind: 'course' | 'simulator'; targetId: string; dueAt: Date }>
}

export async function classMatrix(actor: Actor, classId: string, now = new Date()): Promise<ClassMatrix | null> {
  const cls = await findClass(actor, classId)
  if (!cls) return null
  const [members, assignments, sessions] = await Promise.all([classMembers(cls.id), classAssignments(cls.id), attendanceSessions(cls.id)])
  const userIds = members.map((member) => member.id)
  const courses = assignments.flatMap((row) => (row.kind === 'course' ? [getCourse(row.targetId)].filter((course) => course !== null) : []))
  const assignedScenarios = assignments.filter((row) => row.kind === 'simulator').map((row) => row.targetId)
  const [standings, attempts] = await Promise.all([
    courseStandings(userIds, courses),
    assignedScenarios.length && userIds.length
      ? prisma.simulatorAttempt.findMany({
          where: { userId: { in: userIds }, scenarioId: { in: assignedScenarios } },
          select: { userId: true, scenarioId: true, percent: true, passed: true, completedAt: true },
        })
      : [],
  ])
  const attemptsByKey = new Map<string, (typeof attempts)[number][]>()
  for (const attempt of attempts) {
    const key = `${attempt.userId} ${attempt.scenarioId}`
    const list = attemptsByKey.get(key)
    if (list) list.push(attempt)
    else attemptsByKey.set(key, [attempt])
  }
  const presentCount = new Map<string, number>()
  for (const session of sessions) for (const userId of session.present) presentCount.set(userId, (presentCount.get(userId) ?? 0) + 1)

  const rows: MatrixRow[] = members.map((member) => {
    const standing = standings.get(member.id)
    const cells: Record<string, Cell> = {}
    for (const assignment of assignments) {
      let target: TargetFacts | null = null
      if (assignment.kind === 'course') {
        const found = standing?.get(assignment.targetId)
        target = found ? courseTargetFacts(found) : null
      } else {
        const list = attemptsByKey.get(`${member.id} ${assignment.targetId}`)
        target = list ? simulatorTargetFacts(list) : null
      }
      cells[assignment.id] = assignmentCell(assignment, target, now)
    }
    return {
      id: member.id,
      name: member.name,
      phone: member.phone,
      email: member.email,
      kind: member.kind,
      agency: member.agency,
      cells,
      summary: summariseLearner(Object.values(cells), now),
      attended: presentCount.get(member.id) ?? 0,
    }
  })
  return {
    classId: cls.id,
    className: cls.name,
    assignments: assignments.map((row) => ({ id: row.id, title: row.title, kind: row.kind, dueDay: row.dueDay })),
    assignmentsById: new Map(assignments.map((row) => [row.id, row])),
    learners: rows,
    rows,
    sessions: sessions.map((session) => ({ id: session.id, day: session.day, presentUserIds: session.present })),
  }
}

/**
 * What of a member's learning the class may show: its assigned courses and
 * simulators, and the simulators an assigned course's completion rule needs
 * (they decide that course's percentage). Joining a class is consent to
 * being followed on its work, not on everything else one studies.
 */
export function classScope(assignments: Iterable<{ kind: 'course' | 'simulator'; targetId: string }>): { courseSlugs: string[]; scenarioIds: string[] } {
  const courseSlugs = new Set<string>()
  const scenarioIds = new Set<string>()
  for (const assignment of assignments) {
    if (assignment.kind === 'simulator') {
      scenarioIds.add(assignment.targetId)
      continue
    }
    courseSlugs.add(assignment.targetId)
    for (const id of getCourse(assignment.targetId)?.completion.simulators ?? []) scenarioIds.add(id)
  }
  return { courseSlugs: [...courseSlugs], scenarioIds: [...scenarioIds] }
}

/**
 * One learner of the class in detail, for the trainer helping them: their
 * assignments, and within the class's scope (classScope) the lessons read,
 * quiz results and simulator attempts. Null unless the actor runs the class
 * and the learner is in it.
 */
export async function classLearnerDetail(actor: Actor, classId: string, userId: string, now = new Date()) {
  const matrix = await classMatrix(actor, classId, now)
  const row = matrix?.rows.find((candidate) => candidate.id === userId)
  if (!matrix || !row) return null
  const scope = classScope(matrix.assignmentsById.values())
  const [facts, quizzes, simulators] = await Promise.all([
    learnersFacts([userId], scope).then((map) => map.get(userId)!),
    scope.courseSlugs.length
      ? prisma.quizAttempt.findMany({ where: { userId, courseSlug: { in: scope.courseSlugs } }, orderBy: { createdAt: 'desc' }, take: 50 })
      : [],
    scope.scenarioIds.length
      ? prisma.simulatorAttempt.findMany({ where: { userId, scenarioId: { in: scope.scenarioIds } }, orderBy: { completedAt: 'desc' }, take: 50 })
      : [],
  ])
  const courses = [...facts.courses.entries()].flatMap(([slug, entry]) => {
    const course = getCourse(slug)
    if (!course) return []
    const view = courseProgress(course, facts)
    return [
      {
        slug,
        title: course.title,
        percent: view.status.percent,
        completedAt: entry.completedAt,
        lessons: course.lessons.map((lesson) => ({ slug: lesson.slug, title: lesson.title, done: entry.completedLessons.has(lesson.slug) })),
        quizBestPercent: entry.quizBestPercent,
        quizPassPercent: course.completion.quizPassPercent,
        timeSpentSec: entry.timeSpentSec,
      },
    ]
  })
  return {
    className: matrix.className,
    learner: row,
    assignments: matrix.assignments.map((assignment) => ({ ...assignment, cell: row.cells[assignment.id]! })),
    courses,
    quizzes: quizzes.map((quiz) => ({
      id: quiz.id,
      course: getCourse(quiz.courseSlug)?.title ?? quiz.courseSlug,
      percent: quiz.percent,
      passed: quiz.passed,
      at: quiz.createdAt,
    })),
    simulators: simulators.map((attempt) => ({
      id: attempt.id,
      scenarioId: attempt.scenarioId,
      title: targetTitle('simulator', attempt.scenarioId),
      mode: attempt.mode,
      percent: attempt.percent,
      passed: attempt.passed,
      mistakes: attempt.mistakes,
      hintsUsed: attempt.hintsUsed,
      durationSec: attempt.durationSec,
      at: attempt.completedAt,
    })),
    sessions: matrix.sessions.map((session) => ({ day: session.day, present: session.presentUserIds.includes(userId) })),
  }
}
