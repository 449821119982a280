import path from 'node:path'
import { expect, test } from 'vitest'
import { readScenarios } from '~/simulators/build.server'
import { type Action, type SimState, advance, getStep, score, start } from '~/simulators/engine'
import { type Scenario, type Step, type ValueMatcher } from '~/simulators/schema'

const { scenarios, problems } = readScenarios(path.resolve(__dirname, '..', '..', 'content'))
const NOW = 1_700_000_000_000

function valueFor(matcher: ValueMatcher | undefined, example?: string): string | undefined {
  if (!matcher) return undefined
  if ('exact' in matcher) return matcher.exact
  if ('oneOf' in matcher) return matcher.oneOf[0]
  return example
}

function rightAction(step: Step): Action {
  return { type: 'act', target: step.expect.target, value: valueFor(step.expect.value) }
}

// Plays the right answers from a state until the scenario ends.
function finish(scenario: Scenario, state: SimState): SimState {
  let current = state
  for (let guard = 0; !current.done && guard < 200; guard++) {
    current = advance(scenario, current, rightAction(getStep(scenario, current.stepId)), NOW + guard * 1000)
  }
  return current
}

test('every scenario file passes the checks', () => {
  expect(problems).toEqual([])
  expect(scenarios.length).toBeGreaterThanOrEqual(1)
})

test.each(scenarios.map((scenario) => [scenario.id, scenario] as const))('%s: the right path finishes with a full score in every mode', (_id, scenario) => {
  for (const mode of ['guided', 'practice', 'check'] as const) {
    const done = finish(scenario, start(scenario, mode, NOW))
    expect(done.done).toBe(true)
    const result = score(done)
    expect(result.mistakes).toBe(0)
    expect(result.percent).toBe(100)
    expect(result.passed).toBe(true)
  }
})

test.each(scenarios.map((scenario) => [scenario.id, scenario] as const))('%s: each declared mistake gives its feedback and the learner can still finish', (_id, scenario) => {
  for (const step of scenario.steps) {
    const reached = reach(scenario, step.id)
    if (!reached) continue
    for (const mistake of step.mistakes) {
      const action: Action = { type: 'act', target: mistake.target ?? '__elsewhere__', value: valueFor(mistake.value, mistake.example) }
      const after = advance(scenario, reached, action, NOW)
      expect(after.stepId, `${step.id} stays on the same step`).toBe(step.id)
      if (after.feedback?.kind === 'mistake') expect(after.feedback.text).toBe(mistake.feedback)
      else expect(after.feedback?.kind, `${step.id}: ${mistake.feedback}`).toBe('warning')
      const done = finish(scenario, after)
      expect(done.done).toBe(true)
      expect(score(done).mistakes).toBeGreaterThanOrEqual(1)
    }
  }
})

test.each(scenarios.map((scenario) => [scenario.id, scenario] as const))('%s: every branch reaches its error path and the scenario still ends', (_id, scenario) => {
  let branches = 0
  for (const step of scenario.steps) {
    const reached = reach(scenario, step.id)
    if (!reached) continue
    for (const branch of step.branches) {
      branches += 1
      const after = advance(scenario, reached, { type: 'act', target: branch.target, value: valueFor(branch.value, branch.example) }, NOW)
      expect(after.stepId).toBe(branch.goto)
      expect(after.feedback).toEqual({ kind: 'branch', text: branch.feedback })
      expect(finish(scenario, after).done).toBe(true)
    }
  }
  // Every scenario teaches at least one error path.
  expect(branches).toBeGreaterThanOrEqual(1)
})

// The state at the start of `stepId`, following right answers and branches
// (breadth first, so error-path steps are reached too).
function reach(scenario: Scenario, stepId: string): SimState | null {
  const queue: SimState[] = [start(scenario, 'practice', NOW)]
  const seen = new Set<string>()
  while (queue.length) {
    const state = queue.shift()!
    if (state.stepId === stepId && !state.done) return state
    if (seen.has(state.stepId) || state.done) continue
    seen.add(state.stepId)
    const step = getStep(scenario, state.stepId)
    queue.push(advance(scenario, state, rightAction(step), NOW))
    for (const branch of step.branches) {
      queue.push(advance(scenario, state, { type: 'act', target: branch.target, value: valueFor(branch.value, branch.example) }, NOW))
    }
  }
  return null
}

test('typed values that look like a real ID or secret are refused and never kept', () => {
  const scenario = scenarios.find((candidate) => candidate.id === 'vneid-kich-hoat-tai-khoan')!
  let state = start(scenario, 'check', NOW)
  state = advance(scenario, state, { type: 'act', target: 'kich-hoat' }, NOW)
  const realId = advance(scenario, state, { type: 'act', target: 'so-dinh-danh', value: '079 123 456 789' }, NOW)
  expect(realId.feedback).toEqual({ kind: 'warning', reason: 'real-id' })
  expect(JSON.stringify(realId)).not.toContain('079')
  state = finishUntil(scenario, state, 'nhap-ma-otp')
  const otp = advance(scenario, state, { type: 'act', target: 'otp', value: '998877' }, NOW)
  expect(otp.feedback).toEqual({ kind: 'warning', reason: 'secret' })
  expect(JSON.stringify(otp)).not.toContain('998877')
  // Check mode gives no hints.
  expect(advance(scenario, state, { type: 'hint' }, NOW)).toBe(state)
  const practice = { ...state, mode: 'practice' as const }
  expect(advance(scenario, practice, { type: 'hint' }, NOW).showHint).toBe(true)
})

function finishUntil(scenario: Scenario, state: SimState, stepId: string): SimState {
  let current = state
  while (current.stepId !== stepId) current = advance(scenario, current, rightAction(getStep(scenario, current.stepId)), NOW)
  return current
}
