import { toNFCDeep } from '~/lib/text'
import { type ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { getUserId } from '~/auth/guards.server'
import { getCourse } from '~/content/catalog.server'
import { ClientBatchSchema, timestampProblem } from '~/progress/events'
import { EventConflictError, recordEvents } from '~/progress/record.server'

// POST /api/progress/events — learning statements a signed-in browser sends
// (a lesson opened or read while the network came and went). The actor is
// always the session's user, never a field of the body. A retry with the
// same ids answers 200 and counts nothing twice; anything malformed, an id
// reused for a different statement, or a timestamp replayed from long ago
// answers 400 with the reason.
//
// Real Responses, not data(): Remix turns data() from a resource route into a
// 200 with its status and headers dropped, and warns on stderr per request.
const JSON_HEADERS = { 'Cache-Control': 'no-store' }
const VIETNAMESE_ERRORS = z.locales.vi().localeError

function problem(status: number, reason: string, details?: unknown) {
  return Response.json({ ok: false as const, reason, ...(details ? { details } : {}) }, { status, headers: JSON_HEADERS })
}

export async function loader() {
  return problem(405, 'Chỉ nhận POST.')
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return problem(405, 'Chỉ nhận POST.')
  const userId = await getUserId(request)
  if (!userId) return problem(401, 'Cần đăng nhập để lưu tiến độ.')
  if (!(request.headers.get('Content-Type') ?? '').toLowerCase().startsWith('application/json')) {
    return problem(415, 'Nội dung phải là JSON (Content-Type: application/json).')
  }
  let body: unknown
  try {
    // Text in NFC like every form field (readForm), so stored events compare equal.
    body = toNFCDeep(await request.json())
  } catch {
    return problem(400, 'JSON không đọc được.')
  }
  // Zod's own messages (a field too long, a wrong type) in Vietnamese, like the schema's.
  const parsed = ClientBatchSchema.safeParse(body, { error: VIETNAMESE_ERRORS })
  if (!parsed.success) {
    return problem(
      400,
      'Sự kiện không hợp lệ.',
      parsed.error.issues.slice(0, 20).map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    )
  }
  const now = new Date()
  const events = parsed.data.events.map((event) => ({ ...event, timestamp: new Date(event.timestamp), context: { ...event.context, source: 'api' as const } }))
  for (const [index, event] of events.entries()) {
    const reason = timestampProblem(event.timestamp, now)
    if (reason) return problem(400, 'Sự kiện không hợp lệ.', [{ path: `events.${index}.timestamp`, message: reason }])
  }
  for (const [index, event] of events.entries()) {
    const [courseSlug = '', lessonSlug = ''] = event.object.id.split('/')
    if (!getCourse(courseSlug)?.lessons.some((lesson) => lesson.slug === lessonSlug)) {
      return problem(400, 'Sự kiện không hợp lệ.', [{ path: `events.${index}.object.id`, message: 'không có bài học này' }])
    }
  }
  const ids = new Set<string>()
  for (const [index, event] of events.entries()) {
    if (ids.has(event.id)) return problem(400, 'Sự kiện không hợp lệ.', [{ path: `events.${index}.id`, message: 'id bị lặp trong cùng một lần gửi' }])
    ids.add(event.id)
  }
  try {
    const outcome = await recordEvents(userId, events)
    return Response.json({ ok: true as const, ...outcome }, { headers: JSON_HEADERS })
  } catch (error) {
    if (error instanceof EventConflictError) {
      return problem(400, 'Sự kiện không hợp lệ.', [{ path: 'id', message: `id ${error.eventId} đã được dùng cho một sự kiện khác` }])
    }
    throw error
  }
}
