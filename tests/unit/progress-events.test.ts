import { expect, test } from 'vitest'
import {
  ClientBatchSchema,
  ClientEventSchema,
  MAX_CLOCK_SKEW_MS,
  MAX_EVENT_AGE_MS,
  deriveEventId,
  newEventId,
  sameStatement,
  timestampProblem,
} from '~/progress/events'

const ID = '3f1c2a9e-7b4d-4c2e-9a1f-0d5e6b7c8a90'

function lessonEvent(overrides: Record<string, unknown> = {}) {
  return {
    id: ID,
    verb: 'completed',
    object: { type: 'lesson', id: 'lam-quen-vneid/vneid-la-gi' },
    result: { durationSec: 240 },
    context: { version: 'a1b2c3d4' },
    timestamp: '2026-11-20T09:15:00+07:00',
    ...overrides,
  }
}

// The messages of a refused batch, as "path: message".
function problems(batch: unknown): string[] {
  const parsed = ClientBatchSchema.safeParse(batch)
  if (parsed.success) throw new Error(`expected the batch to be refused: ${JSON.stringify(batch)}`)
  return parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
}

const one = (overrides: Record<string, unknown>) => problems({ events: [lessonEvent(overrides)] })

test('a lesson statement from the browser is accepted as sent', () => {
  const parsed = ClientBatchSchema.parse({ events: [lessonEvent(), lessonEvent({ verb: 'experienced', result: undefined, context: undefined })] })
  expect(parsed.events[0]).toEqual(lessonEvent())
  expect(parsed.events[1]).toMatchObject({ verb: 'experienced', object: { type: 'lesson', id: 'lam-quen-vneid/vneid-la-gi' } })
  expect(ClientEventSchema.safeParse(lessonEvent({ timestamp: '2026-11-20T02:15:00.123Z' })).success).toBe(true)
})

test('ids are UUIDs; upper case is accepted and stored in lower case', () => {
  const parsed = ClientEventSchema.parse(lessonEvent({ id: ID.toUpperCase() }))
  expect(parsed.id).toBe(ID)
  for (const bad of ['', 'not-a-uuid', ID.replaceAll('-', ''), `${ID}0`, `{${ID}}`, ID.slice(0, -1) + 'g', 42]) {
    expect(one({ id: bad })).toContainEqual(expect.stringMatching(/^events\.0\.id: /))
  }
  expect(one({ id: 'not-a-uuid' })).toEqual(['events.0.id: id phải là một UUID'])
})

test('unknown verbs and object types are refused with a message', () => {
  expect(one({ verb: 'mastered' })).toEqual(['events.0.verb: verb không hợp lệ'])
  expect(one({ verb: 'COMPLETED' })).toEqual(['events.0.verb: verb không hợp lệ'])
  // An unknown object type is refused, not a crash in the checks that follow.
  expect(one({ object: { type: 'video', id: 'lam-quen-vneid' } })).toContainEqual('events.0.object.type: object.type không hợp lệ')
})

test('graded statements are never accepted from the browser', () => {
  const refusals: [string, string, string][] = [
    ['passed', 'quiz', 'lam-quen-vneid'],
    ['failed', 'quiz', 'lam-quen-vneid'],
    ['completed', 'course', 'lam-quen-vneid'],
    ['answered', 'question', 'lam-quen-vneid/cau-1'],
    ['completed', 'simulator', 'vneid-doi-passcode'],
    ['responded', 'simulator-step', 'vneid-doi-passcode/buoc-1'],
    // Known verb, wrong object.
    ['passed', 'lesson', 'lam-quen-vneid/vneid-la-gi'],
  ]
  for (const [verb, type, id] of refusals) {
    expect(one({ verb, object: { type, id } })).toEqual([`events.0.verb: không nhận "${verb}" cho ${type} từ trình duyệt`])
  }
})

test('object ids must have the shape of their type', () => {
  const message = 'events.0.object.id: object.id không đúng dạng'
  for (const bad of [
    'lam-quen-vneid',
    'lam-quen-vneid/',
    '/vneid-la-gi',
    'lam-quen-vneid/vneid-la-gi/extra',
    'Lam-Quen-VNeID/vneid-la-gi',
    'lam-quen-vneid/vneid la gi',
    'lam-quen-vneid/../admin',
    'lam_quen_vneid/vneid-la-gi',
    `${'a'.repeat(81)}/vneid-la-gi`,
    `lam-quen-vneid/${'b'.repeat(81)}`,
  ]) {
    expect(one({ object: { type: 'lesson', id: bad } })).toEqual([message])
  }
  expect(ClientEventSchema.safeParse(lessonEvent({ object: { type: 'lesson', id: `${'a'.repeat(80)}/${'b'.repeat(80)}` } })).success).toBe(true)
  expect(one({ object: { type: 'lesson', id: `${'a'.repeat(80)}/${'b'.repeat(90)}` } })).toContainEqual(expect.stringMatching(/^events\.0\.object\.id: /))
})

test('fields the browser may not send are refused at every level', () => {
  expect(one({ actor: { mbox: 'mailto:x@y.z' } })).toEqual([expect.stringMatching(/^events\.0: .*actor/)])
  expect(one({ object: { type: 'lesson', id: 'lam-quen-vneid/vneid-la-gi', definition: {} } })).toEqual([expect.stringMatching(/^events\.0\.object: .*definition/)])
  // A browser cannot claim a score, a success or a mode.
  expect(one({ result: { durationSec: 10, success: true } })).toEqual([expect.stringMatching(/^events\.0\.result: .*success/)])
  expect(one({ result: { percent: 100 } })).toEqual([expect.stringMatching(/^events\.0\.result: .*percent/)])
  expect(one({ context: { mode: 'check' } })).toEqual([expect.stringMatching(/^events\.0\.context: .*mode/)])
  expect(one({ context: { source: 'guest' } })).toEqual([expect.stringMatching(/^events\.0\.context: .*source/)])
  expect(problems({ events: [lessonEvent()], actor: 'x' })).toEqual([expect.stringMatching(/^: .*actor/)])
})

test('durations are whole seconds up to a day; timestamps are ISO 8601 with a time zone', () => {
  for (const durationSec of [-1, 1.5, 24 * 3600 + 1, '60']) expect(one({ result: { durationSec } })).toHaveLength(1)
  expect(ClientEventSchema.safeParse(lessonEvent({ result: { durationSec: 24 * 3600 } })).success).toBe(true)
  for (const timestamp of ['2026-11-20', '2026-11-20T09:15:00', 'hôm qua', 1_763_600_000_000, '2026-13-40T09:15:00Z']) {
    expect(one({ timestamp })).toEqual(['events.0.timestamp: timestamp phải theo ISO 8601'])
  }
  expect(one({ context: { version: 'v'.repeat(41) } })).toHaveLength(1)
})

test('a batch holds 1 to 100 events', () => {
  expect(problems({ events: [] })).toEqual(['events: cần ít nhất một sự kiện'])
  expect(problems({ events: Array.from({ length: 101 }, () => lessonEvent()) })).toEqual(['events: tối đa 100 sự kiện mỗi lần'])
  expect(ClientBatchSchema.safeParse({ events: Array.from({ length: 100 }, () => lessonEvent()) }).success).toBe(true)
  expect(problems({})).toHaveLength(1)
  expect(problems({ events: lessonEvent() })).toHaveLength(1)
})

test('every bad event of a batch is reported with its position', () => {
  const issues = problems({ events: [lessonEvent(), lessonEvent({ verb: 'passed' }), lessonEvent({ id: 'x' })] })
  expect(issues).toEqual(['events.1.verb: không nhận "passed" cho lesson từ trình duyệt', 'events.2.id: id phải là một UUID'])
})

test('timestamps more than 5 minutes ahead or 7 days behind the server clock are refused', () => {
  const now = new Date('2026-11-20T02:15:00Z')
  const offset = (ms: number) => new Date(now.getTime() + ms)
  expect(MAX_CLOCK_SKEW_MS).toBe(5 * 60 * 1000)
  expect(MAX_EVENT_AGE_MS).toBe(7 * 24 * 60 * 60 * 1000)
  expect(timestampProblem(now, now)).toBeNull()
  expect(timestampProblem(offset(5 * 60 * 1000), now)).toBeNull()
  expect(timestampProblem(offset(5 * 60 * 1000 + 1), now)).toBe('timestamp ở tương lai')
  expect(timestampProblem(offset(24 * 60 * 60 * 1000), now)).toBe('timestamp ở tương lai')
  expect(timestampProblem(offset(-7 * 24 * 60 * 60 * 1000), now)).toBeNull()
  expect(timestampProblem(offset(-7 * 24 * 60 * 60 * 1000 - 1), now)).toBe('timestamp quá cũ (hơn 7 ngày)')
  expect(timestampProblem(offset(-365 * 24 * 60 * 60 * 1000), now)).toBe('timestamp quá cũ (hơn 7 ngày)')
  expect(timestampProblem(new Date('not a date'), now)).toBe('timestamp không hợp lệ')
})

test('derived event ids are deterministic and change with any part', async () => {
  const id = await deriveEventId('form', 'lesson', 'user-1', ID)
  expect(await deriveEventId('form', 'lesson', 'user-1', ID)).toBe(id)
  const variants = await Promise.all([
    deriveEventId('form', 'lesson', 'user-2', ID),
    deriveEventId('form', 'quiz', 'user-1', ID),
    deriveEventId('form', 'lesson', 'user-1', newEventId()),
    deriveEventId('form', 'lesson', 'user-1'),
    deriveEventId('form', 'lesson', 'user-1', ID, ''),
    deriveEventId('lesson', 'form', 'user-1', ID),
    // Parts are kept apart: moving the boundary between them changes the id.
    deriveEventId('formlesson', 'user-1', ID),
    deriveEventId('form', 'lessonuser-1', ID),
  ])
  expect(new Set([id, ...variants]).size).toBe(variants.length + 1)
})

test('derived event ids are RFC 9562 version 8 UUIDs', async () => {
  // A known value: SHA-256("a\0b") with the version and variant bits set.
  const { createHash } = await import('node:crypto')
  const digest = createHash('sha256').update('a\u0000b').digest()
  const expected = Buffer.from(digest.subarray(0, 16))
  expected[6] = (expected[6]! & 0x0f) | 0x80
  expected[8] = (expected[8]! & 0x3f) | 0x80
  const hex = expected.toString('hex')
  expect(await deriveEventId('a', 'b')).toBe(`${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`)

  for (let index = 0; index < 200; index += 1) {
    const id = await deriveEventId('simulator', 'user-1', String(index))
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    // And the browser schema accepts it as an id.
    expect(ClientEventSchema.safeParse(lessonEvent({ id })).success).toBe(true)
  }
})

test('two statements under one id are the same statement only if actor, verb and object agree', () => {
  const base = { actorId: 'user-1', verb: 'completed', objectType: 'lesson', objectId: 'lam-quen-vneid/vneid-la-gi' }
  expect(sameStatement(base, { ...base })).toBe(true)
  // Extra fields such as result or timestamp do not matter.
  expect(sameStatement(base, { ...base, result: { durationSec: 5 }, timestamp: new Date() } as typeof base)).toBe(true)
  expect(sameStatement(base, { ...base, actorId: 'user-2' })).toBe(false)
  expect(sameStatement(base, { ...base, verb: 'experienced' })).toBe(false)
  expect(sameStatement(base, { ...base, objectType: 'course' })).toBe(false)
  expect(sameStatement(base, { ...base, objectId: 'lam-quen-vneid/vi-giay-to' })).toBe(false)
})
