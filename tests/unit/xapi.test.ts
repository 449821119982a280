import fc from 'fast-check'
import { expect, test } from 'vitest'
import { z } from 'zod'
import { OBJECT_TYPES, VERBS } from '~/progress/events'
import {
  type ActivityNames,
  type XapiEvent,
  activityIri,
  formatStatement,
  isoDuration,
  parseActivityIri,
  score,
  toStatement,
  verbFromIri,
} from '~/progress/xapi'

const SITE = 'https://hocso.example.vn'
const ext = (name: string) => `${SITE}/xapi/extensions/${name}`

// The statement rules of xAPI 1.0.3 (Data, part two) that our statements can
// touch, written independently of the code under test: every property we
// emit must be one the spec defines, in the shape it defines.
const Iri = z.string().regex(/^[a-z][a-z0-9+.-]*:\/\/[^\s/]+\S*$/i, 'absolute IRI')
const LanguageMap = z.record(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'RFC 5646 tag'), z.string().min(1))
const Uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
const Timestamp = z.iso.datetime({ offset: true })
const Extensions = z.record(Iri, z.unknown())
const Agent = z
  .object({
    objectType: z.literal('Agent').optional(),
    name: z.string().optional(),
    // Exactly one inverse functional identifier; ours is always an account.
    account: z.object({ homePage: Iri, name: z.string().min(1) }).strict(),
  })
  .strict()
const Activity = z
  .object({
    objectType: z.literal('Activity').optional(),
    id: Iri,
    definition: z
      .object({
        name: LanguageMap.optional(),
        description: LanguageMap.optional(),
        type: Iri.optional(),
        moreInfo: Iri.optional(),
        interactionType: z.enum(['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other']).optional(),
        extensions: Extensions.optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
const Duration = z
  .string()
  .regex(/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/, 'ISO 8601 duration')
const Score = z
  .object({ scaled: z.number().min(-1).max(1).optional(), raw: z.number().optional(), min: z.number().optional(), max: z.number().optional() })
  .strict()
  .refine((s) => s.min === undefined || s.max === undefined || s.min < s.max, 'min < max')
  .refine((s) => s.raw === undefined || ((s.min === undefined || s.raw >= s.min) && (s.max === undefined || s.raw <= s.max)), 'min ≤ raw ≤ max')
const ActivityList = z.array(Activity).min(1)
const XapiStatementSchema = z
  .object({
    id: Uuid,
    actor: Agent,
    verb: z.object({ id: Iri, display: LanguageMap.optional() }).strict(),
    object: Activity,
    result: z
      .object({
        score: Score.optional(),
        success: z.boolean().optional(),
        completion: z.boolean().optional(),
        response: z.string().optional(),
        duration: Duration.optional(),
        extensions: Extensions.optional(),
      })
      .strict()
      .optional(),
    context: z
      .object({
        registration: Uuid.optional(),
        contextActivities: z
          .object({ parent: ActivityList.optional(), grouping: ActivityList.optional(), category: ActivityList.optional(), other: ActivityList.optional() })
          .strict()
          .optional(),
        revision: z.string().optional(),
        platform: z.string().optional(),
        language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/).optional(),
        extensions: Extensions.optional(),
      })
      .strict()
      .optional(),
    timestamp: Timestamp,
    stored: Timestamp,
    authority: Agent,
    // Data 2.4.10: a provider that sets the version sets 1.0.0.
    version: z.literal('1.0.0'),
  })
  .strict()

function valid(statement: unknown) {
  const parsed = XapiStatementSchema.safeParse(statement)
  if (!parsed.success) throw new Error(`not a valid xAPI statement: ${JSON.stringify(parsed.error.issues)}\n${JSON.stringify(statement, null, 2)}`)
  return statement
}

const TIMESTAMP = new Date('2026-11-20T02:15:00.000Z')
const STORED = new Date('2026-11-20T02:15:01.250Z')

function event(overrides: Partial<XapiEvent>): XapiEvent {
  return {
    id: '3f1c9c1e-8f0a-4c55-9d7e-2b8f6f0a1c11',
    actorId: 'cm3learner0001',
    verb: 'experienced',
    objectType: 'lesson',
    objectId: 'lam-quen-vneid/tai-ung-dung',
    result: null,
    context: null,
    timestamp: TIMESTAMP,
    storedAt: STORED,
    ...overrides,
  }
}

const TITLES: Record<string, string> = {
  'course lam-quen-vneid': 'Làm quen với VNeID',
  'lesson lam-quen-vneid/tai-ung-dung': 'Tải ứng dụng VNeID',
  'quiz lam-quen-vneid': 'Bài kiểm tra: Làm quen với VNeID',
  'question lam-quen-vneid/q1': 'Mật khẩu VNeID có được cho người khác biết không?',
  'simulator vneid-kich-hoat-tai-khoan': 'Kích hoạt tài khoản VNeID',
}
const names: ActivityNames = (type, id) => TITLES[`${type} ${id}`] ?? null

test('a completed lesson becomes the full statement, with an opaque learner account and the course as parent', () => {
  const statement = toStatement(
    event({ verb: 'completed', result: { durationSec: 95 }, context: { course: 'lam-quen-vneid', source: 'web', version: 'c0ffee12' } }),
    { siteUrl: `${SITE}/`, names },
  )
  expect(valid(statement)).toEqual({
    id: '3f1c9c1e-8f0a-4c55-9d7e-2b8f6f0a1c11',
    actor: { objectType: 'Agent', account: { homePage: SITE, name: 'cm3learner0001' } },
    verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'vi-VN': 'đã hoàn thành', 'en-US': 'completed' } },
    object: {
      objectType: 'Activity',
      id: `${SITE}/xapi/activities/lesson/lam-quen-vneid/tai-ung-dung`,
      definition: {
        name: { 'vi-VN': 'Tải ứng dụng VNeID' },
        type: 'http://adlnet.gov/expapi/activities/lesson',
        moreInfo: `${SITE}/khoa-hoc/lam-quen-vneid/tai-ung-dung`,
      },
    },
    result: { completion: true, duration: 'PT95S' },
    context: {
      contextActivities: {
        parent: [
          {
            objectType: 'Activity',
            id: `${SITE}/xapi/activities/course/lam-quen-vneid`,
            definition: { name: { 'vi-VN': 'Làm quen với VNeID' }, type: 'http://adlnet.gov/expapi/activities/course', moreInfo: `${SITE}/khoa-hoc/lam-quen-vneid` },
          },
        ],
      },
      platform: 'Học Số',
      language: 'vi-VN',
      extensions: { [ext('source')]: 'web', [ext('version')]: 'c0ffee12' },
    },
    timestamp: '2026-11-20T02:15:00.000Z',
    stored: '2026-11-20T02:15:01.250Z',
    authority: { objectType: 'Agent', name: 'Học Số', account: { homePage: SITE, name: 'hoc-so' } },
    version: '1.0.0',
  })
  // Nothing that could identify a person: no name, no mbox, no phone.
  expect(Object.keys(statement.actor)).toEqual(['objectType', 'account'])
})

test('a quiz result is an assessment with a scaled score; passed and failed use the ADL verbs', () => {
  const passed = toStatement(
    event({ verb: 'passed', objectType: 'quiz', objectId: 'lam-quen-vneid', result: { success: true, raw: 9, max: 10, percent: 90, durationSec: 312.456 } }),
    { siteUrl: SITE, names },
  )
  valid(passed)
  expect(passed.verb.id).toBe('http://adlnet.gov/expapi/verbs/passed')
  expect(passed.object.definition).toMatchObject({ type: 'http://adlnet.gov/expapi/activities/assessment', moreInfo: `${SITE}/khoa-hoc/lam-quen-vneid/kiem-tra` })
  expect(passed.result).toEqual({ score: { scaled: 0.9, raw: 9, min: 0, max: 10 }, success: true, duration: 'PT312.46S' })
  expect(passed.context?.contextActivities?.parent?.[0]?.id).toBe(`${SITE}/xapi/activities/course/lam-quen-vneid`)

  const failed = toStatement(event({ verb: 'failed', objectType: 'quiz', objectId: 'lam-quen-vneid', result: { success: false, raw: 1, max: 3 } }), { siteUrl: SITE })
  valid(failed)
  expect(failed.verb.id).toBe('http://adlnet.gov/expapi/verbs/failed')
  expect(failed.result?.score).toEqual({ scaled: 0.3333, raw: 1, min: 0, max: 3 })
})

test('an answer is a choice interaction under its quiz, grouped by course, registered to the submission', () => {
  const statement = toStatement(
    event({
      verb: 'answered',
      objectType: 'question',
      objectId: 'lam-quen-vneid/q1',
      result: { success: false, response: '2' },
      context: { course: 'lam-quen-vneid', attempt: 'A0B1C2D3-0000-4000-8000-00000000ABCD', source: 'web' },
    }),
    { siteUrl: SITE, names },
  )
  valid(statement)
  expect(statement.verb.id).toBe('http://adlnet.gov/expapi/verbs/answered')
  expect(statement.object).toMatchObject({
    id: `${SITE}/xapi/activities/question/lam-quen-vneid/q1`,
    definition: { type: 'http://adlnet.gov/expapi/activities/cmi.interaction', interactionType: 'choice', name: { 'vi-VN': 'Mật khẩu VNeID có được cho người khác biết không?' } },
  })
  expect(statement.result).toEqual({ success: false, response: '2' })
  expect(statement.context?.registration).toBe('a0b1c2d3-0000-4000-8000-00000000abcd')
  expect(statement.context?.contextActivities?.parent?.map((a) => a.id)).toEqual([`${SITE}/xapi/activities/quiz/lam-quen-vneid`])
  expect(statement.context?.contextActivities?.grouping?.map((a) => a.id)).toEqual([`${SITE}/xapi/activities/course/lam-quen-vneid`])
  // The attempt went into registration, so it is not repeated as an extension.
  expect(statement.context?.extensions).toEqual({ [ext('source')]: 'web' })
})

test('a simulator attempt is a simulation with its counts as result extensions and mode as a context extension', () => {
  const statement = toStatement(
    event({
      verb: 'completed',
      objectType: 'simulator',
      objectId: 'vneid-kich-hoat-tai-khoan',
      result: { success: false, raw: 4, max: 6, percent: 67, firstTry: 4, mistakes: 3, hintsUsed: 1, durationSec: 140 },
      context: { course: 'lam-quen-vneid', mode: 'check', attempt: 'not-a-uuid', source: 'web', version: 'v2' },
    }),
    { siteUrl: SITE, names },
  )
  valid(statement)
  expect(statement.object.definition).toMatchObject({ type: 'http://adlnet.gov/expapi/activities/simulation', name: { 'vi-VN': 'Kích hoạt tài khoản VNeID' }, moreInfo: `${SITE}/mo-phong/vneid-kich-hoat-tai-khoan` })
  expect(statement.result).toEqual({
    score: { scaled: 0.6667, raw: 4, min: 0, max: 6 },
    success: false,
    completion: true,
    duration: 'PT140S',
    extensions: { [ext('mistakes')]: 3, [ext('hintsUsed')]: 1, [ext('firstTry')]: 4 },
  })
  // Not a UUID: no registration, but the attempt still groups the statements.
  expect(statement.context?.registration).toBeUndefined()
  expect(statement.context?.extensions).toEqual({ [ext('mode')]: 'check', [ext('source')]: 'web', [ext('version')]: 'v2', [ext('attempt')]: 'not-a-uuid' })
  expect(statement.context?.contextActivities?.parent?.map((a) => a.id)).toEqual([`${SITE}/xapi/activities/course/lam-quen-vneid`])
})

test('a simulator step is an interaction under its scenario; without a known course there is no grouping', () => {
  const statement = toStatement(
    event({ verb: 'responded', objectType: 'simulator-step', objectId: 'vneid-kich-hoat-tai-khoan/nhap-so-dinh-danh', result: { success: true, hintUsed: true, mistakes: 0 }, context: { mode: 'practice' } }),
    { siteUrl: SITE, names },
  )
  valid(statement)
  expect(statement.verb).toEqual({ id: 'http://adlnet.gov/expapi/verbs/responded', display: { 'vi-VN': 'đã thực hiện', 'en-US': 'responded' } })
  expect(statement.object.definition).toEqual({ name: { 'vi-VN': 'vneid-kich-hoat-tai-khoan/nhap-so-dinh-danh' }, type: 'http://adlnet.gov/expapi/activities/interaction' })
  expect(statement.result?.extensions).toEqual({ [ext('mistakes')]: 0, [ext('hintUsed')]: true })
  expect(statement.context?.contextActivities).toEqual({
    parent: [
      {
        objectType: 'Activity',
        id: `${SITE}/xapi/activities/simulator/vneid-kich-hoat-tai-khoan`,
        definition: { name: { 'vi-VN': 'Kích hoạt tài khoản VNeID' }, type: 'http://adlnet.gov/expapi/activities/simulation', moreInfo: `${SITE}/mo-phong/vneid-kich-hoat-tai-khoan` },
      },
    ],
  })
})

test('a course completion has no parent; an experienced lesson has no result; names fall back to ids', () => {
  const course = toStatement(event({ verb: 'completed', objectType: 'course', objectId: 'lam-quen-vneid', result: { success: true, durationSec: 0 }, context: { course: 'lam-quen-vneid' } }), { siteUrl: SITE })
  valid(course)
  expect(course.object.definition).toEqual({ name: { 'vi-VN': 'lam-quen-vneid' }, type: 'http://adlnet.gov/expapi/activities/course', moreInfo: `${SITE}/khoa-hoc/lam-quen-vneid` })
  expect(course.result).toEqual({ success: true, completion: true, duration: 'PT0S' })
  expect(course.context).toEqual({ platform: 'Học Số', language: 'vi-VN' })

  const viewed = toStatement(event({}), { siteUrl: SITE })
  valid(viewed)
  expect(viewed.result).toBeUndefined()
  expect(viewed.verb.id).toBe('http://adlnet.gov/expapi/verbs/experienced')
})

test('statement ids are lower-cased and the timestamps are UTC with milliseconds', () => {
  const statement = toStatement(event({ id: '3F1C9C1E-8F0A-4C55-9D7E-2B8F6F0A1C11', timestamp: new Date('2026-11-20T09:15:00+07:00') }), { siteUrl: SITE })
  expect(statement.id).toBe('3f1c9c1e-8f0a-4c55-9d7e-2b8f6f0a1c11')
  expect(statement.timestamp).toBe('2026-11-20T02:15:00.000Z')
})

test('scores stay inside xAPI bounds whatever the stored numbers', () => {
  expect(score({ raw: 12, max: 10 })).toEqual({ scaled: 1, raw: 10, min: 0, max: 10 })
  expect(score({ raw: -2, max: 10 })).toEqual({ scaled: 0, raw: 0, min: 0, max: 10 })
  expect(score({ percent: 85 })).toEqual({ scaled: 0.85 })
  expect(score({ percent: 140 })).toEqual({ scaled: 1 })
  expect(score({ raw: 0, max: 0, percent: 0 })).toEqual({ scaled: 0, raw: 0 })
  expect(score({ raw: 7 })).toEqual({ raw: 7 })
  expect(score({ raw: Number.NaN, max: 10 })).toBeUndefined()
  expect(score({ success: true })).toBeUndefined()
  const counts = toStatement(event({ result: { mistakes: -1, hintsUsed: 2.6, firstTry: 3 } }), { siteUrl: SITE }).result?.extensions
  expect(counts).toEqual({ [ext('mistakes')]: 0, [ext('hintsUsed')]: 3, [ext('firstTry')]: 3 })
})

test('durations are ISO 8601 seconds with at most two decimals', () => {
  expect(isoDuration(95)).toBe('PT95S')
  expect(isoDuration(0)).toBe('PT0S')
  expect(isoDuration(1.005)).toMatch(/^PT1(\.0?1)?S$/)
  expect(isoDuration(59.999)).toBe('PT60S')
  expect(isoDuration(-1)).toBeUndefined()
  expect(isoDuration(Number.POSITIVE_INFINITY)).toBeUndefined()
  expect(isoDuration(1e21)).toBeUndefined()
})

test('activity IRIs and verb IRIs read back to our keys', () => {
  for (const type of OBJECT_TYPES) {
    const id = type.includes('step') || type === 'lesson' || type === 'question' ? 'a-b/c-d' : 'a-b'
    expect(parseActivityIri(SITE, activityIri(SITE, type, id))).toEqual({ type, id })
  }
  expect(parseActivityIri(SITE, 'https://elsewhere.example/xapi/activities/lesson/a/b')).toBeNull()
  expect(parseActivityIri(SITE, `${SITE}/xapi/activities/unknown/a`)).toBeNull()
  expect(parseActivityIri(SITE, `${SITE}/xapi/activities/lesson/`)).toBeNull()
  for (const verb of VERBS) expect(verbFromIri(`http://adlnet.gov/expapi/verbs/${verb}`)).toBe(verb)
  expect(verbFromIri('http://adlnet.gov/expapi/verbs/attempted')).toBeNull()
})

test('format=ids keeps only identifiers; format=canonical keeps one language', () => {
  const full = toStatement(event({ objectType: 'question', objectId: 'lam-quen-vneid/q1', verb: 'answered', result: { response: '1' } }), { siteUrl: SITE, names })
  const ids = valid(formatStatement(full, 'ids')) as typeof full
  expect(ids.verb).toEqual({ id: 'http://adlnet.gov/expapi/verbs/answered' })
  expect(ids.object).toEqual({ objectType: 'Activity', id: `${SITE}/xapi/activities/question/lam-quen-vneid/q1` })
  expect(ids.context?.contextActivities?.parent).toEqual([{ objectType: 'Activity', id: `${SITE}/xapi/activities/quiz/lam-quen-vneid` }])
  expect(ids.authority).toEqual({ objectType: 'Agent', account: { homePage: SITE, name: 'hoc-so' } })
  expect(formatStatement(full, 'canonical', 'en-US').verb.display).toEqual({ 'en-US': 'answered' })
  expect(formatStatement(full, 'canonical').verb.display).toEqual({ 'vi-VN': 'đã trả lời' })
  expect(formatStatement(full, 'exact')).toBe(full)
})

test('any event the log can hold becomes a valid xAPI statement', () => {
  const number = fc.oneof(fc.integer({ min: -5, max: 1000 }), fc.double({ noNaN: false }), fc.constant(Number.POSITIVE_INFINITY))
  const slug = fc.stringMatching(/^[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}$/)
  fc.assert(
    fc.property(
      fc.constantFrom(...VERBS),
      fc.constantFrom(...OBJECT_TYPES),
      slug,
      slug,
      fc.record(
        {
          success: fc.boolean(),
          raw: number,
          max: number,
          percent: number,
          durationSec: number,
          response: fc.oneof(fc.string(), fc.integer() as fc.Arbitrary<unknown> as fc.Arbitrary<string>),
          mistakes: number,
          hintUsed: fc.boolean(),
          hintsUsed: number,
          firstTry: number,
        },
        { requiredKeys: [] },
      ),
      fc.record(
        {
          course: slug,
          mode: fc.constantFrom('guided' as const, 'practice' as const, 'check' as const),
          attempt: fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 20 })),
          source: fc.constantFrom('web' as const, 'api' as const, 'guest' as const),
          version: fc.string({ minLength: 1, maxLength: 12 }),
        },
        { requiredKeys: [] },
      ),
      fc.uuid(),
      (verb, objectType, a, b, result, context, id) => {
        const objectId = ['lesson', 'question', 'simulator-step'].includes(objectType) ? `${a}/${b}` : a
        const statement = toStatement(event({ id, verb, objectType, objectId, result, context, actorId: `deleted:${b}` }), { siteUrl: SITE })
        valid(statement)
        valid(formatStatement(statement, 'ids'))
        valid(formatStatement(statement, 'canonical', 'en-US'))
        expect(JSON.parse(JSON.stringify(statement))).toEqual(statement)
      },
    ),
    { numRuns: 300 },
  )
})
