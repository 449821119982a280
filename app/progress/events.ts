import { z } from 'zod'

// The vocabulary of learning events. Each is an xAPI statement in short form:
// docs/xapi.md maps verbs and object types to their IRIs.
export const VERBS = ['experienced', 'completed', 'answered', 'passed', 'failed', 'responded'] as const
export type Verb = (typeof VERBS)[number]

export const OBJECT_TYPES = ['lesson', 'course', 'quiz', 'question', 'simulator', 'simulator-step'] as const
export type ObjectType = (typeof OBJECT_TYPES)[number]

// Which verbs make sense for which object: anything else is refused.
export const ALLOWED: Record<ObjectType, readonly Verb[]> = {
  lesson: ['experienced', 'completed'],
  course: ['completed'],
  quiz: ['passed', 'failed'],
  question: ['answered'],
  simulator: ['completed'],
  'simulator-step': ['responded'],
}

export type EventResult = {
  success?: boolean
  // Score: raw out of max; percent is the rounded scaled score.
  raw?: number
  max?: number
  percent?: number
  durationSec?: number
  // A quiz choice index. Never anything typed into a simulator.
  response?: string
  mistakes?: number
  hintUsed?: boolean
  hintsUsed?: number
  firstTry?: number
}

export type EventContext = {
  course?: string
  mode?: 'guided' | 'practice' | 'check'
  // Groups the statements of one quiz submission or one simulator attempt.
  attempt?: string
  // Where the statement came from: the site's own pages, the browser API, or
  // progress a guest made before signing up.
  source?: 'web' | 'api' | 'guest'
  // The content build the learner saw.
  version?: string
}

export type LearningEventInput = {
  id: string
  verb: Verb
  object: { type: ObjectType; id: string }
  result?: EventResult
  context?: EventContext
  timestamp: Date
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

const Slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
const ObjectIdPattern: Record<ObjectType, RegExp> = {
  lesson: /^[a-z0-9-]{1,80}\/[a-z0-9-]{1,80}$/,
  course: /^[a-z0-9-]{1,80}$/,
  quiz: /^[a-z0-9-]{1,80}$/,
  question: /^[a-z0-9-]{1,80}\/[a-z0-9-]{1,80}$/,
  simulator: /^[a-z0-9-]{1,80}$/,
  'simulator-step': /^[a-z0-9-]{1,80}\/[a-z0-9-]{1,80}$/,
}

const Count = z.number().int().min(0).max(100_000)

// What a browser may send to POST /api/tien-do/su-kien. Graded statements
// (quiz passed/failed, answers, simulator results, course completion) are
// produced by the server that graded them, never accepted from a client.
export const CLIENT_VERBS: Partial<Record<ObjectType, readonly Verb[]>> = {
  lesson: ['experienced', 'completed'],
}

export const ClientEventSchema = z
  .object({
    id: z.string().toLowerCase().regex(UUID, 'id phải là một UUID'),
    verb: z.enum(VERBS, { error: 'verb không hợp lệ' }),
    object: z.object({ type: z.enum(OBJECT_TYPES, { error: 'object.type không hợp lệ' }), id: z.string().max(170) }).strict(),
    result: z
      .object({ durationSec: Count.max(24 * 3600).optional() })
      .strict()
      .optional(),
    context: z.object({ version: z.string().max(40).optional() }).strict().optional(),
    timestamp: z.iso.datetime({ offset: true, error: 'timestamp phải theo ISO 8601' }),
  })
  .strict()
  .superRefine((event, ctx) => {
    if (!CLIENT_VERBS[event.object.type]?.includes(event.verb)) {
      ctx.addIssue({ code: 'custom', path: ['verb'], message: `không nhận "${event.verb}" cho ${event.object.type} từ trình duyệt` })
    }
    if (!ObjectIdPattern[event.object.type].test(event.object.id)) {
      ctx.addIssue({ code: 'custom', path: ['object', 'id'], message: 'object.id không đúng dạng' })
    }
  })

export const ClientBatchSchema = z
  .object({ events: z.array(ClientEventSchema).min(1, 'cần ít nhất một sự kiện').max(100, 'tối đa 100 sự kiện mỗi lần') })
  .strict()

export { Slug as EventSlug }

// Statements older than this or from the future are refused: an old capture
// replayed later, or a device with a wrong clock, must not rewrite history.
export const MAX_EVENT_AGE_MS = 7 * 24 * 60 * 60 * 1000
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000

export function timestampProblem(timestamp: Date, now: Date): string | null {
  if (Number.isNaN(timestamp.getTime())) return 'timestamp không hợp lệ'
  if (timestamp.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) return 'timestamp ở tương lai'
  if (timestamp.getTime() < now.getTime() - MAX_EVENT_AGE_MS) return 'timestamp quá cũ (hơn 7 ngày)'
  return null
}

// Statements derived from one action (the answers of one quiz submission, the
// steps of one simulator attempt, a course completion) get ids computed from
// what they describe, so the same action sent twice maps to the same ids.
export async function deriveEventId(...parts: string[]): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(parts.join('\u0000'))))
  // RFC 9562 version 8 (custom) UUID: the hash with version and variant bits set.
  digest[6] = (digest[6]! & 0x0f) | 0x80
  digest[8] = (digest[8]! & 0x3f) | 0x80
  const hex = Array.from(digest.subarray(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

export function newEventId(): string {
  return crypto.randomUUID()
}

// Two statements with the same id are the same statement only if they say
// the same thing; a different body under a reused id is refused.
export function sameStatement(
  a: { actorId: string; verb: string; objectType: string; objectId: string },
  b: { actorId: string; verb: string; objectType: string; objectId: string },
): boolean {
  return a.actorId === b.actorId && a.verb === b.verb && a.objectType === b.objectType && a.objectId === b.objectId
}
