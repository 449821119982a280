// When is a course done, and what should the learner do next? One pure
// function each, so the rule behind a certificate is tested on its own.

export type CompletionRule = { lessons: 'all'; quizPassPercent: number; simulators: string[] }

export type CompletionFacts = {
  // The course's lessons in order, as the current content lists them.
  lessons: string[]
  completedLessons: ReadonlySet<string>
  quizBestPercent: number | null
  // Scenarios this learner has passed in check mode.
  simulatorsPassed: ReadonlySet<string>
}

export type CompletionStatus = {
  complete: boolean
  lessonsDone: number
  lessonsTotal: number
  quizPassed: boolean
  missingLessons: string[]
  missingSimulators: string[]
  // Share of the required items done, 0–100, for progress bars.
  percent: number
}

export type CompletionCounts = {
  lessonsTotal: number
  // Of the course's current lessons, how many are read.
  lessonsDone: number
  quizBestPercent: number | null
  // How many of the rule's simulators are passed in check mode.
  simulatorsPassed: number
}

/**
 * The rule over counts alone: what a class matrix needs for hundreds of
 * learners at once, and what evaluateCompletion itself rests on, so the
 * two can never disagree.
 */
export function completionFromCounts(rule: CompletionRule, counts: CompletionCounts): { complete: boolean; quizPassed: boolean; percent: number } {
  // A pass mark of 0 still asks for the quiz to be taken once.
  const quizPassed = counts.quizBestPercent !== null && counts.quizBestPercent >= rule.quizPassPercent
  const required = counts.lessonsTotal + 1 + rule.simulators.length
  const done = counts.lessonsDone + (quizPassed ? 1 : 0) + counts.simulatorsPassed
  const complete = counts.lessonsDone === counts.lessonsTotal && quizPassed && counts.simulatorsPassed === rule.simulators.length
  return { complete, quizPassed, percent: complete ? 100 : Math.min(99, Math.floor((done / required) * 100)) }
}

export function evaluateCompletion(rule: CompletionRule, facts: CompletionFacts): CompletionStatus {
  const missingLessons = facts.lessons.filter((slug) => !facts.completedLessons.has(slug))
  const lessonsDone = facts.lessons.length - missingLessons.length
  const missingSimulators = rule.simulators.filter((id) => !facts.simulatorsPassed.has(id))
  const { complete, quizPassed, percent } = completionFromCounts(rule, {
    lessonsTotal: facts.lessons.length,
    lessonsDone,
    quizBestPercent: facts.quizBestPercent,
    simulatorsPassed: rule.simulators.length - missingSimulators.length,
  })
  return { complete, lessonsDone, lessonsTotal: facts.lessons.length, quizPassed, missingLessons, missingSimulators, percent }
}

export type NextStep =
  | { kind: 'lesson'; slug: string }
  | { kind: 'quiz' }
  | { kind: 'simulator'; id: string }
  | { kind: 'done' }

// Resume after the last lesson touched; otherwise the first one not read;
// then the quiz; then the practice the rule asks for.
export function nextStep(status: CompletionStatus, lessons: string[], lastLesson: string | null): NextStep {
  if (status.missingLessons.length) {
    const missing = new Set(status.missingLessons)
    // The last lesson itself when it is still unread, else the next unread one.
    const from = lastLesson ? Math.max(lessons.indexOf(lastLesson), 0) : 0
    const after = lessons.slice(from).find((slug) => missing.has(slug))
    return { kind: 'lesson', slug: after ?? status.missingLessons[0]! }
  }
  if (!status.quizPassed) return { kind: 'quiz' }
  if (status.missingSimulators.length) return { kind: 'simulator', id: status.missingSimulators[0]! }
  return { kind: 'done' }
}
