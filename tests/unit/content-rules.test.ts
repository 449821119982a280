import { expect, test } from 'vitest'
import { gradeQuiz } from '~/content/quiz'
import { foldVietnamese, searchTokens } from '~/lib/text'

test('search ignores diacritics and case', () => {
  expect(foldVietnamese('Đăng ký tạm trú')).toBe('dang ky tam tru')
  expect(foldVietnamese('ĐĂNG KÝ  TẠM TRÚ')).toBe('dang ky tam tru')
  expect(foldVietnamese('Đăng ký tạm trú'.normalize('NFD'))).toBe('dang ky tam tru')
  expect(searchTokens('  Thông báo, lưu trú!  ')).toEqual(['thong', 'bao', 'luu', 'tru'])
  expect(searchTokens('   ')).toEqual([])
})

const questions = [
  { id: 'a', prompt: 'A?', choices: ['x', 'y'], answer: 1, explanation: '.' },
  { id: 'b', prompt: 'B?', choices: ['x', 'y', 'z'], answer: 2, explanation: '.' },
  { id: 'c', prompt: 'C?', choices: ['x', 'y'], answer: 0, explanation: '.' },
  { id: 'd', prompt: 'D?', choices: ['x', 'y'], answer: 0, explanation: '.' },
  { id: 'e', prompt: 'E?', choices: ['x', 'y'], answer: 0, explanation: '.' },
]

test('a quiz passes at the course threshold, counting unanswered as wrong', () => {
  const all = gradeQuiz(questions, { a: '1', b: '2', c: '0', d: '0', e: '0' }, 80)
  expect(all).toMatchObject({ correct: 5, total: 5, percent: 100, passed: true, unanswered: [] })
  const four = gradeQuiz(questions, { a: '1', b: '2', c: '0', d: '0', e: '1' }, 80)
  expect(four).toMatchObject({ correct: 4, percent: 80, passed: true })
  const three = gradeQuiz(questions, { a: '1', b: '2', c: '0', d: '1', e: '1' }, 80)
  expect(three).toMatchObject({ correct: 3, percent: 60, passed: false })
  const gaps = gradeQuiz(questions, { a: '1', c: '0' }, 80)
  expect(gaps.unanswered).toEqual([2, 4, 5])
  expect(gaps.passed).toBe(false)
})

test('answers that are not a valid choice count as unanswered', () => {
  const odd = gradeQuiz(questions, { a: '7', b: '-1', c: 'abc', d: null, e: '0' }, 80)
  expect(odd.results.map((result) => result.chosen)).toEqual([null, null, null, null, 0])
  expect(odd.unanswered).toEqual([1, 2, 3, 4])
})
