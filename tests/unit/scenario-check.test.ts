import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test } from 'vitest'
import { readScenarios } from '~/simulators/build.server'
import { start } from '~/simulators/engine'
import { decodeState, encodeState } from '~/simulators/state'

const VALID = `id: thu
title: Bài thử
summary: Một bài thử.
system: vneid
device: phone
minutes: 3
intro: Tình huống thử.
screens:
  - id: a
    title: VNeID
    widgets:
      - type: button
        id: tiep
        label: Tiếp tục
      - type: input
        id: so
        label: Số định danh
  - id: b
    title: Xong
    widgets:
      - type: button
        id: xong
        label: Xong
steps:
  - id: mot
    screen: a
    instruction: Bấm Tiếp tục.
    hint: Nút trên cùng.
    expect:
      target: tiep
  - id: hai
    screen: a
    instruction: Nhập số mẫu.
    hint: Số bắt đầu bằng 000.
    expect:
      target: so
      value:
        exact: "000111222333"
    branches:
      - target: tiep
        goto: ba
        feedback: Đi đường khác.
  - id: ba
    screen: b
    instruction: Bấm Xong.
    hint: Chỉ có một nút.
    expect:
      target: xong
    end: true
`

function problemsFor(yaml: string, name = 'thu') {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hoc-so-sim-'))
  mkdirSync(path.join(dir, 'simulators'))
  writeFileSync(path.join(dir, 'simulators', `${name}.yaml`), yaml)
  return readScenarios(dir).problems.map((problem) => `${problem.line}: ${problem.message}`)
}

test('a valid scenario passes', () => {
  expect(problemsFor(VALID)).toEqual([])
})

test('references to missing widgets, steps and screens are reported at their lines', () => {
  expect(problemsFor(VALID.replace('      target: tiep\n  - id: hai', '      target: khong-co\n  - id: hai'))).toEqual([
    '30: steps.0.expect.target: không có “khong-co” trên màn hình “a”',
  ])
  expect(problemsFor(VALID.replace('goto: ba', 'goto: bon'))).toEqual(['41: steps.1.branches.0.goto: không có bước “bon”'])
})

test('a typed widget needs a value, and the right answer cannot be a pattern', () => {
  expect(problemsFor(VALID.replace('      value:\n        exact: "000111222333"\n', ''))).toEqual([
    '36: steps.1.expect.value: “so” là ô nhập (input): cần value (exact, pattern hoặc oneOf)',
  ])
  expect(problemsFor(VALID.replace('exact: "000111222333"', 'pattern: "^000"'))).toEqual([
    '38: steps.1.expect.value: câu trả lời đúng dùng exact hoặc oneOf (pattern chỉ dùng cho mistakes và branches)',
  ])
})

test('dead ends, endless loops and unreachable steps are refused', () => {
  const loop = problemsFor(VALID.replace('      target: xong\n    end: true', '      target: xong\n    next: mot'))
  expect(loop.some((problem) => problem.includes('lặp lại mãi'))).toBe(true)
  const unreachable = problemsFor(VALID.replace('    branches:\n      - target: tiep\n        goto: ba\n        feedback: Đi đường khác.\n', '').replace('      value:\n        exact: "000111222333"\n', '      value:\n        exact: "000111222333"\n    end: true\n'))
  expect(unreachable).toEqual(['40: steps.2.id: không có đường nào dẫn tới bước “ba”'])
})

test('real-looking ID numbers, official addresses and unknown widgets are refused', () => {
  expect(problemsFor(VALID.replace('exact: "000111222333"', 'exact: "079111222333"'))).toEqual([
    '1: “079111222333” trông như số định danh thật; số định danh mẫu phải bắt đầu bằng 000',
  ])
  expect(problemsFor(VALID.replace('    title: Xong\n', '    title: Xong\n    address: dichvucong.gov.vn\n'))[0]).toContain('.mo-phong')
  expect(problemsFor(VALID.replace('type: input', 'type: slider'))[0]).toContain('type không hợp lệ')
  expect(problemsFor(VALID, 'ten-khac')[0]).toContain('phải trùng tên tệp')
})

test('the state carried in forms holds no typed text and rejects tampering', () => {
  const ids = new Set(['mot', 'hai', 'ba'])
  const state = { ...start({ steps: [{ id: 'mot' }] } as never, 'check', 5), stepId: 'hai' }
  const encoded = encodeState(state)
  expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/)
  expect(decodeState(encoded, ids)).toMatchObject({ stepId: 'hai', mode: 'check' })
  expect(decodeState(encoded, new Set(['mot']))).toBeNull()
  expect(decodeState('not-base64-json', ids)).toBeNull()
  expect(decodeState(encodeState({ ...state, mode: 'cheat' as never }), ids)).toBeNull()
  expect(decodeState(42, ids)).toBeNull()
})
