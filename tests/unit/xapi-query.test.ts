import { expect, test } from 'vitest'
import { type ListQuery, MAX_LIMIT, moreLink, parseStatementQuery, preferredLanguage, versionProblem } from '~/progress/xapi-query'

const SITE = 'https://hocso.example.vn'

function parse(query: string) {
  return parseStatementQuery(new URLSearchParams(query), SITE)
}

function list(query: string): ListQuery {
  const parsed = parse(query)
  if (!parsed.ok) throw new Error(parsed.reason)
  if (parsed.query.kind !== 'list') throw new Error(`expected a list query, got ${parsed.query.kind}`)
  return parsed.query
}

function reason(query: string): string {
  const parsed = parse(query)
  if (parsed.ok) throw new Error(`expected "${query}" to be refused`)
  return parsed.reason
}

test('without parameters: 100 statements, newest first, exact format (the xAPI defaults, with our page size)', () => {
  expect(list('')).toMatchObject({ limit: 100, ascending: false, format: 'exact', since: null, until: null, cursor: null, matchesNothing: false })
})

test('limit: 0 means the maximum, more than the maximum is paged, anything not a whole number is refused', () => {
  expect(list('limit=0').limit).toBe(MAX_LIMIT)
  expect(list('limit=25').limit).toBe(25)
  expect(list('limit=100000').limit).toBe(MAX_LIMIT)
  for (const bad of ['abc', '-1', '1.5', '', '1e3', '99999999999']) expect(reason(`limit=${bad}`)).toMatch(/^limit/)
})

test('since and until are ISO 8601 timestamps with a time zone', () => {
  expect(list('since=2026-11-20T02:15:00Z').since?.toISOString()).toBe('2026-11-20T02:15:00.000Z')
  expect(list('since=2026-11-20T09:15:00.123%2B07:00').since?.toISOString()).toBe('2026-11-20T02:15:00.123Z')
  expect(list('until=2026-11-20T02:15:00.5Z').until?.toISOString()).toBe('2026-11-20T02:15:00.500Z')
  for (const bad of ['2026-11-20', '2026-11-20T02:15:00', 'yesterday', '2026-13-40T99:00:00Z']) expect(reason(`since=${encodeURIComponent(bad)}`)).toMatch(/^since/)
})

test('unknown parameters, wrong case and repeats are refused, as xAPI requires', () => {
  expect(reason('page=2')).toContain('"page"')
  expect(reason('Limit=5')).toContain('"limit"')
  expect(reason('limit=5&limit=6')).toContain('một lần')
})

test('agent: our accounts filter by learner, other valid agents match nothing, malformed agents are refused', () => {
  const agent = (value: unknown) => `agent=${encodeURIComponent(JSON.stringify(value))}`
  expect(list(agent({ objectType: 'Agent', account: { homePage: SITE, name: 'cm3abc' } })).actorId).toBe('cm3abc')
  expect(list(agent({ account: { homePage: `${SITE}/`, name: 'cm3abc' } })).actorId).toBe('cm3abc')
  expect(list(agent({ account: { homePage: 'https://other.example', name: 'cm3abc' } }))).toMatchObject({ actorId: null, matchesNothing: true })
  expect(list(agent({ mbox: 'mailto:someone@example.com' })).matchesNothing).toBe(true)
  expect(reason('agent=%7Bnot-json')).toMatch(/^agent/)
  expect(reason(agent({ name: 'Nguyễn Văn A' }))).toMatch(/đúng một định danh/)
  expect(reason(agent({ mbox: 'mailto:a@example.com', account: { homePage: SITE, name: 'x' } }))).toMatch(/đúng một định danh/)
  expect(reason(agent({ account: { homePage: SITE } }))).toMatch(/homePage và name/)
  expect(reason(agent({ objectType: 'Activity', account: { homePage: SITE, name: 'x' } }))).toMatch(/objectType/)
  expect(reason(agent(['x']))).toMatch(/^agent/)
})

test('verb and activity: our IRIs filter, other IRIs match nothing, non-IRIs are refused', () => {
  expect(list('verb=http://adlnet.gov/expapi/verbs/completed').verb).toBe('completed')
  expect(list('verb=http://adlnet.gov/expapi/verbs/attempted').matchesNothing).toBe(true)
  expect(reason('verb=completed')).toMatch(/^verb/)
  expect(list(`activity=${encodeURIComponent(`${SITE}/xapi/activities/lesson/khoa/bai`)}`).object).toEqual({ type: 'lesson', id: 'khoa/bai' })
  expect(list('activity=https://elsewhere.example/a').matchesNothing).toBe(true)
  expect(reason('activity=lesson')).toMatch(/^activity/)
  expect(list('registration=A0B1C2D3-0000-4000-8000-00000000ABCD').registration).toBe('a0b1c2d3-0000-4000-8000-00000000abcd')
  expect(reason('registration=123')).toMatch(/^registration/)
})

test('booleans are true or false; what we cannot honour is refused rather than ignored', () => {
  expect(list('ascending=true').ascending).toBe(true)
  expect(reason('ascending=yes')).toMatch(/^ascending/)
  expect(list('related_activities=false&related_agents=false&attachments=false')).toMatchObject({ kind: 'list' })
  expect(reason('related_activities=true')).toMatch(/^related_activities/)
  expect(reason('related_agents=true')).toMatch(/^related_agents/)
  expect(reason('attachments=true')).toMatch(/^attachments/)
  expect(reason('format=full')).toMatch(/^format/)
  expect(list('format=ids').format).toBe('ids')
})

test('statementId fetches one statement and allows only format and attachments beside it', () => {
  const id = '3F1C9C1E-8F0A-4C55-9D7E-2B8F6F0A1C11'
  expect(parse(`statementId=${id}&format=ids`)).toEqual({ ok: true, query: { kind: 'single', statementId: id.toLowerCase(), format: 'ids' } })
  expect(parse(`voidedStatementId=${id}`)).toMatchObject({ ok: true, query: { kind: 'voided' } })
  expect(reason(`statementId=${id}&voidedStatementId=${id}`)).toMatch(/cùng lúc/)
  expect(reason(`statementId=${id}&limit=5`)).toMatch(/limit/)
  expect(reason('statementId=42')).toMatch(/UUID/)
})

test('the more link repeats the query with the new cursor, and a forged cursor is refused', () => {
  const query = list('since=2026-11-20T02:15:00Z&ascending=true&limit=2&cursor=7')
  expect(query.cursor).toBe(7)
  const more = moreLink(query, 42)
  expect(more.startsWith('/api/xapi/statements?')).toBe(true)
  const params = new URL(more, SITE).searchParams
  expect(Object.fromEntries(params)).toEqual({ since: '2026-11-20T02:15:00Z', ascending: 'true', limit: '2', cursor: '42' })
  for (const bad of ['0', '-3', 'abc', '1.5', '9999999999999999']) expect(reason(`cursor=${bad}`)).toMatch(/^cursor/)
})

test('the version header is read leniently: absent, 1.0.x and 2.0.x pass; older or other versions do not', () => {
  for (const ok of [null, '', '1.0', '1.0.0', '1.0.3', '2.0.0']) expect(versionProblem(ok)).toBeNull()
  for (const bad of ['0.95', '0.9', '1.1.0', '3.0.0', 'latest']) expect(versionProblem(bad)).toContain('1.0.3')
})

test('canonical format picks the language the client ranks higher', () => {
  expect(preferredLanguage(null)).toBe('vi-VN')
  expect(preferredLanguage('en-US,en;q=0.9')).toBe('en-US')
  expect(preferredLanguage('fr-FR, en;q=0.5, vi;q=0.8')).toBe('vi-VN')
  expect(preferredLanguage('vi;q=0.2, en;q=0.9')).toBe('en-US')
  expect(preferredLanguage('de')).toBe('vi-VN')
})
