import { createHmac, timingSafeEqual } from 'node:crypto'
import { appSecret } from '~/lib/secret.server'
import { type Action, type Mode, type SimState, advance, start } from './engine'
import { type Scenario } from './schema'

// A simulator attempt's result counts towards a course (and so towards a
// certificate), so the server must have decided it:
// - without JavaScript every step is decided here, and the state that travels
//   in the page is sealed with an HMAC, so a hand-made state ("done, no
//   mistakes") is refused and the learner starts over;
// - with JavaScript the browser decides for speed, and at the end posts the
//   actions it took; the server replays them from the start with the same
//   engine and records only what that replay reaches.

// The state travels in the page's forms and, after each step (post, then
// redirect, then GET: ADR 015), in the address, so it is packed small
// (~150 characters for a 14-step attempt, where JSON took ~1,550): step
// indexes instead of ids, counts in base 36, feedback references as one or
// three characters. Only URL-safe characters that URLSearchParams leaves
// alone ([A-Za-z0-9._-]) are used. The MAC covers the scenario id too, so a
// state cannot be carried to another scenario; it comes first, then a dot.
//
//   <mac>.<mode><flags>.<startedAt>.<finishedAt>.<current>.<record>_<record>…
//   progress = <mistakes>-<hint 0|1>-<refs>, record = <step index>-<progress>

function mac(scenarioId: string, body: string): string {
  return createHmac('sha256', appSecret()).update(`simulator-state:${scenarioId}:${body}`).digest('base64url').slice(0, 22)
}

const MODE_CODE: Record<Mode, string> = { guided: 'g', practice: 'p', check: 'c' }
const CODE_MODE: Record<string, Mode> = { g: 'guided', p: 'practice', c: 'check' }
const REFS = /^(?:[mb]\d{1,2}|[grs])*$/
const MAX_RECORDS = 200
const MAX_REFS = 100

function packRefs(refs: string[]): string {
  return refs.map((ref) => (ref === 'w:real-id' ? 'r' : ref === 'w:secret' ? 's' : ref)).join('')
}

function unpackRefs(text: string): string[] | null {
  if (!REFS.test(text)) return null
  const refs = (text.match(/[mb]\d{1,2}|[grs]/g) ?? []).map((ref) => (ref === 'r' ? 'w:real-id' : ref === 's' ? 'w:secret' : ref))
  return refs.length <= MAX_REFS ? refs : null
}

const count = (text: string | undefined) => (text !== undefined && /^[0-9a-z]{1,2}$/.test(text) ? Number.parseInt(text, 36) : null)

function packProgress(progress: { mistakes: number; hintUsed: boolean; feedback: string[] }): string {
  return `${progress.mistakes.toString(36)}-${progress.hintUsed ? 1 : 0}-${packRefs(progress.feedback)}`
}

function unpackProgress(parts: string[]): { mistakes: number; hintUsed: boolean; feedback: string[] } | null {
  const [mistakes, hint, refs] = parts
  const parsed = count(mistakes)
  const feedback = unpackRefs(refs ?? '')
  if (parsed === null || (hint !== '0' && hint !== '1') || !feedback) return null
  return { mistakes: parsed, hintUsed: hint === '1', feedback }
}

function packState(scenario: Scenario, state: SimState): string {
  const index = (stepId: string) => scenario.steps.findIndex((step) => step.id === stepId).toString(36)
  const flags = (state.showHint ? 1 : 0) + (state.done ? 2 : 0)
  return [
    `${MODE_CODE[state.mode]}${index(state.stepId)}-${flags}`,
    Math.max(0, Math.round(state.startedAt)).toString(36),
    state.finishedAt === null ? '' : Math.max(0, Math.round(state.finishedAt)).toString(36),
    packProgress(state.current),
    state.records.map((record) => `${index(record.stepId)}-${packProgress(record)}`).join('_'),
  ].join('.')
}

function unpackState(scenario: Scenario, body: string): SimState | null {
  const fields = body.split('.')
  if (fields.length !== 5) return null
  const [head, started, finished, current, records] = fields as [string, string, string, string, string]
  const match = /^([gpc])([0-9a-z]{1,2})-([0-3])$/.exec(head)
  if (!match) return null
  const step = scenario.steps[Number.parseInt(match[2]!, 36)]
  const stepAt = (text: string | undefined) => (text !== undefined && /^[0-9a-z]{1,2}$/.test(text) ? scenario.steps[Number.parseInt(text, 36)] : undefined)
  const time = (text: string) => (/^[0-9a-z]{1,11}$/.test(text) ? Number.parseInt(text, 36) : null)
  const startedAt = time(started)
  const finishedAt = finished === '' ? null : time(finished)
  const progress = unpackProgress(current.split('-'))
  if (!step || startedAt === null || (finished !== '' && finishedAt === null) || !progress) return null
  const list = records === '' ? [] : records.split('_')
  if (list.length > MAX_RECORDS) return null
  const parsed: SimState['records'] = []
  for (const item of list) {
    const [stepIndex, ...rest] = item.split('-')
    const recordStep = stepAt(stepIndex)
    const recordProgress = rest.length === 3 ? unpackProgress(rest) : null
    if (!recordStep || !recordProgress) return null
    parsed.push({ stepId: recordStep.id, ...recordProgress })
  }
  const flags = Number(match[3])
  return {
    stepId: step.id,
    mode: CODE_MODE[match[1]!]!,
    records: parsed,
    current: progress,
    feedback: null,
    showHint: (flags & 1) === 1,
    done: (flags & 2) === 2,
    startedAt,
    finishedAt,
  }
}

export function sealState(scenario: Scenario, state: SimState): string {
  const body = packState(scenario, state)
  return `${mac(scenario.id, body)}.${body}`
}

// Why a sealed state was not accepted: changed by hand (or from another
// scenario, or an older format), or too old to go on with.
export type SealProblem = 'invalid' | 'expired'
export type Opened = { state: SimState } | { problem: SealProblem }

/** Null when there is no state at all (a fresh start). */
export function openState(scenario: Scenario, token: unknown, now: number): Opened | null {
  if (token === null || token === undefined || token === '') return null
  if (typeof token !== 'string' || token.length > MAX_SEALED_STATE_CHARS) return { problem: 'invalid' }
  const dot = token.indexOf('.')
  if (dot < 0) return { problem: 'invalid' }
  const body = token.slice(dot + 1)
  const given = Buffer.from(token.slice(0, dot))
  const expected = Buffer.from(mac(scenario.id, body))
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { problem: 'invalid' }
  const state = unpackState(scenario, body)
  if (!state) return { problem: 'invalid' }
  // An attempt lives a day at most: an old address (a bookmark, a shared
  // link) starts over rather than carrying on someone's stale attempt.
  if (state.startedAt > now + 60_000 || now - state.startedAt > MAX_AGE_MS) return { problem: 'expired' }
  return { state }
}

const MAX_ACTIONS = 500
const MAX_VALUE = 500
export const MAX_ACTIONS_CHARS = MAX_ACTIONS * (MAX_VALUE + 100)
// 200 records of at most ~310 characters, and the rest: far above any real
// attempt (a 14-step one with a slip on every step is ~200 characters).
export const MAX_SEALED_STATE_CHARS = 64_000
// An attempt finished in a browser must have started within the last day
// and not in the future (the start time only dates and names the attempt).
const MAX_AGE_MS = 24 * 60 * 60 * 1000

/** Parses the posted action log; anything malformed is null (nothing is recorded). */
export function parseActions(value: unknown): Action[] | null {
  if (typeof value !== 'string' || value.length > MAX_ACTIONS_CHARS) return null
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    return null
  }
  if (!Array.isArray(parsed) || parsed.length > MAX_ACTIONS) return null
  const actions: Action[] = []
  for (const item of parsed as unknown[]) {
    const record = item as Record<string, unknown> | null
    if (!record || typeof record !== 'object') return null
    if (record.type === 'hint') actions.push({ type: 'hint' })
    else if (record.type === 'act' && typeof record.target === 'string' && record.target.length <= 64) {
      if (record.value !== undefined && (typeof record.value !== 'string' || record.value.length > MAX_VALUE)) return null
      actions.push({ type: 'act', target: record.target, value: record.value as string | undefined })
    } else return null
  }
  return actions
}

/**
 * The attempt as the server sees it: the actions replayed from the start.
 * Null unless the replay finishes the scenario.
 */
export function replayAttempt(scenario: Scenario, mode: Mode, startedAt: unknown, actions: Action[], now: number): SimState | null {
  const started = typeof startedAt === 'number' && Number.isFinite(startedAt) && startedAt <= now && now - startedAt <= MAX_AGE_MS ? startedAt : now
  let state = start(scenario, mode, started)
  for (const action of actions) {
    if (state.done) break
    state = advance(scenario, state, action, now)
  }
  return state.done ? state : null
}
