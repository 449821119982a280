import { expect, test } from 'vitest'
import { translator } from '~/i18n'
import { type CellView, cellLabel, packCell, packRow, unpackCell, unpackRow } from '~/routes/classes/cell-badge'

const cells: CellView[] = [
  { state: 'done', percent: 100, doneDay: '2026-11-20', late: true, dueSoon: false },
  { state: 'overdue', percent: 40, doneDay: null, late: false, dueSoon: false },
  { state: 'in-progress', percent: 57, doneDay: null, late: false, dueSoon: true },
  { state: 'not-started', percent: 0, doneDay: null, late: false, dueSoon: false },
]

test('a packed cell unpacks to the same cell', () => {
  for (const cell of cells) expect(unpackCell(packCell(cell))).toEqual(cell)
  const row = [cells[0]!, null, cells[2]!, null]
  expect(unpackRow(packRow(row))).toEqual(row)
})

test('every state reads as words, in Vietnamese and English', () => {
  const vi = translator('vi')
  expect(cells.map((cell) => cellLabel(vi, cell))).toEqual(['Xong 20/11/2026 (trễ hạn)', 'Quá hạn, được 40%', 'Đang học 57% · sắp đến hạn', 'Chưa bắt đầu'])
  expect(cellLabel(translator('en'), cells[1]!)).toBe('Overdue, 40% done')
})
