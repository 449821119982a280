import { MODES, type SimState } from './engine'

// Without JavaScript the attempt travels in a hidden form field. It holds
// step ids and counts only (nothing the learner typed), so a tampered value
// can at worst restart or skip the learner's own practice; anything invalid
// starts over. Checked by hand rather than with Zod: this module ships to the
// browser, and Zod would add ~50 KB to every simulator page.
type Json = Record<string, unknown>

const isCount = (value: unknown) => Number.isInteger(value) && (value as number) >= 0 && (value as number) < 1000
const isShortString = (value: unknown, max: number) => typeof value === 'string' && value.length <= max
const isRefs = (value: unknown) => Array.isArray(value) && value.length <= 100 && value.every((item) => isShortString(item, 16))
const isProgress = (value: unknown) => {
  const record = value as Json | null
  return !!record && typeof record === 'object' && isCount(record.mistakes) && typeof record.hintUsed === 'boolean' && isRefs(record.feedback)
}

function isState(value: unknown): value is SimState {
  const state = value as Json | null
  return (
    !!state &&
    typeof state === 'object' &&
    isShortString(state.stepId, 64) &&
    (MODES as readonly unknown[]).includes(state.mode) &&
    Array.isArray(state.records) &&
    state.records.length <= 200 &&
    state.records.every((record: unknown) => isProgress(record) && isShortString((record as Json).stepId, 64)) &&
    isProgress(state.current) &&
    typeof state.showHint === 'boolean' &&
    typeof state.done === 'boolean' &&
    typeof state.startedAt === 'number' &&
    (state.finishedAt === null || typeof state.finishedAt === 'number')
  )
}

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text)
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function fromBase64Url(value: string): string {
  const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'))
  return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)))
}

// Feedback is shown once, right after the action, so it is not carried over.
export function encodeState(state: SimState): string {
  return toBase64Url(JSON.stringify({ ...state, feedback: null }))
}

export const MAX_ENCODED_STATE_CHARS = 20_000

export function decodeState(value: unknown, stepIds: ReadonlySet<string>): SimState | null {
  if (typeof value !== 'string' || value.length > MAX_ENCODED_STATE_CHARS) return null
  try {
    const parsed: unknown = JSON.parse(fromBase64Url(value))
    if (!isState(parsed)) return null
    if (!stepIds.has(parsed.stepId) || parsed.records.some((record) => !stepIds.has(record.stepId))) return null
    return { ...parsed, feedback: null }
  } catch {
    return null
  }
}
