import { type Action, MODE_BY_SLUG, type SimState, advance, start } from './engine'
import { type Scenario } from './schema'
import { MAX_ACTIONS_CHARS, MAX_SEALED_STATE_CHARS, openState, parseActions, replayAttempt } from './seal.server'

// The two long fields of a simulator post (the sealed state, and the action
// log of an attempt finished in the browser), each checked again where it is
// read. The route and the server's step cache read the form with these.
export const SIMULATOR_FORM_LIMITS = { maxFieldChars: { state: MAX_SEALED_STATE_CHARS, actions: MAX_ACTIONS_CHARS } }

type FormLike = { get(name: string): FormDataEntryValue | string | null }

// One posted simulator form, decided by the engine. Shared by the route's
// action and the server's step cache, so both answer exactly alike.
export function stepFromForm(scenario: Scenario, form: FormLike, modeSlug: string | null, now: number) {
  const stepIds = new Set(scenario.steps.map((step) => step.id))
  const mode = MODE_BY_SLUG[modeSlug ?? ''] ?? 'practice'
  const previous: SimState = openState(form.get('state'), stepIds) ?? start(scenario, mode, now)
  const intent = form.get('intent')
  if (intent === 'complete') {
    // Finished in the browser: decided again here from the posted actions.
    const actions = parseActions(form.get('actions'))
    const startedAt = Number(form.get('startedAt'))
    const replayed = actions ? replayAttempt(scenario, mode, startedAt, actions, now) : null
    return { intent: 'complete' as const, previous: replayed ?? previous, next: replayed ?? previous }
  }
  if (intent === 'hint') return { intent: 'hint' as const, previous, next: advance(scenario, previous, { type: 'hint' }, now) }
  const target = String(form.get('target') ?? '').slice(0, 64)
  const raw = form.get(`value:${target}`)
  const action: Action = { type: 'act', target, value: typeof raw === 'string' ? raw.slice(0, 500) : undefined }
  return { intent: 'act' as const, previous, next: advance(scenario, previous, action, now) }
}
