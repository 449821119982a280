import { readFileSync } from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'
import { parseOrganizationsCsv, SEED_FILE } from '~/auth/organizations.server'

const HEADER = 'code,name,kind,parent_code'

function csv(...lines: string[]): string {
  return [HEADER, ...lines].join('\n')
}

function messages(text: string, options?: Parameters<typeof parseOrganizationsCsv>[1]): string[] {
  return parseOrganizationsCsv(text, options).errors.map((error) => error.message)
}

test('a plain file gives one row per line, parents first', () => {
  const { rows, errors } = parseOrganizationsCsv(
    csv('79,Thành phố Hồ Chí Minh,PROVINCE,', '26740,Phường Sài Gòn,WARD,79', '79-SO-KHCN,Sở Khoa học và Công nghệ,AGENCY,79'),
  )
  expect(errors).toEqual([])
  expect(rows).toEqual([
    { line: 2, code: '79', name: 'Thành phố Hồ Chí Minh', kind: 'PROVINCE', parentCode: null },
    { line: 3, code: '26740', name: 'Phường Sài Gòn', kind: 'WARD', parentCode: '79' },
    { line: 4, code: '79-SO-KHCN', name: 'Sở Khoa học và Công nghệ', kind: 'AGENCY', parentCode: '79' },
  ])
})

test('quoted fields may hold commas, doubled quotes and line breaks', () => {
  const { rows, errors } = parseOrganizationsCsv(
    csv(
      '01,"Thành phố Hà Nội",PROVINCE,',
      '01-A,"Ban ""Chuyển đổi số"", Hà Nội",AGENCY,01',
      '01-B,"Trung tâm',
      'Phục vụ hành chính công",AGENCY,"01"',
      '01-C, "Sở Nội vụ" ,AGENCY,01',
    ),
  )
  expect(errors).toEqual([])
  expect(rows.map((row) => [row.line, row.name])).toEqual([
    [2, 'Thành phố Hà Nội'],
    [3, 'Ban "Chuyển đổi số", Hà Nội'],
    [4, 'Trung tâm\nPhục vụ hành chính công'],
    [6, 'Sở Nội vụ'],
  ])
})

test('a BOM, CRLF line ends, blank lines and # comments are accepted', () => {
  const text = '\uFEFF# danh sách thử\r\n\r\n' + HEADER + '\r\n# tỉnh\r\n01,Thành phố Hà Nội,PROVINCE,\r\n\r\n00070,Phường Hoàn Kiếm,WARD,01\r\n'
  const { rows, errors } = parseOrganizationsCsv(text)
  expect(errors).toEqual([])
  expect(rows.map((row) => [row.line, row.code, row.name])).toEqual([
    [5, '01', 'Thành phố Hà Nội'],
    [7, '00070', 'Phường Hoàn Kiếm'],
  ])
})

test('names are normalised to NFC so the same name is stored one way', () => {
  const decomposed = 'Phường Hoàn Kiếm'.normalize('NFD')
  expect(decomposed).not.toBe('Phường Hoàn Kiếm')
  const { rows } = parseOrganizationsCsv(csv('01,Thành phố Hà Nội,PROVINCE,', `00070,${decomposed},WARD,01`))
  expect(rows[1]?.name).toBe('Phường Hoàn Kiếm')
})

test('kinds may be written in Vietnamese words, in any case', () => {
  const { rows, errors } = parseOrganizationsCsv(
    csv(
      '01,Thành phố Hà Nội,Thành phố,',
      '04,Tỉnh Cao Bằng,TỈNH,',
      '00070,Phường Hoàn Kiếm,phường,01',
      '00376,Xã Sóc Sơn,Xã,01',
      '79,Thành phố Hồ Chí Minh,province,',
      '26732,Đặc khu Côn Đảo,Đặc  khu,79',
      '79-SO-NOI-VU,Sở Nội vụ Thành phố Hồ Chí Minh,cơ quan,79',
    ),
  )
  expect(errors).toEqual([])
  expect(rows.map((row) => row.kind)).toEqual([
    'PROVINCE',
    'PROVINCE',
    'WARD',
    'COMMUNE',
    'PROVINCE',
    'SPECIAL_ZONE',
    'AGENCY',
  ])
})

test('each bad field is reported in Vietnamese with its line number', () => {
  expect(
    messages(
      csv(
        '01,Thành phố Hà Nội,PROVINCE,',
        '00070,,WARD,01',
        ',Phường Cửa Nam,WARD,01',
        'mã có dấu,Phường Ba Đình,WARD,01',
        `00008,${'Phường '.repeat(40)},WARD,01`,
        '00025,Phường Giảng Võ,quận,01',
        '00091,Phường Phú Thượng,,01',
      ),
    ),
  ).toEqual([
    'Dòng 3: thiếu tên đơn vị.',
    'Dòng 4: thiếu mã đơn vị.',
    "Dòng 5: mã đơn vị chỉ được gồm chữ cái không dấu, chữ số và các dấu - _ .",
    'Dòng 6: tên đơn vị dài quá 200 ký tự.',
    'Dòng 7: loại đơn vị “quận” không hợp lệ (dùng PROVINCE, WARD, COMMUNE, SPECIAL_ZONE, AGENCY hoặc tỉnh, thành phố, phường, xã, đặc khu, cơ quan).',
    'Dòng 8: thiếu loại đơn vị.',
  ])
})

test('line numbers count comment and blank lines', () => {
  const text = ['# chú thích', HEADER, '', '# tỉnh', '01,Thành phố Hà Nội,PROVINCE,', '00070,,WARD,01'].join('\n')
  expect(messages(text)).toEqual(['Dòng 6: thiếu tên đơn vị.'])
})

test('a code may appear only once in a file', () => {
  expect(
    messages(csv('01,Thành phố Hà Nội,PROVINCE,', '00070,Phường Hoàn Kiếm,WARD,01', '00070,Phường Cửa Nam,WARD,01')),
  ).toEqual(['Dòng 4: mã “00070” bị trùng với dòng 3.'])
})

test('a parent must come before its children', () => {
  expect(messages(csv('00070,Phường Hoàn Kiếm,WARD,01', '01,Thành phố Hà Nội,PROVINCE,'))).toEqual([
    'Dòng 2: đơn vị cấp trên “01” phải đứng trước (hiện ở dòng 3).',
  ])
})

test('a parent missing from the file is left to the database, or refused when the database lacks it too', () => {
  const text = csv('26740,Phường Sài Gòn,WARD,79')
  // Without knowledge of the database the parser cannot decide.
  expect(parseOrganizationsCsv(text)).toEqual({
    rows: [{ line: 2, code: '26740', name: 'Phường Sài Gòn', kind: 'WARD', parentCode: '79' }],
    errors: [],
  })
  expect(messages(text, { existing: new Map([['79', 'PROVINCE']]) })).toEqual([])
  expect(messages(text, { existing: new Map([['01', 'PROVINCE']]) })).toEqual([
    'Dòng 2: không tìm thấy đơn vị cấp trên “79” trong tệp hoặc trong cơ sở dữ liệu.',
  ])
})

test('a province has no parent, and everything else has one', () => {
  expect(
    messages(
      csv(
        '01,Thành phố Hà Nội,PROVINCE,',
        '79,Thành phố Hồ Chí Minh,PROVINCE,01',
        '00070,Phường Hoàn Kiếm,WARD,',
        '01-SO-KHCN,Sở Khoa học và Công nghệ Thành phố Hà Nội,AGENCY,',
      ),
    ),
  ).toEqual([
    'Dòng 3: đơn vị cấp tỉnh không thuộc đơn vị nào, hãy để trống cột parent_code.',
    'Dòng 4: thiếu parent_code: phường phải thuộc một đơn vị cấp trên.',
    'Dòng 5: thiếu parent_code: cơ quan phải thuộc một đơn vị cấp trên.',
  ])
})

test('communes hang under a province and agencies never under an agency', () => {
  expect(
    messages(
      csv(
        '01,Thành phố Hà Nội,PROVINCE,',
        '00070,Phường Hoàn Kiếm,WARD,01',
        '00082,Phường Cửa Nam,WARD,00070',
        '01-VP-UBND,Văn phòng Ủy ban nhân dân Thành phố Hà Nội,AGENCY,01',
        '01-X,Phòng thử,AGENCY,01-VP-UBND',
        '00070-X,Bộ phận một cửa,AGENCY,00070',
        '00004,Phường Ba Đình,WARD,00004',
      ),
    ),
  ).toEqual([
    'Dòng 4: phường phải thuộc một tỉnh, thành phố (“00070” là phường).',
    'Dòng 6: cơ quan phải thuộc một tỉnh, thành phố hoặc đơn vị cấp xã (“01-VP-UBND” là cơ quan).',
    'Dòng 8: đơn vị không thể thuộc chính nó.',
  ])
})

test('children of a rejected row are not reported a second time', () => {
  expect(messages(csv('01,,PROVINCE,', '00070,Phường Hoàn Kiếm,WARD,01'))).toEqual(['Dòng 2: thiếu tên đơn vị.'])
})

test('an unquoted comma in a name is caught as an extra column', () => {
  expect(messages(csv('01,Thành phố Hà Nội,PROVINCE,', '01-A,Sở Nội vụ, Hà Nội,AGENCY,01'))).toEqual([
    'Dòng 3: có 5 cột, nhiều hơn 4 cột của dòng tiêu đề (tên có dấu phẩy phải đặt trong dấu ngoặc kép).',
  ])
})

test('the header row is required and a missing closing quote is reported', () => {
  expect(messages('01,Thành phố Hà Nội,PROVINCE,')).toEqual([
    'Dòng 1: dòng tiêu đề phải là code,name,kind,parent_code (thiếu cột code, name, kind, parent_code).',
  ])
  expect(messages('# chỉ có chú thích\n\n')).toEqual(['Dòng 1: tệp trống, cần dòng tiêu đề code,name,kind,parent_code.'])
  expect(messages(csv('01,"Thành phố Hà Nội,PROVINCE,'))).toContain('Dòng 2: thiếu dấu " đóng.')
})

test('the shipped seed file is valid: 34 provinces, every Hà Nội and Hồ Chí Minh City unit', () => {
  const text = readFileSync(path.resolve(process.cwd(), SEED_FILE), 'utf8')
  expect(text.normalize('NFC')).toBe(text)
  const { rows, errors } = parseOrganizationsCsv(text)
  expect(errors).toEqual([])
  const count = (parentCode: string | null, kind: string) =>
    rows.filter((row) => row.parentCode === parentCode && row.kind === kind).length
  expect(count(null, 'PROVINCE')).toBe(34)
  // Hà Nội: 51 phường, 75 xã.
  expect([count('01', 'WARD'), count('01', 'COMMUNE'), count('01', 'SPECIAL_ZONE')]).toEqual([51, 75, 0])
  // Thành phố Hồ Chí Minh: 113 phường, 54 xã, đặc khu Côn Đảo.
  expect([count('79', 'WARD'), count('79', 'COMMUNE'), count('79', 'SPECIAL_ZONE')]).toEqual([113, 54, 1])
  expect(count('01', 'AGENCY')).toBeGreaterThanOrEqual(2)
  expect(count('79', 'AGENCY')).toBeGreaterThanOrEqual(2)
  // Every commune-level name says what it is, matching its kind.
  const prefix = { WARD: 'Phường ', COMMUNE: 'Xã ', SPECIAL_ZONE: 'Đặc khu ' } as Record<string, string>
  for (const row of rows) {
    const expected = prefix[row.kind]
    if (expected) expect(row.name.startsWith(expected), `${row.code} ${row.name}`).toBe(true)
  }
  expect(rows.find((row) => row.code === '26740')?.name).toBe('Phường Sài Gòn')
  expect(rows.find((row) => row.code === '00070')?.name).toBe('Phường Hoàn Kiếm')
})

test('a file saved by Excel in a Vietnamese locale (semicolons) reads the same', () => {
  const { rows, errors } = parseOrganizationsCsv('code;name;kind;parent_code\r\n01;"Thành phố Hà Nội";PROVINCE;\r\n00070;Phường Hoàn Kiếm, Hà Nội;WARD;01\r\n')
  expect(errors).toEqual([])
  expect(rows.map((row) => [row.code, row.name, row.parentCode])).toEqual([
    ['01', 'Thành phố Hà Nội', null],
    ['00070', 'Phường Hoàn Kiếm, Hà Nội', '01'],
  ])
})
