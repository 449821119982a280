import { expect, test } from 'vitest'
import { type SimState } from '~/simulators/engine'
import { encodeState } from '~/simulators/state'
import { action, loader } from '~/routes/simulator'
import { loader as listLoader } from '~/routes/simulators'
import { formRequest, getRequest, run } from '../support/http'

const URL_PRACTICE = '/mo-phong/vneid-kich-hoat-tai-khoan?che-do=luyen-tap'
const params = { id: 'vneid-kich-hoat-tai-khoan' }
type Posted = { state: SimState; feedback: { kind: string; text?: string | null; reason?: string } | null }

test('the list groups every scenario by system', async () => {
  const { body } = await run(listLoader, getRequest('/mo-phong'))
  const scenarios = (body as { scenarios: { id: string; system: string }[] }).scenarios
  expect(scenarios.length).toBeGreaterThanOrEqual(12)
  expect(new Set(scenarios.map((scenario) => scenario.system))).toEqual(new Set(['vneid', 'portal', 'feedback']))
})

test('without JavaScript each action is a post that the same engine answers', async () => {
  const page = await run(loader, getRequest(URL_PRACTICE), params)
  const start = (page.body as { state: SimState }).state
  expect(start.mode).toBe('practice')

  const wrong = await run(action, formRequest(URL_PRACTICE, { state: encodeState(start), intent: 'act', target: 'dang-nhap' }), params)
  const afterWrong = wrong.body as Posted
  expect(afterWrong.state.stepId).toBe(start.stepId)
  expect(afterWrong.feedback?.kind).toBe('mistake')
  expect(wrong.headers.get('Cache-Control')).toBe('no-store')

  const right = await run(action, formRequest(URL_PRACTICE, { state: encodeState(afterWrong.state), intent: 'act', target: 'kich-hoat' }), params)
  const afterRight = right.body as Posted
  expect(afterRight.state.stepId).not.toBe(start.stepId)
  expect(afterRight.state.records).toEqual([{ stepId: start.stepId, mistakes: 1, hintUsed: false, feedback: ['m0'] }])

  // A real-looking ID number is refused and appears nowhere in the answer.
  const realId = await run(
    action,
    formRequest(URL_PRACTICE, { state: encodeState(afterRight.state), intent: 'act', target: 'so-dinh-danh', 'value:so-dinh-danh': '079123456789' }),
    params,
  )
  expect((realId.body as Posted).feedback).toEqual({ kind: 'warning', reason: 'real-id' })
  expect(JSON.stringify(realId.body)).not.toContain('079123456789')

  const hint = await run(action, formRequest(URL_PRACTICE, { state: encodeState(afterRight.state), intent: 'hint' }), params)
  expect((hint.body as Posted).state.showHint).toBe(true)
})

test('a tampered or missing state starts the attempt over instead of failing', async () => {
  const tampered = await run(action, formRequest(URL_PRACTICE, { state: 'eyJzdGVwSWQiOiJ4In0', intent: 'act', target: 'kich-hoat' }), params)
  expect(tampered.status).toBe(200)
  expect((tampered.body as Posted).state.records).toHaveLength(1)
  const unknown = await run(loader, getRequest('/mo-phong/khong-co'), { id: 'khong-co' })
  expect(unknown.status).toBe(404)
})
