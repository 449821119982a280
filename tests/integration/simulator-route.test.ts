import { expect, test } from 'vitest'
import { type SimState } from '~/simulators/engine'
import { encodeState } from '~/simulators/state'
import { action, loader } from '~/routes/simulator'
import { loader as listLoader } from '~/routes/simulators'
import { formRequest, getRequest, run } from '../support/http'

const URL_PRACTICE = '/mo-phong/vneid-kich-hoat-tai-khoan?che-do=luyen-tap'
const params = { id: 'vneid-kich-hoat-tai-khoan' }
type Posted = { state: SimState; token: string; feedback: { kind: string; text?: string | null; reason?: string } | null }

test('the list groups every scenario by system', async () => {
  const { body } = await run(listLoader, getRequest('/mo-phong'))
  const scenarios = (body as { scenarios: { id: string; system: string }[] }).scenarios
  expect(scenarios.length).toBeGreaterThanOrEqual(12)
  expect(new Set(scenarios.map((scenario) => scenario.system))).toEqual(new Set(['vneid', 'portal', 'feedback']))
})

test('without JavaScript each action is a post that the same engine answers', async () => {
  const page = await run(loader, getRequest(URL_PRACTICE), params)
  const { state: start, token } = page.body as { state: SimState; token: string }
  expect(start.mode).toBe('practice')

  const wrong = await run(action, formRequest(URL_PRACTICE, { state: token, intent: 'act', target: 'dang-nhap' }), params)
  const afterWrong = wrong.body as Posted
  expect(afterWrong.state.stepId).toBe(start.stepId)
  expect(afterWrong.feedback?.kind).toBe('mistake')
  expect(wrong.headers.get('Cache-Control')).toBe('no-store')

  const right = await run(action, formRequest(URL_PRACTICE, { state: afterWrong.token, intent: 'act', target: 'kich-hoat' }), params)
  const afterRight = right.body as Posted
  expect(afterRight.state.stepId).not.toBe(start.stepId)
  expect(afterRight.state.records).toEqual([{ stepId: start.stepId, mistakes: 1, hintUsed: false, feedback: ['m0'] }])

  // A real-looking ID number is refused and appears nowhere in the answer.
  const realId = await run(
    action,
    formRequest(URL_PRACTICE, { state: afterRight.token, intent: 'act', target: 'so-dinh-danh', 'value:so-dinh-danh': '079123456789' }),
    params,
  )
  expect((realId.body as Posted).feedback).toEqual({ kind: 'warning', reason: 'real-id' })
  expect(JSON.stringify(realId.body)).not.toContain('079123456789')

  const hint = await run(action, formRequest(URL_PRACTICE, { state: afterRight.token, intent: 'hint' }), params)
  expect((hint.body as Posted).state.showHint).toBe(true)
})

test('a tampered or missing state starts the attempt over instead of failing', async () => {
  const tampered = await run(action, formRequest(URL_PRACTICE, { state: 'eyJzdGVwSWQiOiJ4In0', intent: 'act', target: 'kich-hoat' }), params)
  expect(tampered.status).toBe(200)
  expect((tampered.body as Posted).state.records).toHaveLength(1)
  const unknown = await run(loader, getRequest('/mo-phong/khong-co'), { id: 'khong-co' })
  expect(unknown.status).toBe(404)
})

test('a hand-made state is not accepted: an unsealed "finished, no mistakes" starts over and records nothing', async () => {
  const page = await run(loader, getRequest(URL_PRACTICE), params)
  const { state } = page.body as { state: SimState }
  const forged = { ...state, done: true, finishedAt: Date.now(), records: [{ stepId: state.stepId, mistakes: 0, hintUsed: false, feedback: [] }] }
  // Without a seal (as a browser could build it) and with a seal copied from another state.
  for (const value of [encodeState(forged), `${encodeState(forged)}.${(page.body as { token: string }).token.split('.').pop()}`]) {
    const posted = await run(action, formRequest(URL_PRACTICE, { state: value, intent: 'act', target: 'kich-hoat' }), params)
    expect((posted.body as Posted).state.done).toBe(false)
    expect((posted.body as Posted).state.records).toHaveLength(1)
  }
})
