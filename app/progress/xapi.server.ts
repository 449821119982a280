import { type Catalog, getCatalog } from '~/content/catalog.server'
import { prisma } from '~/db.server'
import { getScenario } from '~/simulators/catalog.server'
import { type Prisma } from '#generated/prisma/client'
import { type ObjectType } from './events'
import { type StoredEventRow, parseStoredEvent } from './projections'
import { type ListQuery, moreLink } from './xapi-query'
import { type ActivityNames, type StatementFormat, type XapiEvent, type XapiStatement, XAPI_VERSION, formatStatement, toStatement } from './xapi'

// Reading the learning-event log as xAPI statements: for the LRS pull API
// and for `npm run xapi:export`. Paging walks the storage order (seq), so a
// page boundary never skips or repeats a statement.

type Row = StoredEventRow & { seq: number; storedAt: Date }

function toEvent(row: Row): XapiEvent {
  return { ...parseStoredEvent(row), storedAt: row.storedAt }
}

function titleIn(catalog: Catalog, type: ObjectType, id: string): string | null {
  const [first = '', second = ''] = id.split('/')
  const course = () => catalog.courses.find((candidate) => candidate.slug === first) ?? null
  switch (type) {
    case 'course':
      return course()?.title ?? null
    case 'lesson':
      return course()?.lessons.find((lesson) => lesson.slug === second)?.title ?? null
    case 'quiz': {
      const title = course()?.title
      return title ? `Bài kiểm tra: ${title}` : null
    }
    case 'question':
      return course()?.quiz.questions.find((question) => question.id === second)?.prompt ?? null
    case 'simulator':
      return catalog.simulators.find((scenario) => scenario.id === id)?.title ?? null
    case 'simulator-step':
      return getScenario(first)?.steps.find((step) => step.id === second)?.instruction ?? null
  }
}

// Activity names from the compiled content. Without a catalog (an export run
// on a machine that never built the content) every name falls back to the id.
export function activityNames(): ActivityNames {
  let catalog: Catalog
  try {
    catalog = getCatalog()
  } catch {
    return () => null
  }
  const cache = new Map<string, string | null>()
  return (type, id) => {
    const key = `${type} ${id}`
    if (!cache.has(key)) {
      let title: string | null
      try {
        title = titleIn(catalog, type, id)
      } catch {
        title = null
      }
      cache.set(key, title)
    }
    return cache.get(key)!
  }
}

// Stored times follow seq except when the clock steps back (NTP) — by far
// less than an hour. That bound turns `since`/`until` into a seq range
// found through the storedAt index, so a page never scans the whole log.
const CLOCK_SLACK_MS = 60 * 60 * 1000

async function seqRange(since: Date | null, until: Date | null): Promise<{ gt?: number; lt?: number }> {
  const range: { gt?: number; lt?: number } = {}
  if (since) {
    const before = await prisma.learningEvent.findFirst({
      where: { storedAt: { lte: new Date(since.getTime() - CLOCK_SLACK_MS) } },
      orderBy: [{ storedAt: 'desc' }, { seq: 'desc' }],
      select: { seq: true },
    })
    if (before) range.gt = before.seq
  }
  if (until) {
    const after = await prisma.learningEvent.findFirst({
      where: { storedAt: { gt: new Date(until.getTime() + CLOCK_SLACK_MS) } },
      orderBy: [{ storedAt: 'asc' }, { seq: 'asc' }],
      select: { seq: true },
    })
    if (after) range.lt = after.seq
  }
  return range
}

type Page = { rows: Row[]; more: boolean }

async function readPage(query: Omit<ListQuery, 'params' | 'format' | 'kind' | 'matchesNothing'>): Promise<Page> {
  const range = await seqRange(query.since, query.until)
  const seq: Prisma.IntFilter = {}
  if (range.gt !== undefined) seq.gt = range.gt
  if (range.lt !== undefined) seq.lt = range.lt
  if (query.cursor !== null) {
    if (query.ascending) seq.gt = Math.max(seq.gt ?? 0, query.cursor)
    else seq.lt = Math.min(seq.lt ?? Number.MAX_SAFE_INTEGER, query.cursor)
  }
  const where: Prisma.LearningEventWhereInput = { seq }
  if (query.since || query.until) {
    where.storedAt = { ...(query.since ? { gt: query.since } : {}), ...(query.until ? { lte: query.until } : {}) }
  }
  if (query.actorId !== null) where.actorId = query.actorId
  if (query.verb !== null) where.verb = query.verb
  if (query.object !== null) {
    where.objectType = query.object.type
    where.objectId = query.object.id
  }
  // The context column is JSON text written by JSON.stringify, so the attempt appears exactly like this.
  if (query.registration !== null) where.context = { contains: `"attempt":"${query.registration}"` }
  const rows = await prisma.learningEvent.findMany({
    where,
    orderBy: { seq: query.ascending ? 'asc' : 'desc' },
    take: query.limit + 1,
  })
  return { rows: rows.slice(0, query.limit), more: rows.length > query.limit }
}

export type StatementResult = { statements: XapiStatement[]; more: string }

export async function queryStatements(
  query: ListQuery,
  { siteUrl, language = 'vi-VN' }: { siteUrl: string; language?: 'vi-VN' | 'en-US' },
): Promise<StatementResult> {
  if (query.matchesNothing) return { statements: [], more: '' }
  const page = await readPage(query)
  const names = activityNames()
  const statements = page.rows.map((row) => formatStatement(toStatement(toEvent(row), { siteUrl, names }), query.format, language))
  return { statements, more: page.more ? moreLink(query, page.rows.at(-1)!.seq) : '' }
}

export async function findStatement(
  id: string,
  { siteUrl, format, language = 'vi-VN' }: { siteUrl: string; format: StatementFormat; language?: 'vi-VN' | 'en-US' },
): Promise<XapiStatement | null> {
  const row = await prisma.learningEvent.findUnique({ where: { id } })
  return row ? formatStatement(toStatement(toEvent(row), { siteUrl, names: activityNames() }), format, language) : null
}

// Every statement stored after `since`, oldest first, a page at a time: an
// export of millions of rows holds one page in memory, never the log.
export async function* statementPages({
  since = null,
  pageSize = 1000,
  siteUrl,
}: {
  since?: Date | null
  pageSize?: number
  siteUrl: string
}): AsyncGenerator<XapiStatement[]> {
  const names = activityNames()
  let cursor: number | null = null
  for (;;) {
    const page = await readPage({
      since,
      until: null,
      limit: pageSize,
      ascending: true,
      actorId: null,
      verb: null,
      object: null,
      registration: null,
      cursor,
    })
    if (page.rows.length) yield page.rows.map((row) => toStatement(toEvent(row), { siteUrl, names }))
    if (!page.more) return
    cursor = page.rows.at(-1)!.seq
  }
}

// A write's stored time is taken inside its transaction, which may commit a
// few seconds later (Prisma's interactive transactions time out at 5 s), so
// only statements stored before this margin are certainly visible.
const CONSISTENCY_MARGIN_MS = 10_000

export function consistentThrough(now = new Date()): string {
  return new Date(now.getTime() - CONSISTENCY_MARGIN_MS).toISOString()
}

// Every answer of the xAPI endpoints: JSON, the spec version, never cached.
export function xapiResponse(body: unknown, { status = 200, headers = {} }: { status?: number; headers?: Record<string, string> } = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Experience-API-Version': XAPI_VERSION,
      ...headers,
    },
  })
}
