import { createHmac, timingSafeEqual } from 'node:crypto'
import { appSecret } from '~/lib/secret.server'
import { type Action, type Mode, type SimState, advance, start } from './engine'
import { type Scenario } from './schema'
import { MAX_ENCODED_STATE_CHARS, decodeState, encodeState } from './state'

// A simulator attempt's result counts towards a course (and so towards a
// certificate), so the server must have decided it:
// - without JavaScript every step is decided here, and the state that travels
//   in the page is sealed with an HMAC, so a hand-made state ("done, no
//   mistakes") is refused and the learner starts over;
// - with JavaScript the browser decides for speed, and at the end posts the
//   actions it took; the server replays them from the start with the same
//   engine and records only what that replay reaches.

function mac(body: string): string {
  return createHmac('sha256', appSecret()).update(`simulator-state:${body}`).digest('base64url').slice(0, 22)
}

export function sealState(state: SimState): string {
  const body = encodeState(state)
  return `${body}.${mac(body)}`
}

export function openState(token: unknown, stepIds: ReadonlySet<string>): SimState | null {
  if (typeof token !== 'string') return null
  const dot = token.lastIndexOf('.')
  if (dot < 0) return null
  const body = token.slice(0, dot)
  const given = Buffer.from(token.slice(dot + 1))
  const expected = Buffer.from(mac(body))
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
  return decodeState(body, stepIds)
}

const MAX_ACTIONS = 500
const MAX_VALUE = 500
export const MAX_ACTIONS_CHARS = MAX_ACTIONS * (MAX_VALUE + 100)
// The encoded state, a dot and the 22-character MAC.
export const MAX_SEALED_STATE_CHARS = MAX_ENCODED_STATE_CHARS + 23
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
