// A type only: this module stays free of server code.
import type { CourseStanding } from '~/progress/learner.server'

// One cell of a class's progress matrix (learner × assignment) and the
// per-learner summary a trainer sorts by to find who is stuck. Pure: the
// matrix query gathers the facts, these functions say what they mean.

export type AssignmentKind = 'course' | 'simulator'

export type AssignmentRef = { kind: AssignmentKind; targetId: string; dueAt: Date }

export type CourseTargetFacts = {
  kind: 'course'
  /** 0–100 as the course page shows it (courseTargetFacts). */
  percent: number
  completedAt: Date | null
  started: boolean
  lastActivityAt: Date | null
}

export type SimulatorTargetFacts = {
  kind: 'simulator'
  attempts: number
  bestPercent: number
  /** First pass in any mode: an assignment asks for the practice done, not for the scored mode. */
  passedAt: Date | null
  lastActivityAt: Date | null
}

export type TargetFacts = CourseTargetFacts | SimulatorTargetFacts

export type CellState = 'not-started' | 'in-progress' | 'done' | 'overdue'

export type Cell = {
  state: CellState
  percent: number
  doneAt: Date | null
  /** Done, but after the due time. */
  late: boolean
  /** Not done, not yet overdue, due within DUE_SOON_MS. */
  dueSoon: boolean
  lastActivityAt: Date | null
}

export const DUE_SOON_MS = 3 * 24 * 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000

/** A course's facts from the learner's standing (progress/learner.server.ts), as the course page computes it. */
export function courseTargetFacts(standing: CourseStanding): CourseTargetFacts {
  return { kind: 'course', ...standing }
}

/** Folds a learner's finished attempts at one scenario (SimulatorAttempt rows). */
export function simulatorTargetFacts(attempts: readonly { percent: number; passed: boolean; completedAt: Date }[]): SimulatorTargetFacts {
  let bestPercent = 0
  let passedAt: Date | null = null
  let lastActivityAt: Date | null = null
  for (const attempt of attempts) {
    bestPercent = Math.max(bestPercent, attempt.percent)
    if (attempt.passed && (!passedAt || attempt.completedAt < passedAt)) passedAt = attempt.completedAt
    if (!lastActivityAt || attempt.completedAt > lastActivityAt) lastActivityAt = attempt.completedAt
  }
  return { kind: 'simulator', attempts: attempts.length, bestPercent, passedAt, lastActivityAt }
}

/** `facts` null (or of the other kind) means the learner never touched the target. */
export function assignmentCell(assignment: Pick<AssignmentRef, 'kind' | 'dueAt'>, facts: TargetFacts | null, now: Date): Cell {
  let done = false
  let doneAt: Date | null = null
  let percent = 0
  let started = false
  let lastActivityAt: Date | null = null
  if (facts?.kind === 'course' && assignment.kind === 'course') {
    // A course finished under an earlier version of its content stays finished.
    done = facts.completedAt !== null || facts.percent >= 100
    doneAt = facts.completedAt
    percent = done ? 100 : facts.percent
    started = facts.started || facts.percent > 0
    lastActivityAt = facts.lastActivityAt
  } else if (facts?.kind === 'simulator' && assignment.kind === 'simulator') {
    done = facts.passedAt !== null
    doneAt = facts.passedAt
    percent = done ? 100 : Math.min(99, facts.bestPercent)
    started = facts.attempts > 0
    lastActivityAt = facts.lastActivityAt
  }
  const due = assignment.dueAt.getTime()
  if (done) {
    return { state: 'done', percent, doneAt, late: doneAt !== null && doneAt.getTime() > due, dueSoon: false, lastActivityAt }
  }
  const left = due - now.getTime()
  if (left < 0) return { state: 'overdue', percent, doneAt: null, late: false, dueSoon: false, lastActivityAt }
  return {
    state: started ? 'in-progress' : 'not-started',
    percent,
    doneAt: null,
    late: false,
    dueSoon: left <= DUE_SOON_MS,
    lastActivityAt,
  }
}

export type LearnerSummary = {
  assignments: number
  done: number
  late: number
  overdue: number
  dueSoon: number
  inProgress: number
  notStarted: number
  /** Mean of the cells' percents (0 with no assignments). */
  averagePercent: number
  /** The weakest assignment's percent (100 with no assignments). */
  lowestPercent: number
  lastActivityAt: Date | null
  /** Whole days since the last activity; null when there was none. */
  idleDays: number | null
  /** Something is overdue, or work is open and nothing happened for `idleDays` (or ever). */
  stuck: boolean
}

export const DEFAULT_IDLE_DAYS = 7

/**
 * `lastActivityAt` may be given when the learner's latest activity is known
 * beyond the assigned targets (any lesson counts as being active).
 */
export function summariseLearner(
  cells: readonly Cell[],
  now: Date,
  { idleDays = DEFAULT_IDLE_DAYS, lastActivityAt }: { idleDays?: number; lastActivityAt?: Date | null } = {},
): LearnerSummary {
  const count = (predicate: (cell: Cell) => boolean) => cells.filter(predicate).length
  let latest = lastActivityAt ?? null
  for (const cell of cells) if (cell.lastActivityAt && (!latest || cell.lastActivityAt > latest)) latest = cell.lastActivityAt
  const idle = latest ? Math.max(0, Math.floor((now.getTime() - latest.getTime()) / DAY_MS)) : null
  const overdue = count((cell) => cell.state === 'overdue')
  const done = count((cell) => cell.state === 'done')
  const open = cells.length - done
  return {
    assignments: cells.length,
    done,
    late: count((cell) => cell.late),
    overdue,
    dueSoon: count((cell) => cell.dueSoon),
    inProgress: count((cell) => cell.state === 'in-progress'),
    notStarted: count((cell) => cell.state === 'not-started'),
    averagePercent: cells.length ? Math.round(cells.reduce((sum, cell) => sum + cell.percent, 0) / cells.length) : 0,
    lowestPercent: cells.length ? Math.min(...cells.map((cell) => cell.percent)) : 100,
    lastActivityAt: latest,
    idleDays: idle,
    stuck: overdue > 0 || (open > 0 && (idle === null || idle >= idleDays)),
  }
}

/**
 * "Who needs help first": ascending order of this key puts stuck learners
 * first, then most overdue, then the least progress, then the longest idle.
 * Compare with compareNeed; break ties by name in the caller's collation.
 */
export function needSortKey(summary: LearnerSummary): [number, number, number, number, number] {
  return [
    summary.stuck ? 0 : 1,
    -summary.overdue,
    summary.lowestPercent,
    summary.averagePercent,
    // Never active sorts as idle forever.
    -(summary.idleDays ?? Number.MAX_SAFE_INTEGER),
  ]
}

export function compareNeed(a: LearnerSummary, b: LearnerSummary): number {
  const left = needSortKey(a)
  const right = needSortKey(b)
  for (let index = 0; index < left.length; index++) {
    if (left[index] !== right[index]) return left[index]! - right[index]!
  }
  return 0
}
