import { expect, test } from 'vitest'
import { getCourse } from '~/content/catalog.server'
import { prisma } from '~/db.server'
import { action } from '~/routes/api/progress-events'
import { signupAction } from '../support/signup'
import { run } from '../support/http'

const URL = 'http://localhost/api/progress/events'
const lesson = () => `lam-quen-vneid/${getCourse('lam-quen-vneid')!.lessons[0]!.slug}`

function post(body: unknown, cookie: string, contentType = 'application/json') {
  return new Request(URL, {
    method: 'POST',
    headers: { 'Content-Type': contentType, Cookie: cookie },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

function statement(overrides: Record<string, unknown> = {}) {
  return { id: crypto.randomUUID(), verb: 'completed', object: { type: 'lesson', id: lesson() }, timestamp: new Date().toISOString(), ...overrides }
}

test('malformed and replayed statements get 400 with a reason, never a 500', async () => {
  const { cookie } = await signupAction()
  const hour = 60 * 60 * 1000
  const first = statement()
  const twice = crypto.randomUUID()
  expect((await run(action, post({ events: [first] }, cookie))).status).toBe(200)
  const cases: [string, Request, RegExp][] = [
    ['bad JSON', post('{"events": [', cookie), /JSON/],
    ['wrong content type', post('events=1', cookie, 'application/x-www-form-urlencoded'), /JSON/],
    ['no events', post({ events: [] }, cookie), /ít nhất một/],
    ['unknown verb', post({ events: [statement({ verb: 'liked' })] }, cookie), /verb/],
    ['graded verb from a browser', post({ events: [statement({ verb: 'passed', object: { type: 'quiz', id: 'lam-quen-vneid' } })] }, cookie), /trình duyệt/],
    ['course completion from a browser', post({ events: [statement({ object: { type: 'course', id: 'lam-quen-vneid' } })] }, cookie), /trình duyệt/],
    ['a lesson that does not exist', post({ events: [statement({ object: { type: 'lesson', id: 'lam-quen-vneid/khong-co-bai-nay' } })] }, cookie), /không có bài học/],
    ['not a UUID', post({ events: [statement({ id: '123' })] }, cookie), /UUID/],
    ['an extra field', post({ events: [statement({ actor: 'someone-else' })] }, cookie), /./],
    ['eight days old', post({ events: [statement({ timestamp: new Date(Date.now() - 8 * 24 * hour).toISOString() })] }, cookie), /quá cũ/],
    ['an hour in the future', post({ events: [statement({ timestamp: new Date(Date.now() + hour).toISOString() })] }, cookie), /tương lai/],
    ['the same id twice in one batch', post({ events: [statement({ id: twice }), statement({ id: twice })] }, cookie), /lặp/],
    ['an id reused for another statement', post({ events: [{ ...first, verb: 'experienced' }] }, cookie), /đã được dùng/],
  ]
  for (const [name, request, reason] of cases) {
    const outcome = await run(action, request)
    expect(outcome.status, name).toBe(name === 'wrong content type' ? 415 : 400)
    expect(JSON.stringify(outcome.body), name).toMatch(reason)
  }
  // Nothing of the refused batches was written.
  expect(await prisma.learningEvent.count({ where: { id: twice } })).toBe(0)
})

test('an identical retry answers 200 and counts nothing twice; without a session it is 401', async () => {
  const { cookie, userId } = await signupAction()
  const batch = { events: [statement({ verb: 'experienced' }), statement()] }
  const first = await run(action, post(batch, cookie))
  expect(first.body).toMatchObject({ ok: true, stored: 2, duplicates: 0 })
  const retry = await run(action, post(batch, cookie))
  expect(retry.status).toBe(200)
  expect(retry.body).toMatchObject({ ok: true, stored: 0, duplicates: 2 })
  expect(await prisma.learningEvent.count({ where: { actorId: userId } })).toBe(2)
  expect((await prisma.courseProgress.findFirstOrThrow({ where: { userId } })).lessonsCompleted).toBe(1)
  expect((await run(action, post(batch, ''))).status).toBe(401)
})
