import { type Action, type Feedback, MODE_BY_SLUG, MODE_SLUGS, RESULT_ANCHOR, type SimState, TASK_ANCHOR, advance, describeFeedback, getStep, start } from './engine'
import { type Scenario } from './schema'
import { MAX_ACTIONS_CHARS, MAX_SEALED_STATE_CHARS, type SealProblem, openState, parseActions, replayAttempt, sealState } from './seal.server'

// The two long fields of a simulator post (the sealed state, and the action
// log of an attempt finished in the browser), each checked again where it is
// read. The route and the server's step cache read the form with these.
export const SIMULATOR_FORM_LIMITS = { maxFieldChars: { state: MAX_SEALED_STATE_CHARS, actions: MAX_ACTIONS_CHARS } }

type FormLike = { get(name: string): FormDataEntryValue | string | null }

export type FormStep = {
  intent: 'act' | 'hint' | 'complete'
  previous: SimState
  next: SimState
  // What to show once, on the page the post redirects to (see feedbackRef).
  feedback: string | null
  // The posted state was refused: the attempt starts over, and says why.
  problem: SealProblem | null
}

// One posted simulator form, decided by the engine. Shared by the route's
// action and the server's step cache, so both answer exactly alike.
export function stepFromForm(scenario: Scenario, form: FormLike, modeSlug: string | null, now: number): FormStep {
  const mode = MODE_BY_SLUG[modeSlug ?? ''] ?? 'practice'
  const intent = form.get('intent')
  const opened = openState(scenario, form.get('state'), now)
  const previous: SimState = opened && 'state' in opened ? opened.state : start(scenario, mode, now)
  if (intent === 'complete') {
    // Finished in the browser: decided again here from the posted actions.
    const actions = parseActions(form.get('actions'))
    const startedAt = Number(form.get('startedAt'))
    const replayed = actions ? replayAttempt(scenario, mode, startedAt, actions, now) : null
    return { intent: 'complete', previous: replayed ?? previous, next: replayed ?? previous, feedback: null, problem: null }
  }
  // A step posted with a changed, foreign or stale state: start over (the
  // action is not applied to a state the learner never saw).
  const problem = opened === null ? 'invalid' : 'problem' in opened ? opened.problem : null
  if (problem) return { intent: intent === 'hint' ? 'hint' : 'act', previous, next: previous, feedback: null, problem }
  if (intent === 'hint') return { intent: 'hint', previous, next: advance(scenario, previous, { type: 'hint' }, now), feedback: null, problem: null }
  const target = String(form.get('target') ?? '').slice(0, 64)
  const raw = form.get(`value:${target}`)
  const action: Action = { type: 'act', target, value: typeof raw === 'string' ? raw.slice(0, 500) : undefined }
  const next = advance(scenario, previous, action, now)
  return { intent: 'act', previous, next, feedback: feedbackRef(next), problem: null }
}

// The feedback an action just produced, as a short reference for the
// address: "ok" (the step's success text), "b0" (a branch taken), or the
// current step's latest slip ("m0", "g", "r" real-looking ID, "s" secret).
// Never text, and never anything typed.
function feedbackRef(state: SimState): string | null {
  const feedback = state.feedback
  if (!feedback) return null
  if (feedback.kind === 'success') return 'ok'
  const ref = feedback.kind === 'branch' ? state.records.at(-1)?.feedback.at(-1) : state.current.feedback.at(-1)
  if (!ref) return null
  return ref === 'w:real-id' ? 'r' : ref === 'w:secret' ? 's' : ref
}

/**
 * The feedback a step page shows for `?fb=`: only what the sealed state says
 * happened (a slip recorded on the current step, a branch or success of the
 * step just finished), so the address cannot make the page say anything else.
 */
export function feedbackFromRef(scenario: Scenario, state: SimState, value: unknown): Feedback | null {
  if (typeof value !== 'string' || value.length > 4 || state.done) return null
  const last = state.records.at(-1)
  if (value === 'ok') {
    const step = last ? getStep(scenario, last.stepId) : null
    return step?.success && !state.current.feedback.length ? { kind: 'success', text: step.success } : null
  }
  if (/^b\d{1,2}$/.test(value)) {
    if (!last || !last.feedback.includes(value) || state.current.feedback.length) return null
    const text = describeFeedback(getStep(scenario, last.stepId), value).text
    return text ? { kind: 'branch', text } : null
  }
  const ref = value === 'r' ? 'w:real-id' : value === 's' ? 'w:secret' : value
  if (state.current.feedback.at(-1) !== ref) return null
  const described = describeFeedback(getStep(scenario, state.stepId), ref)
  if (described.kind === 'warning') return { kind: 'warning', reason: described.reason! }
  return { kind: 'mistake', text: described.text }
}

// Where a step post sends the browser: a GET page for the new state (post,
// redirect, get), landing on the task. See ADR 015.
export function stepLocation(
  scenario: Scenario,
  state: SimState,
  { feedback = null, problem = null, course = null }: { feedback?: string | null; problem?: SealProblem | null; course?: string | null } = {},
): string {
  const query = new URLSearchParams({ 'che-do': MODE_SLUGS[state.mode], s: sealState(scenario, state) })
  if (feedback) query.set('fb', feedback)
  if (problem) query.set('lam-lai', problem === 'expired' ? 'het-han' : 'sai')
  if (course) query.set('hoan-thanh', course)
  return `/mo-phong/${scenario.id}?${query.toString()}#${state.done ? RESULT_ANCHOR : TASK_ANCHOR}`
}
