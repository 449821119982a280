import { expect, test } from 'vitest'
import { prisma } from '~/db.server'
import { getScenario } from '~/simulators/catalog.server'
import { type SimState, getStep, start } from '~/simulators/engine'
import { sealState } from '~/simulators/seal.server'
import { encodeState } from '~/simulators/state'
import { action as signupAction } from '~/routes/signup'
import { action, loader } from '~/routes/simulator'
import { loader as listLoader } from '~/routes/simulators'
import { type Outcome, formRequest, getRequest, run, sessionCookieFrom } from '../support/http'

const ID = 'vneid-kich-hoat-tai-khoan'
const URL_PRACTICE = `/mo-phong/${ID}?che-do=luyen-tap`
const params = { id: ID }
type Page = { state: SimState; token: string; feedback: { kind: string; text?: string | null; reason?: string } | null; notice: string | null; stepPage: boolean }

// A step post answers with a redirect to a GET page (post/redirect/get);
// that page is what the browser shows, so the tests follow it.
function locationOf(outcome: Outcome): string {
  expect(outcome.status).toBe(303)
  const location = outcome.headers.get('Location')!
  expect(location).toMatch(new RegExp(`^/mo-phong/${ID}\\?che-do=[a-z-]+&s=[A-Za-z0-9._-]+(&[a-z-]+=[A-Za-z0-9:_-]+)*#sim-(task|result)$`))
  return location
}

async function follow(outcome: Outcome, cookie?: string) {
  const location = locationOf(outcome)
  const page = await run(loader, getRequest(location.split('#')[0]!, cookie), params)
  expect(page.status).toBe(200)
  return { location, page: page.body as Page, outcome: page }
}

test('the list groups every scenario by system', async () => {
  const { body } = await run(listLoader, getRequest('/mo-phong'))
  const scenarios = (body as { scenarios: { id: string; system: string }[] }).scenarios
  expect(scenarios.length).toBeGreaterThanOrEqual(12)
  expect(new Set(scenarios.map((scenario) => scenario.system))).toEqual(new Set(['vneid', 'portal', 'feedback']))
})

test('without JavaScript each action is a post that the engine answers with a redirect to a GET page of the new state', async () => {
  const first = await run(loader, getRequest(URL_PRACTICE), params)
  const { state: begin, token } = first.body as Page
  expect(begin.mode).toBe('practice')

  const wrong = await run(action, formRequest(URL_PRACTICE, { state: token, intent: 'act', target: 'dang-nhap' }), params)
  expect(wrong.headers.get('Cache-Control')).toBe('no-store')
  const afterWrong = await follow(wrong)
  // The state is in the address, short, and the feedback is named by reference.
  expect(afterWrong.location).toContain('&fb=m0#sim-task')
  expect(afterWrong.location.length).toBeLessThan(200)
  expect(afterWrong.page.stepPage).toBe(true)
  expect(afterWrong.page.state.stepId).toBe(begin.stepId)
  expect(afterWrong.page.feedback?.kind).toBe('mistake')
  expect(afterWrong.outcome.headers.get('Cache-Control')).toBe('no-store')
  // Reloading the page (the same GET) shows the same step and the same feedback.
  const reloaded = await follow(wrong)
  expect(reloaded.page).toEqual(afterWrong.page)

  const right = await run(action, formRequest(afterWrong.location, { state: afterWrong.page.token, intent: 'act', target: 'kich-hoat' }), params)
  const afterRight = await follow(right)
  expect(afterRight.page.state.stepId).not.toBe(begin.stepId)
  expect(afterRight.page.state.records).toEqual([{ stepId: begin.stepId, mistakes: 1, hintUsed: false, feedback: ['m0'] }])

  // A real-looking ID number is refused and appears nowhere: not in the address, not in the page.
  const realId = await run(
    action,
    formRequest(URL_PRACTICE, { state: afterRight.page.token, intent: 'act', target: 'so-dinh-danh', 'value:so-dinh-danh': '079123456789' }),
    params,
  )
  const afterRealId = await follow(realId)
  expect(afterRealId.location).not.toContain('079123456789')
  expect(afterRealId.page.feedback).toEqual({ kind: 'warning', reason: 'real-id' })
  expect(JSON.stringify(afterRealId.page)).not.toContain('079123456789')

  const hint = await follow(await run(action, formRequest(URL_PRACTICE, { state: afterRight.page.token, intent: 'hint' }), params))
  expect(hint.page.state.showHint).toBe(true)
  expect(hint.page.feedback).toBeNull()
})

test('the address cannot make the page show a feedback that did not happen', async () => {
  const scenario = getScenario(ID)!
  const state = start(scenario, 'practice', Date.now())
  for (const fb of ['m0', 'ok', 'b0', 'r', 'zz', 'x'.repeat(100)]) {
    const page = await run(loader, getRequest(`${URL_PRACTICE}&s=${sealState(scenario, state)}&fb=${fb}`), params)
    expect((page.body as Page).feedback).toBeNull()
  }
})

test('a tampered, foreign, expired or missing state starts the attempt over with a message, never a 500', async () => {
  const scenario = getScenario(ID)!
  const other = getScenario('portal-ly-lich-tu-phap')!
  const now = Date.now()
  const moved = { ...start(scenario, 'check', now), stepId: scenario.steps[5]!.id }
  const token = sealState(scenario, moved)
  const [mac, ...body] = token.split('.')
  const tampered = [
    'eyJzdGVwSWQiOiJ4In0',
    `${mac}.${body.join('.').replace(/^c5/, 'c9')}`,
    // The MAC's first character changed (its last may carry only padding bits, or already be the replacement).
    `${mac![0] === 'A' ? 'B' : 'A'}${mac!.slice(1)}.${body.join('.')}`,
    sealState(other, { ...start(other, 'check', now), stepId: other.steps[5]!.id }),
    encodeState(moved),
    '%E0%A4%A',
    'a'.repeat(70_000),
  ]
  for (const value of tampered) {
    const page = await run(loader, getRequest(`/mo-phong/${ID}?che-do=kiem-tra&s=${encodeURIComponent(value)}`), params)
    expect(page.status).toBe(200)
    expect((page.body as Page).notice).toBe('invalid')
    expect((page.body as Page).state).toMatchObject({ stepId: scenario.steps[0]!.id, records: [], mode: 'check' })
  }
  const stale = sealState(scenario, start(scenario, 'check', now - 25 * 60 * 60 * 1000))
  const expired = await run(loader, getRequest(`/mo-phong/${ID}?che-do=kiem-tra&s=${stale}`), params)
  expect((expired.body as Page).notice).toBe('expired')

  // Posted, a refused state is not acted upon: the redirect starts over and says why.
  for (const [state, notice] of [['eyJzdGVwSWQiOiJ4In0', 'sai'], [stale, 'het-han'], ['', 'sai']] as const) {
    const posted = await run(action, formRequest(URL_PRACTICE, { state, intent: 'act', target: 'kich-hoat' }), params)
    const { location, page } = await follow(posted)
    expect(location).toContain(`&lam-lai=${notice}#sim-task`)
    expect(page.notice).toBe(notice === 'sai' ? 'invalid' : 'expired')
    expect(page.state.records).toEqual([])
  }
  const unknown = await run(loader, getRequest('/mo-phong/khong-co'), { id: 'khong-co' })
  expect(unknown.status).toBe(404)
})

test('a hand-made state is not accepted: an unsealed "finished, no mistakes" starts over and records nothing', async () => {
  const page = await run(loader, getRequest(URL_PRACTICE), params)
  const { state, token } = page.body as Page
  const forged = { ...state, done: true, finishedAt: Date.now(), records: [{ stepId: state.stepId, mistakes: 0, hintUsed: false, feedback: [] }] }
  // Without a seal (as a browser could build it) and with a seal copied from another state.
  const scenario = getScenario(ID)!
  const sealedBody = sealState(scenario, forged).split('.').slice(1).join('.')
  for (const value of [encodeState(forged), `${token.split('.')[0]}.${sealedBody}`]) {
    const posted = await run(action, formRequest(URL_PRACTICE, { state: value, intent: 'act', target: 'kich-hoat' }), params)
    expect(posted.headers.getSetCookie()).toEqual([])
    const { page: shown } = await follow(posted)
    expect(shown.state.done).toBe(false)
    expect(shown.state.records).toEqual([])
  }
})

// Plays the right path as form posts from `token`, following each redirect.
async function playAsPosts(token: string, cookie?: string) {
  const scenario = getScenario(ID)!
  let current = token
  let last: { location: string; page: Page; outcome: Outcome; posted: Outcome } | null = null
  for (let guard = 0; guard < 40; guard++) {
    const page = last?.page ?? ((await run(loader, getRequest(URL_PRACTICE.replace('luyen-tap', 'kiem-tra'), cookie), params)).body as Page)
    if (page.state.done) break
    const step = getStep(scenario, page.state.stepId)
    const value = step.expect.value && ('exact' in step.expect.value ? step.expect.value.exact : 'oneOf' in step.expect.value ? step.expect.value.oneOf[0] : undefined)
    const fields: Record<string, string> = { state: current, intent: 'act', target: step.expect.target }
    if (value) fields[`value:${step.expect.target}`] = value
    const posted = await run(action, formRequest(`/mo-phong/${ID}?che-do=kiem-tra`, fields, cookie), params)
    last = { ...(await follow(posted, cookie)), posted }
    current = last.page.token
  }
  return last!
}

test('a result is recorded once, by the post that finishes the attempt: not by the result page, its reload, or Back', async () => {
  // A guest: the finishing post alone sets the progress cookie.
  const guestStart = (await run(loader, getRequest(`/mo-phong/${ID}?che-do=kiem-tra`), params)).body as Page
  const guest = await playAsPosts(guestStart.token)
  expect(guest.location).toMatch(/#sim-result$/)
  expect(guest.page.state.done).toBe(true)
  expect(guest.posted.headers.getSetCookie().some((cookie) => cookie.startsWith('hs_guest='))).toBe(true)
  expect(guest.outcome.headers.getSetCookie()).toEqual([])
  const again = await run(loader, getRequest(guest.location.split('#')[0]!), params)
  expect(again.headers.getSetCookie()).toEqual([])

  // Signed in: one attempt in the database, however often the result page is shown.
  const login = `09${String(Date.now() % 1e8).padStart(8, '0')}`
  const signup = await run(signupAction, formRequest('/dang-ky', { name: 'Lê Văn Cường', login, password: 'Bà đi chợ sáng thứ bảy', kind: 'RESIDENT', consent: 'on' }))
  const session = sessionCookieFrom(signup)
  const user = await prisma.user.findFirstOrThrow({ where: { phone: `+84${login.slice(1)}` } })
  const userStart = (await run(loader, getRequest(`/mo-phong/${ID}?che-do=kiem-tra`, session), params)).body as Page
  const finished = await playAsPosts(userStart.token, session)
  // The course this scenario completes is not complete (no lessons read): no banner.
  expect(finished.location).not.toContain('hoan-thanh')
  expect(await prisma.simulatorAttempt.count({ where: { userId: user.id } })).toBe(1)
  const events = await prisma.learningEvent.count({ where: { actorId: user.id } })
  for (let reload = 0; reload < 3; reload++) {
    const page = await run(loader, getRequest(finished.location.split('#')[0]!, session), params)
    expect((page.body as Page).state.done).toBe(true)
  }
  expect(await prisma.simulatorAttempt.count({ where: { userId: user.id } })).toBe(1)
  expect(await prisma.learningEvent.count({ where: { actorId: user.id } })).toBe(events)
})
