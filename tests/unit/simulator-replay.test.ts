import { expect, test } from 'vitest'
import { getScenario } from '~/simulators/catalog.server'
import { type Action, advance, score, start } from '~/simulators/engine'
import { parseActions, replayAttempt } from '~/simulators/seal.server'

const scenario = () => getScenario('vneid-kich-hoat-tai-khoan')!

function rightActions(): Action[] {
  const s = scenario()
  let state = start(s, 'check', 0)
  const actions: Action[] = []
  while (!state.done) {
    const step = s.steps.find((candidate) => candidate.id === state.stepId)!
    const value = step.expect.value && ('exact' in step.expect.value ? step.expect.value.exact : 'oneOf' in step.expect.value ? step.expect.value.oneOf[0] : undefined)
    actions.push({ type: 'act', target: step.expect.target, value })
    state = advance(s, state, actions.at(-1)!, 1)
  }
  return actions
}

test('a replay of the right actions finishes; one action short does not', () => {
  const now = Date.now()
  const actions = rightActions()
  expect(replayAttempt(scenario(), 'check', now - 1000, actions, now)?.done).toBe(true)
  expect(replayAttempt(scenario(), 'check', now - 1000, actions.slice(0, -1), now)).toBeNull()
})

test("the browser's stand-in for a refused real ID counts the same mistake as the real number did", () => {
  const now = Date.now()
  const actions = rightActions()
  const step = scenario().steps.find((candidate) => candidate.expect.target === 'so-dinh-danh') ?? scenario().steps[1]!
  const index = actions.findIndex((action) => action.type === 'act' && action.target === step.expect.target)
  const withReal = [...actions.slice(0, index), { type: 'act' as const, target: step.expect.target, value: '079123456789' }, ...actions.slice(index)]
  const withStandIn = [...actions.slice(0, index), { type: 'act' as const, target: step.expect.target, value: '999999999999' }, ...actions.slice(index)]
  const a = score(replayAttempt(scenario(), 'check', now - 1000, withReal, now)!)
  const b = score(replayAttempt(scenario(), 'check', now - 1000, withStandIn, now)!)
  expect(b).toEqual(a)
  expect(a.mistakes).toBe(1)
})

test('the start time is bounded: a future or ancient one becomes now', () => {
  const now = Date.now()
  expect(replayAttempt(scenario(), 'check', now + 60_000, rightActions(), now)!.startedAt).toBe(now)
  expect(replayAttempt(scenario(), 'check', now - 3 * 86_400_000, rightActions(), now)!.startedAt).toBe(now)
})

test('malformed action logs are refused whole', () => {
  for (const bad of [undefined, '', 'x', '{}', '[1]', '[{"type":"act"}]', `[{"type":"act","target":"a","value":${JSON.stringify('x'.repeat(501))}}]`, '[{"type":"jump"}]']) {
    expect(parseActions(bad)).toBeNull()
  }
  expect(parseActions('[{"type":"hint"},{"type":"act","target":"a","value":"b"}]')).toEqual([{ type: 'hint' }, { type: 'act', target: 'a', value: 'b' }])
  expect(parseActions(JSON.stringify(Array.from({ length: 501 }, () => ({ type: 'hint' }))))).toBeNull()
})
