import { strFromU8, unzipSync } from 'fflate'
import { expect, test } from 'vitest'
import { cellText, exportFileName, type MatrixModel, matrixCsv, matrixTable } from '~/classes/export'
import { matrixXlsx } from '~/classes/export-xlsx.server'
import { parseRoster } from '~/classes/roster'
import { type Cell } from '~/classes/status'
import { readCsvRecords } from '~/lib/csv'

const cell = (state: Cell['state'], percent: number, doneAt: Date | null = null, late = false): Cell => ({
  state,
  percent,
  doneAt,
  late,
  dueSoon: false,
  lastActivityAt: null,
})

const model: MatrixModel = {
  className: 'Lớp VNeID phường Bến Thành',
  assignments: [
    { id: 'a1', title: 'VNeID cơ bản', kind: 'course', dueDay: '2026-12-01' },
    { id: 'a2', title: 'Đăng nhập VNeID', kind: 'simulator', dueDay: '2026-12-15' },
  ],
  learners: [
    {
      id: 'u1',
      name: 'Nguyễn Văn An',
      phone: '+84912345678',
      email: null,
      kind: 'RESIDENT',
      agency: null,
      // 17:30 UTC on 11/11 is 00:30 on 12/11 in Vietnam.
      cells: { a1: cell('done', 100, new Date('2026-11-11T17:30:00Z')), a2: cell('in-progress', 40) },
    },
    {
      id: 'u2',
      name: '=HYPERLINK("http://x.invalid","Bấm vào")',
      phone: null,
      email: 'binh@example.com',
      kind: 'CIVIL_SERVANT',
      agency: '+Sở <Nội vụ> & "Ban", Hà Nội',
      cells: { a1: cell('overdue', 40), a2: cell('not-started', 0) },
    },
  ],
  sessions: [
    { id: 's2', day: '2026-11-20', presentUserIds: ['u1'] },
    { id: 's1', day: '2026-11-13', presentUserIds: ['u1', 'u2'] },
  ],
}

test('status texts in Vietnamese', () => {
  expect(cellText(cell('not-started', 0))).toBe('Chưa bắt đầu')
  expect(cellText(cell('in-progress', 40))).toBe('Đang học 40%')
  expect(cellText(cell('overdue', 40))).toBe('Quá hạn 40%')
  expect(cellText(cell('done', 100, new Date('2026-11-12T03:00:00Z')))).toBe('Hoàn thành 12/11/2026')
  expect(cellText(cell('done', 100, new Date('2026-12-02T03:00:00Z'), true))).toBe('Hoàn thành 02/12/2026 (trễ hạn)')
  expect(cellText(undefined)).toBe('')
})

test('the CSV starts with a BOM and reads back with the shared parser', () => {
  const csv = matrixCsv(model)
  expect(csv.startsWith('\uFEFF')).toBe(true)
  expect(csv).toContain('\r\n')
  const { records, errors } = readCsvRecords(csv)
  expect(errors).toEqual([])
  expect(records.map((record) => record.fields)).toEqual([
    [
      'Họ và tên',
      'Số điện thoại hoặc email',
      'Đối tượng',
      'Cơ quan',
      'VNeID cơ bản (hạn 01/12/2026)',
      'Đăng nhập VNeID (hạn 15/12/2026)',
      'Số buổi có mặt (trên 2)',
      'Buổi 13/11/2026',
      'Buổi 20/11/2026',
    ],
    ['Nguyễn Văn An', '0912 345 678', 'Người dân', '', 'Hoàn thành 12/11/2026', 'Đang học 40%', '2', 'x', 'x'],
    [
      `'=HYPERLINK("http://x.invalid","Bấm vào")`,
      'binh@example.com',
      'Cán bộ, công chức, viên chức',
      `'+Sở <Nội vụ> & "Ban", Hà Nội`,
      'Quá hạn 40%',
      'Chưa bắt đầu',
      '1',
      'x',
      '',
    ],
  ])
})

test('every formula trigger is defused in the CSV', () => {
  for (const name of ['=1+1', '+1', '-1', '@SUM(A1)', '\tcmd', '\rcmd']) {
    const csv = matrixCsv({ ...model, learners: [{ ...model.learners[0]!, name }], sessions: [] })
    const row = readCsvRecords(csv).records[1]!
    // The reader trims, so a leading tab or CR survives only inside the quote-prefixed value.
    expect(row.fields[0]!.startsWith("'"), JSON.stringify(name)).toBe(true)
  }
})

test('an exported list can be imported into another class', () => {
  const { rows, errors } = parseRoster(matrixCsv({ ...model, learners: [model.learners[0]!] }))
  expect(errors).toEqual([])
  expect(rows).toMatchObject([{ name: 'Nguyễn Văn An', login: { type: 'phone', value: '+84912345678' }, kind: 'RESIDENT' }])
})

test('no attendance columns without sessions', () => {
  expect(matrixTable({ ...model, sessions: [] }).header).toHaveLength(6)
})

test('the XLSX holds the same names and statuses, escaped, with widths and a frozen header', async () => {
  const buffer = await matrixXlsx(model)
  expect(buffer.subarray(0, 2).toString()).toBe('PK')
  const files = unzipSync(new Uint8Array(buffer))
  const sheetFile = Object.keys(files).find((name) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name))!
  const sheet = strFromU8(files[sheetFile]!)
  const strings = files['xl/sharedStrings.xml'] ? strFromU8(files['xl/sharedStrings.xml']) : ''
  const text = sheet + strings
  for (const expected of ['Nguyễn Văn An', 'Hoàn thành 12/11/2026', 'Đang học 40%', 'Quá hạn 40%', 'Chưa bắt đầu', 'Cán bộ, công chức, viên chức', 'VNeID cơ bản (hạn 01/12/2026)']) {
    expect(text).toContain(expected)
  }
  // Stored as a shared string exactly as typed, never as a formula.
  expect(strings).toContain('<t>=HYPERLINK("http://x.invalid","Bấm vào")</t>')
  expect(sheet).not.toContain('<f>')
  expect(text).toContain('&lt;Nội vụ&gt; &amp;')
  expect(sheet).toMatch(/<col [^>]*width="28"/)
  expect(sheet).toContain('ySplit="1"')
  const workbook = strFromU8(files['xl/workbook.xml']!)
  expect(workbook).toContain('Tiến độ Lớp VNeID phường Bến Th')
})

test('control characters are dropped from the XLSX so it still opens', async () => {
  const buffer = await matrixXlsx({ ...model, learners: [{ ...model.learners[0]!, name: 'An\u0001\u0008 Bình' }] })
  const files = unzipSync(new Uint8Array(buffer))
  const all = Object.values(files).map((file) => strFromU8(file)).join('')
  expect(all).toContain('An Bình')
  // eslint-disable-next-line no-control-regex
  expect(all).not.toMatch(/[\u0001\u0008]/)
})

test('file names are plain ASCII with the day in Vietnam', () => {
  expect(exportFileName('Lớp VNeID phường Bến Thành', new Date('2026-11-30T18:00:00Z'), 'xlsx')).toBe('tien-do-lop-vneid-phuong-ben-thanh-2026-12-01.xlsx')
  expect(exportFileName('***', new Date('2026-11-30T00:00:00Z'), 'csv')).toBe('tien-do-lop-2026-11-30.csv')
})
