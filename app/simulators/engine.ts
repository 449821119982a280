import { type Scenario, type Step, type ValueMatcher, type Widget } from './schema'

// The step engine: pure and deterministic (the clock is passed in), shared by
// the browser (instant answers) and the server (form posts without
// JavaScript). It never keeps what the learner typed, only whether it was right.
export type Mode = 'guided' | 'practice' | 'check'
export const MODES: readonly Mode[] = ['guided', 'practice', 'check']
// How a mode reads in a URL (?che-do=…).
export const MODE_SLUGS: Record<Mode, string> = { guided: 'huong-dan', practice: 'luyen-tap', check: 'kiem-tra' }
// Where a step page opens (its address's #fragment): the task, or the result.
export const TASK_ANCHOR = 'sim-task'
export const RESULT_ANCHOR = 'sim-result'
export const MODE_BY_SLUG = Object.fromEntries(Object.entries(MODE_SLUGS).map(([mode, slug]) => [slug, mode])) as Record<string, Mode>

export type Action = { type: 'act'; target: string; value?: string } | { type: 'hint' }

export type Feedback =
  | { kind: 'success'; text: string }
  | { kind: 'mistake'; text: string | null }
  | { kind: 'branch'; text: string }
  | { kind: 'warning'; reason: 'real-id' | 'secret' }

// What went wrong on a step, as references into the scenario ("m0" = first
// declared mistake, "b0" = first branch, "w:real-id", "w:secret", "g" =
// unlisted): small, ASCII, and free of anything the learner typed.
export type StepRecord = { stepId: string; mistakes: number; hintUsed: boolean; feedback: string[] }

export type SimState = {
  stepId: string
  mode: Mode
  records: StepRecord[]
  current: { mistakes: number; hintUsed: boolean; feedback: string[] }
  feedback: Feedback | null
  showHint: boolean
  done: boolean
  startedAt: number
  finishedAt: number | null
}

export function start(scenario: Scenario, mode: Mode, now: number): SimState {
  return {
    stepId: scenario.steps[0]!.id,
    mode,
    records: [],
    current: { mistakes: 0, hintUsed: false, feedback: [] },
    feedback: null,
    showHint: false,
    done: false,
    startedAt: now,
    finishedAt: null,
  }
}

export function getStep(scenario: Scenario, stepId: string): Step {
  const step = scenario.steps.find((candidate) => candidate.id === stepId)
  if (!step) throw new Error(`unknown step ${stepId}`)
  return step
}

export function matchesValue(
  matcher: ValueMatcher | undefined,
  value: string | undefined,
  { caseSensitive = false }: { caseSensitive?: boolean } = {},
): boolean {
  if (!matcher) return true
  const text = (value ?? '').trim()
  const same = (a: string, b: string) => (caseSensitive ? a.normalize('NFC') === b.normalize('NFC') : normalize(a) === normalize(b))
  if ('exact' in matcher) return same(text, matcher.exact)
  if ('oneOf' in matcher) return matcher.oneOf.some((candidate) => same(candidate, text))
  // Patterns see what was typed, and numbers also without their spaces.
  const pattern = new RegExp(matcher.pattern, 'u')
  return pattern.test(text) || (/^[\d\s.-]+$/.test(text) && pattern.test(text.replace(/[\s.-]/g, '')))
}

// Spaces inside numbers and letter case do not make an answer wrong.
function normalize(value: string): string {
  const trimmed = value.trim().normalize('NFC').toLowerCase()
  return /^[\d\s.-]+$/.test(trimmed) ? trimmed.replace(/[\s.-]/g, '') : trimmed.replace(/\s+/g, ' ')
}

// Twelve digits that do not start with 000 look like a real personal ID
// number; fake people in every scenario have IDs starting with 000.
export function looksLikeRealIdNumber(value: string): boolean {
  const digits = value.replace(/[\s.-]/g, '')
  return /^\d{12}$/.test(digits) && !digits.startsWith('000')
}

const SECRET_WIDGETS = new Set(['password', 'pin', 'otp'])

export function findWidget(scenario: Scenario, screenId: string, target: string): Widget | null {
  const screen = scenario.screens.find((candidate) => candidate.id === screenId)
  if (!screen) return null
  for (const widget of screen.widgets) {
    if ('id' in widget && widget.id === target) return widget
    if ('items' in widget && Array.isArray(widget.items) && widget.items.some((item) => 'id' in item && item.id === target)) return widget
  }
  return null
}

function nextStepId(scenario: Scenario, step: Step): string | null {
  if (step.end) return null
  if (step.next) return step.next
  const index = scenario.steps.findIndex((candidate) => candidate.id === step.id)
  return scenario.steps[index + 1]?.id ?? null
}

function finishStep(state: SimState, step: Step): SimState['records'] {
  return [...state.records, { stepId: step.id, ...state.current }]
}

export function advance(scenario: Scenario, state: SimState, action: Action, now: number): SimState {
  if (state.done) return state
  const step = getStep(scenario, state.stepId)
  if (action.type === 'hint') {
    // The check mode is scored without help.
    if (state.mode === 'check') return state
    return { ...state, showHint: true, current: { ...state.current, hintUsed: true } }
  }

  const value = action.value
  const widget = findWidget(scenario, step.screen, action.target)
  // Passwords are case-sensitive; names and answers are not.
  const options = { caseSensitive: widget?.type === 'password' }
  const mistake = (feedback: Feedback, text: string): SimState => ({
    ...state,
    feedback,
    current: { ...state.current, mistakes: state.current.mistakes + 1, feedback: [...state.current.feedback, text] },
  })

  // A real-looking ID number is refused before anything else, and forgotten.
  if (value && looksLikeRealIdNumber(value)) return mistake({ kind: 'warning', reason: 'real-id' }, 'w:real-id')

  if (action.target === step.expect.target && matchesValue(step.expect.value, value, options)) {
    const records = finishStep(state, step)
    const next = nextStepId(scenario, step)
    return {
      ...state,
      records,
      stepId: next ?? step.id,
      current: { mistakes: 0, hintUsed: false, feedback: [] },
      feedback: step.success ? { kind: 'success', text: step.success } : null,
      showHint: false,
      done: next === null,
      finishedAt: next === null ? now : null,
    }
  }

  const branchIndex = step.branches.findIndex((candidate) => candidate.target === action.target && matchesValue(candidate.value, value, options))
  const branch = step.branches[branchIndex]
  if (branch) {
    // An error path: the learner sees what happens, and it counts as a slip.
    return {
      ...state,
      records: [...state.records, { stepId: step.id, mistakes: state.current.mistakes + 1, hintUsed: state.current.hintUsed, feedback: [...state.current.feedback, `b${branchIndex}`] }],
      stepId: branch.goto,
      current: { mistakes: 0, hintUsed: false, feedback: [] },
      feedback: { kind: 'branch', text: branch.feedback },
      showHint: false,
    }
  }

  const declaredIndex = step.mistakes.findIndex(
    (candidate) => (!candidate.target || candidate.target === action.target) && (candidate.value === undefined || matchesValue(candidate.value, value, options)),
  )
  const declared = step.mistakes[declaredIndex]
  if (declared) return mistake({ kind: 'mistake', text: declared.feedback }, `m${declaredIndex}`)

  // Anything else typed into a password, passcode or OTP box is treated as a
  // possible real secret: the learner is warned and it is not kept.
  if (widget && SECRET_WIDGETS.has(widget.type) && value) return mistake({ kind: 'warning', reason: 'secret' }, 'w:secret')

  return mistake({ kind: 'mistake', text: null }, 'g')
}

export type Score = {
  steps: number
  firstTry: number
  mistakes: number
  hintsUsed: number
  seconds: number
  percent: number
  passed: boolean
}

// Check mode is passed with at least 80 % of steps right the first time.
export const PASS_PERCENT = 80

export function score(state: SimState): Score {
  const steps = state.records.length
  const firstTry = state.records.filter((record) => record.mistakes === 0 && !record.hintUsed).length
  const mistakes = state.records.reduce((total, record) => total + record.mistakes, 0)
  const hintsUsed = state.records.filter((record) => record.hintUsed).length
  const percent = steps ? Math.round((firstTry / steps) * 100) : 0
  const seconds = Math.max(0, Math.round(((state.finishedAt ?? state.startedAt) - state.startedAt) / 1000))
  return { steps, firstTry, mistakes, hintsUsed, seconds, percent, passed: state.done && percent >= PASS_PERCENT }
}

// The learner-facing text for a StepRecord feedback reference; null means
// "not one of the listed mistakes" (the UI says so in its own words).
export function describeFeedback(step: Step, ref: string): { kind: 'mistake' | 'branch' | 'warning'; text: string | null; reason?: 'real-id' | 'secret' } {
  if (ref.startsWith('m')) return { kind: 'mistake', text: step.mistakes[Number(ref.slice(1))]?.feedback ?? null }
  if (ref.startsWith('b')) return { kind: 'branch', text: step.branches[Number(ref.slice(1))]?.feedback ?? null }
  if (ref === 'w:real-id' || ref === 'w:secret') return { kind: 'warning', text: null, reason: ref === 'w:real-id' ? 'real-id' : 'secret' }
  return { kind: 'mistake', text: null }
}
