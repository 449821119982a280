import { z } from 'zod'
import { type ObjectType, type Verb } from './events'
import { type StatementFormat, FORMATS, isUuid, parseActivityIri, verbFromIri } from './xapi'

// The query string of GET /api/xapi/statements, read the way xAPI 1.0.3
// (Communication 2.1.3) defines it. Pure, so every rule has a unit test;
// every problem becomes a sentence for a 400 answer, never an exception.

export const STATEMENTS_PATH = '/api/xapi/statements'
export const DEFAULT_LIMIT = 100
export const MAX_LIMIT = 500

// `cursor` is ours: the position the `more` link continues from.
const KNOWN = [
  'statementId',
  'voidedStatementId',
  'agent',
  'verb',
  'activity',
  'registration',
  'related_activities',
  'related_agents',
  'since',
  'until',
  'limit',
  'format',
  'attachments',
  'ascending',
  'cursor',
] as const
type Param = (typeof KNOWN)[number]

export type ListQuery = {
  kind: 'list'
  since: Date | null
  until: Date | null
  limit: number
  ascending: boolean
  actorId: string | null
  verb: Verb | null
  object: { type: ObjectType; id: string } | null
  registration: string | null
  // Continue after (ascending) or before (descending) this storage position.
  cursor: number | null
  format: StatementFormat
  // A filter names an agent, verb or activity this site never produces: the
  // answer is an empty list, not an error.
  matchesNothing: boolean
  // The request's own parameters, carried into `more` with a new cursor.
  params: [string, string][]
}

export type SingleQuery = { kind: 'single' | 'voided'; statementId: string; format: StatementFormat }

export type StatementQuery = ListQuery | SingleQuery

export type ParsedQuery = { ok: true; query: StatementQuery } | { ok: false; reason: string }

const Timestamp = z.iso.datetime({ offset: true })

function fail(reason: string): ParsedQuery {
  return { ok: false, reason }
}

function parseTimestamp(name: string, value: string): Date | string {
  if (!Timestamp.safeParse(value).success) {
    return `${name} phải là thời điểm ISO 8601 có múi giờ, ví dụ 2026-01-31T17:00:00Z hoặc 2026-02-01T00:00:00+07:00.`
  }
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? `${name} không phải một thời điểm có thật.` : date
}

function parseBoolean(name: string, value: string): boolean | string {
  if (value === 'true') return true
  if (value === 'false') return false
  return `${name} chỉ nhận true hoặc false.`
}

const IRI = /^[a-z][a-z0-9+.-]*:\S+$/i

function isIri(value: string): boolean {
  return IRI.test(value) && URL.canParse(value)
}

const IFIS = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const

// An Agent or Identified Group as xAPI writes it: exactly one identifier.
// Returns our learner id for one of our accounts, null for any other valid
// agent (it matches no statement here), or a reason.
export function parseAgent(value: string, siteUrl: string): { actorId: string | null } | string {
  const problem = 'agent phải là một Agent xAPI dạng JSON, ví dụ {"account":{"homePage":"…","name":"…"}}.'
  let agent: unknown
  try {
    agent = JSON.parse(value)
  } catch {
    return `${problem} (JSON không đọc được)`
  }
  if (!agent || typeof agent !== 'object' || Array.isArray(agent)) return problem
  const fields = agent as Record<string, unknown>
  if (fields.objectType !== undefined && fields.objectType !== 'Agent' && fields.objectType !== 'Group') {
    return 'agent.objectType chỉ có thể là "Agent" hoặc "Group".'
  }
  const present = IFIS.filter((key) => fields[key] !== undefined)
  if (present.length !== 1) return 'agent phải có đúng một định danh: mbox, mbox_sha1sum, openid hoặc account.'
  if (present[0] !== 'account') {
    return typeof fields[present[0]!] === 'string' ? { actorId: null } : problem
  }
  const account = fields.account as Record<string, unknown> | null
  if (!account || typeof account !== 'object' || typeof account.homePage !== 'string' || typeof account.name !== 'string' || !account.name) {
    return 'agent.account cần homePage và name (chuỗi).'
  }
  if (!isIri(account.homePage)) return 'agent.account.homePage phải là một địa chỉ đầy đủ (IRL).'
  const ours = account.homePage.replace(/\/+$/, '') === siteUrl.replace(/\/+$/, '')
  return { actorId: ours ? account.name : null }
}

export function parseStatementQuery(search: URLSearchParams, siteUrl: string): ParsedQuery {
  const values = new Map<Param, string>()
  const params: [string, string][] = []
  for (const [key, value] of search) {
    if (!(KNOWN as readonly string[]).includes(key)) {
      // xAPI: a known parameter in the wrong case is refused like an unknown one, but say which was meant.
      const meant = KNOWN.find((known) => known.toLowerCase() === key.toLowerCase())
      return fail(meant ? `Tham số "${key}" phải viết đúng là "${meant}".` : `Không có tham số "${key}".`)
    }
    if (values.has(key as Param)) return fail(`Tham số "${key}" chỉ được gửi một lần.`)
    values.set(key as Param, value)
    if (key !== 'cursor') params.push([key, value])
  }

  let format: StatementFormat = 'exact'
  const formatValue = values.get('format')
  if (formatValue !== undefined) {
    if (!(FORMATS as readonly string[]).includes(formatValue)) return fail('format chỉ nhận ids, exact hoặc canonical.')
    format = formatValue as StatementFormat
  }
  const attachments = values.get('attachments')
  if (attachments !== undefined) {
    const parsed = parseBoolean('attachments', attachments)
    if (typeof parsed === 'string') return fail(parsed)
    // Our statements never carry attachments, so there is nothing to send as multipart.
    if (parsed) return fail('attachments=true không được hỗ trợ: các câu lệnh ở đây không có tệp đính kèm.')
  }

  const statementId = values.get('statementId')
  const voidedStatementId = values.get('voidedStatementId')
  if (statementId !== undefined || voidedStatementId !== undefined) {
    if (statementId !== undefined && voidedStatementId !== undefined) return fail('Không gửi cùng lúc statementId và voidedStatementId.')
    const others = [...values.keys()].filter((key) => !['statementId', 'voidedStatementId', 'format', 'attachments'].includes(key))
    if (others.length) return fail(`Khi có statementId hay voidedStatementId, chỉ được kèm format hoặc attachments (không kèm ${others.join(', ')}).`)
    const id = (statementId ?? voidedStatementId)!
    if (!isUuid(id)) return fail('statementId phải là một UUID.')
    return { ok: true, query: { kind: statementId !== undefined ? 'single' : 'voided', statementId: id.toLowerCase(), format } }
  }

  const query: ListQuery = {
    kind: 'list',
    since: null,
    until: null,
    limit: DEFAULT_LIMIT,
    ascending: false,
    actorId: null,
    verb: null,
    object: null,
    registration: null,
    cursor: null,
    format,
    matchesNothing: false,
    params,
  }

  for (const name of ['since', 'until'] as const) {
    const value = values.get(name)
    if (value === undefined) continue
    const parsed = parseTimestamp(name, value)
    if (typeof parsed === 'string') return fail(parsed)
    query[name] = parsed
  }

  const limit = values.get('limit')
  if (limit !== undefined) {
    if (!/^\d{1,9}$/.test(limit)) return fail(`limit phải là số nguyên không âm (0 nghĩa là tối đa ${MAX_LIMIT}).`)
    const wanted = Number(limit)
    // xAPI: 0 asks for the most the server allows; more than that is not an error, just paged.
    query.limit = wanted === 0 ? MAX_LIMIT : Math.min(wanted, MAX_LIMIT)
  }

  const ascending = values.get('ascending')
  if (ascending !== undefined) {
    const parsed = parseBoolean('ascending', ascending)
    if (typeof parsed === 'string') return fail(parsed)
    query.ascending = parsed
  }

  for (const name of ['related_activities', 'related_agents'] as const) {
    const value = values.get(name)
    if (value === undefined) continue
    const parsed = parseBoolean(name, value)
    if (typeof parsed === 'string') return fail(parsed)
    if (parsed) return fail(`${name}=true chưa được hỗ trợ; hãy lọc theo ${name === 'related_agents' ? 'agent' : 'activity'} thông thường.`)
  }

  const agent = values.get('agent')
  if (agent !== undefined) {
    const parsed = parseAgent(agent, siteUrl)
    if (typeof parsed === 'string') return fail(parsed)
    if (parsed.actorId === null) query.matchesNothing = true
    else query.actorId = parsed.actorId
  }

  const verb = values.get('verb')
  if (verb !== undefined) {
    if (!isIri(verb)) return fail('verb phải là IRI của động từ, ví dụ http://adlnet.gov/expapi/verbs/completed.')
    query.verb = verbFromIri(verb)
    if (!query.verb) query.matchesNothing = true
  }

  const activityValue = values.get('activity')
  if (activityValue !== undefined) {
    if (!isIri(activityValue)) return fail('activity phải là IRI của hoạt động.')
    query.object = parseActivityIri(siteUrl, activityValue)
    if (!query.object) query.matchesNothing = true
  }

  const registration = values.get('registration')
  if (registration !== undefined) {
    if (!isUuid(registration)) return fail('registration phải là một UUID.')
    query.registration = registration.toLowerCase()
  }

  const cursor = values.get('cursor')
  if (cursor !== undefined) {
    if (!/^[1-9]\d{0,14}$/.test(cursor)) return fail('cursor không hợp lệ: hãy dùng nguyên địa chỉ trong "more".')
    query.cursor = Number(cursor)
  }

  return { ok: true, query }
}

// The relative IRL xAPI expects in "more": the same query, continued.
export function moreLink(query: ListQuery, lastSeq: number): string {
  const search = new URLSearchParams(query.params)
  search.set('cursor', String(lastSeq))
  return `${STATEMENTS_PATH}?${search.toString()}`
}

// xAPI asks clients to send X-Experience-API-Version and LRSs to refuse
// versions before 1.0.0 or from 1.1.0 on. We also serve requests without the
// header (curl, a quick check in a browser) and 2.0 clients, whose statement
// model reads 1.0.x statements unchanged.
export function versionProblem(header: string | null): string | null {
  if (header === null || header.trim() === '') return null
  const value = header.trim()
  if (/^1\.0(\.\d+)?$/.test(value) || /^2\.0(\.\d+)?$/.test(value)) return null
  return `X-Experience-API-Version "${value.slice(0, 20)}" không được hỗ trợ; hãy gửi 1.0.3.`
}

// For format=canonical: one language per language map, the one the client
// ranks higher in Accept-Language (Vietnamese unless English comes first).
export function preferredLanguage(header: string | null): 'vi-VN' | 'en-US' {
  const ranked = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...rest] = part.trim().toLowerCase().split(';')
      const q = rest.map((item) => item.trim()).find((item) => item.startsWith('q='))
      const weight = q ? Number(q.slice(2)) : 1
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, index }
    })
    .filter((entry) => entry.weight > 0 && (entry.tag.startsWith('vi') || entry.tag.startsWith('en')))
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
  return ranked[0]?.tag.startsWith('en') ? 'en-US' : 'vi-VN'
}
