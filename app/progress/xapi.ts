import { type EventContext, type EventResult, type ObjectType, type Verb, OBJECT_TYPES, VERBS } from './events'
import { type StoredEvent } from './projections'

// Our learning events as xAPI 1.0.3 statements (docs/xapi.md). Pure: the site
// address and the activity names come in as arguments, so the same event
// always maps to the same statement and tests need no database or content.

// The patch version goes in the X-Experience-API-Version header; the
// statement's own "version" is 1.0.0 for every 1.0.x (xAPI Data 2.4.10:
// "If Learning Record Providers set the Statement version, they MUST set it
// to 1.0.0").
export const XAPI_VERSION = '1.0.3'
export const STATEMENT_VERSION = '1.0.0'

export const PLATFORM = 'Học Số'
export const CONTENT_LANGUAGE = 'vi-VN'

export type LanguageMap = Record<string, string>

export const VERB_DEFINITIONS: Record<Verb, { id: string; display: LanguageMap }> = {
  experienced: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { 'vi-VN': 'đã xem', 'en-US': 'experienced' } },
  completed: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'vi-VN': 'đã hoàn thành', 'en-US': 'completed' } },
  answered: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'vi-VN': 'đã trả lời', 'en-US': 'answered' } },
  passed: { id: 'http://adlnet.gov/expapi/verbs/passed', display: { 'vi-VN': 'đã đạt', 'en-US': 'passed' } },
  failed: { id: 'http://adlnet.gov/expapi/verbs/failed', display: { 'vi-VN': 'chưa đạt', 'en-US': 'failed' } },
  responded: { id: 'http://adlnet.gov/expapi/verbs/responded', display: { 'vi-VN': 'đã thực hiện', 'en-US': 'responded' } },
}

export const ACTIVITY_TYPES: Record<ObjectType, string> = {
  course: 'http://adlnet.gov/expapi/activities/course',
  lesson: 'http://adlnet.gov/expapi/activities/lesson',
  quiz: 'http://adlnet.gov/expapi/activities/assessment',
  question: 'http://adlnet.gov/expapi/activities/cmi.interaction',
  simulator: 'http://adlnet.gov/expapi/activities/simulation',
  'simulator-step': 'http://adlnet.gov/expapi/activities/interaction',
}

export const RESULT_EXTENSIONS = ['mistakes', 'hintUsed', 'hintsUsed', 'firstTry'] as const
export const CONTEXT_EXTENSIONS = ['mode', 'source', 'version', 'attempt'] as const

export type XapiAccountAgent = { objectType: 'Agent'; name?: string; account: { homePage: string; name: string } }

export type XapiActivityDefinition = {
  name?: LanguageMap
  type: string
  moreInfo?: string
  interactionType?: 'choice'
}

export type XapiActivity = { objectType: 'Activity'; id: string; definition?: XapiActivityDefinition }

export type XapiScore = { scaled?: number; raw?: number; min?: number; max?: number }

export type XapiResult = {
  score?: XapiScore
  success?: boolean
  completion?: boolean
  response?: string
  duration?: string
  extensions?: Record<string, unknown>
}

export type XapiContext = {
  registration?: string
  contextActivities?: { parent?: XapiActivity[]; grouping?: XapiActivity[] }
  platform: string
  language: string
  extensions?: Record<string, unknown>
}

export type XapiStatement = {
  id: string
  actor: XapiAccountAgent
  verb: { id: string; display?: LanguageMap }
  object: XapiActivity
  result?: XapiResult
  context?: XapiContext
  timestamp: string
  stored: string
  authority: XapiAccountAgent
  version: string
}

export type XapiEvent = StoredEvent & { storedAt: Date }

// The name people read for an activity, or null when the content no longer
// has it (renamed, removed, or no compiled catalog at hand).
export type ActivityNames = (type: ObjectType, id: string) => string | null

export type StatementOptions = { siteUrl: string; names?: ActivityNames }

const UUID_ANY_CASE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_ANY_CASE.test(value)
}

function base(siteUrl: string) {
  return siteUrl.replace(/\/+$/, '')
}

// "course/lesson" keeps its slash; each segment is escaped on its own so an
// unexpected character cannot produce an invalid IRI.
function path(id: string) {
  return id.split('/').map(encodeURIComponent).join('/')
}

export function activityIri(siteUrl: string, type: ObjectType, id: string): string {
  return `${base(siteUrl)}/xapi/activities/${type}/${path(id)}`
}

export function extensionIri(siteUrl: string, name: string): string {
  return `${base(siteUrl)}/xapi/extensions/${name}`
}

// The reverse of activityIri, for the `activity` query parameter.
export function parseActivityIri(siteUrl: string, iri: string): { type: ObjectType; id: string } | null {
  const prefix = `${base(siteUrl)}/xapi/activities/`
  if (!iri.startsWith(prefix)) return null
  const rest = iri.slice(prefix.length)
  const slash = rest.indexOf('/')
  if (slash < 1) return null
  const type = rest.slice(0, slash) as ObjectType
  if (!OBJECT_TYPES.includes(type)) return null
  try {
    const id = rest
      .slice(slash + 1)
      .split('/')
      .map((segment) => decodeURIComponent(segment))
      .join('/')
    return id ? { type, id } : null
  } catch {
    return null
  }
}

export function verbFromIri(iri: string): Verb | null {
  return VERBS.find((verb) => VERB_DEFINITIONS[verb].id === iri) ?? null
}

// The site itself vouches for every statement: it graded them or received
// them from a signed-in learner.
export function siteAuthority(siteUrl: string): XapiAccountAgent {
  return { objectType: 'Agent', name: PLATFORM, account: { homePage: base(siteUrl), name: 'hoc-so' } }
}

// Learners appear only as an opaque account: never a name, phone or email.
export function learnerAgent(siteUrl: string, actorId: string): XapiAccountAgent {
  return { objectType: 'Agent', account: { homePage: base(siteUrl), name: actorId } }
}

function moreInfo(siteUrl: string, type: ObjectType, id: string): string | undefined {
  const [first = '', second = ''] = id.split('/')
  switch (type) {
    case 'course':
      return `${base(siteUrl)}/khoa-hoc/${path(id)}`
    case 'lesson':
      return `${base(siteUrl)}/khoa-hoc/${path(first)}/${path(second)}`
    case 'quiz':
      return `${base(siteUrl)}/khoa-hoc/${path(id)}/kiem-tra`
    case 'simulator':
      return `${base(siteUrl)}/mo-phong/${path(id)}`
    default:
      return undefined
  }
}

export function activity(siteUrl: string, type: ObjectType, id: string, names?: ActivityNames): XapiActivity {
  const name = names?.(type, id) ?? id
  const definition: XapiActivityDefinition = { name: { [CONTENT_LANGUAGE]: name }, type: ACTIVITY_TYPES[type] }
  const info = moreInfo(siteUrl, type, id)
  if (info) definition.moreInfo = info
  // A question offers choices and the response is the chosen index. The
  // choices themselves are left out: the catalog at hand is today's, and the
  // learner may have answered an earlier version whose choices differ.
  if (type === 'question') definition.interactionType = 'choice'
  return { objectType: 'Activity', id: activityIri(siteUrl, type, id), definition }
}

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value)
const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value))
// Four decimals is finer than any score we produce and avoids 0.30000000000000004.
const round4 = (value: number) => Math.round(value * 10_000) / 10_000 || 0
// -0 would turn into 0 on its way through JSON; give the same number both ways.
const plain = (value: number) => value || 0
// Mistakes, hints and first tries are counts, whatever a producer stored.
const count = (value: number) => Math.max(0, Math.round(value)) || 0

export function score(result: EventResult): XapiScore | undefined {
  const raw = finite(result.raw) ? result.raw : undefined
  const max = finite(result.max) && result.max > 0 ? result.max : undefined
  const percent = finite(result.percent) ? result.percent : undefined
  if (raw === undefined && percent === undefined) return undefined
  const out: XapiScore = {}
  if (raw !== undefined && max !== undefined) out.scaled = round4(clamp(raw / max, 0, 1))
  else if (percent !== undefined) out.scaled = round4(clamp(percent / 100, 0, 1))
  if (max !== undefined) {
    // xAPI requires min ≤ raw ≤ max; a raw outside it would get the whole statement refused.
    if (raw !== undefined) out.raw = plain(clamp(raw, 0, max))
    out.min = 0
    out.max = max
  } else if (raw !== undefined) {
    out.raw = plain(raw)
  }
  return out
}

// ISO 8601 duration in seconds, as xAPI's own examples write it ("PT1234S"),
// to the 0.01 s precision xAPI asks providers not to exceed.
export function isoDuration(seconds: number): string | undefined {
  if (!finite(seconds) || seconds < 0 || seconds > 1e9) return undefined
  return `PT${Number(seconds.toFixed(2))}S`
}

function toResult(siteUrl: string, verb: Verb, result: EventResult | null): XapiResult | undefined {
  const out: XapiResult = {}
  const r = result ?? {}
  const scored = score(r)
  if (scored) out.score = scored
  if (typeof r.success === 'boolean') out.success = r.success
  if (verb === 'completed') out.completion = true
  // Stored as text, but older rows or other producers may hold a number.
  const response: unknown = r.response
  if (typeof response === 'string' || finite(response) || typeof response === 'boolean') out.response = String(response)
  const duration = finite(r.durationSec) ? isoDuration(r.durationSec) : undefined
  if (duration) out.duration = duration
  const extensions: Record<string, unknown> = {}
  if (finite(r.mistakes)) extensions[extensionIri(siteUrl, 'mistakes')] = count(r.mistakes)
  if (typeof r.hintUsed === 'boolean') extensions[extensionIri(siteUrl, 'hintUsed')] = r.hintUsed
  if (finite(r.hintsUsed)) extensions[extensionIri(siteUrl, 'hintsUsed')] = count(r.hintsUsed)
  if (finite(r.firstTry)) extensions[extensionIri(siteUrl, 'firstTry')] = count(r.firstTry)
  if (Object.keys(extensions).length) out.extensions = extensions
  return Object.keys(out).length ? out : undefined
}

// The course an event belongs to: from the object id where it says so,
// otherwise from the context the producer recorded.
export function courseOf(type: ObjectType, objectId: string, context: EventContext | null): string | null {
  if (type === 'lesson' || type === 'question') return objectId.split('/')[0] || null
  if (type === 'quiz') return objectId
  if (type === 'course') return null
  return typeof context?.course === 'string' && context.course ? context.course : null
}

function toContext(siteUrl: string, event: XapiEvent, names?: ActivityNames): XapiContext {
  const context = event.context ?? {}
  const registration = isUuid(context.attempt) ? context.attempt.toLowerCase() : undefined

  // "parent" is the activity directly above the object (xAPI's own example:
  // a question's parent is its quiz); "grouping" the course further up.
  const course = courseOf(event.objectType, event.objectId, event.context)
  const courseActivity = course ? activity(siteUrl, 'course', course, names) : null
  let parent: XapiActivity | null = null
  let grouping: XapiActivity | null = null
  if (event.objectType === 'question') {
    parent = activity(siteUrl, 'quiz', event.objectId.split('/')[0]!, names)
    grouping = courseActivity
  } else if (event.objectType === 'simulator-step') {
    parent = activity(siteUrl, 'simulator', event.objectId.split('/')[0]!, names)
    grouping = courseActivity
  } else {
    parent = courseActivity
  }
  const contextActivities: XapiContext['contextActivities'] = {}
  if (parent) contextActivities.parent = [parent]
  if (grouping) contextActivities.grouping = [grouping]

  const extensions: Record<string, unknown> = {}
  if (typeof context.mode === 'string') extensions[extensionIri(siteUrl, 'mode')] = context.mode
  if (typeof context.source === 'string') extensions[extensionIri(siteUrl, 'source')] = context.source
  if (typeof context.version === 'string') extensions[extensionIri(siteUrl, 'version')] = context.version
  // An attempt id that is not a UUID cannot be a registration but still groups statements.
  if (typeof context.attempt === 'string' && context.attempt && !registration) extensions[extensionIri(siteUrl, 'attempt')] = context.attempt
  // In the order of the xAPI context table, so exported files read naturally.
  return {
    ...(registration ? { registration } : {}),
    ...(parent || grouping ? { contextActivities } : {}),
    platform: PLATFORM,
    language: CONTENT_LANGUAGE,
    ...(Object.keys(extensions).length ? { extensions } : {}),
  }
}

export function toStatement(event: XapiEvent, { siteUrl, names }: StatementOptions): XapiStatement {
  const statement: XapiStatement = {
    id: event.id.toLowerCase(),
    actor: learnerAgent(siteUrl, event.actorId),
    verb: { id: VERB_DEFINITIONS[event.verb].id, display: { ...VERB_DEFINITIONS[event.verb].display } },
    object: activity(siteUrl, event.objectType, event.objectId, names),
    timestamp: event.timestamp.toISOString(),
    stored: event.storedAt.toISOString(),
    authority: siteAuthority(siteUrl),
    version: STATEMENT_VERSION,
  }
  const result = toResult(siteUrl, event.verb, event.result)
  if (result) statement.result = result
  statement.context = toContext(siteUrl, event, names)
  return reorder(statement)
}

// Properties in the order the xAPI examples use, so exported files read naturally.
function reorder(statement: XapiStatement): XapiStatement {
  const { id, actor, verb, object, result, context, timestamp, stored, authority, version } = statement
  return { id, actor, verb, object, ...(result ? { result } : {}), ...(context ? { context } : {}), timestamp, stored, authority, version }
}

export const FORMATS = ['exact', 'ids', 'canonical'] as const
export type StatementFormat = (typeof FORMATS)[number]

function idsOnly(item: XapiActivity): XapiActivity {
  return { objectType: 'Activity', id: item.id }
}

// xAPI's `format` parameter. "ids" keeps only what identifies agents,
// activities and verbs; "canonical" keeps one language per language map.
export function formatStatement(statement: XapiStatement, format: StatementFormat, language: 'vi-VN' | 'en-US' = 'vi-VN'): XapiStatement {
  if (format === 'exact') return statement
  if (format === 'ids') {
    const { display: _display, ...verb } = statement.verb
    const { name: _name, ...authority } = statement.authority
    const out: XapiStatement = { ...statement, verb, object: idsOnly(statement.object), authority }
    const activities = statement.context?.contextActivities
    if (statement.context && activities) {
      out.context = {
        ...statement.context,
        contextActivities: {
          ...(activities.parent ? { parent: activities.parent.map(idsOnly) } : {}),
          ...(activities.grouping ? { grouping: activities.grouping.map(idsOnly) } : {}),
        },
      }
    }
    return out
  }
  const display = statement.verb.display ?? {}
  const chosen = display[language] ?? display[CONTENT_LANGUAGE]
  return { ...statement, verb: { ...statement.verb, ...(chosen ? { display: { [display[language] ? language : CONTENT_LANGUAGE]: chosen } } : {}) } }
}
