import { expect, test } from 'vitest'
import { parseKindWord, parseRoster, ROSTER_MAX_ROWS } from '~/classes/roster'

function messages(text: string): string[] {
  return parseRoster(text).errors.map((error) => error.message)
}

test('Vietnamese headers, kinds in words, phones written many ways', () => {
  const result = parseRoster(
    [
      'STT,Họ và tên,Số điện thoại,Email,Đối tượng,Cơ quan,Chức vụ',
      '1,Nguyễn Văn An,0912 345 678,,người dân,,',
      '2,Trần Thị Bình,+84 903.222.333,binh@example.com,Công chức,UBND phường Bến Thành,Chuyên viên',
      '3,Lê Văn Cường,,Cuong@Example.com,,,',
    ].join('\n'),
  )
  expect(result.errors).toEqual([])
  expect(result.fatal).toBe(false)
  expect(result.total).toBe(3)
  expect(result.rows).toEqual([
    { line: 2, name: 'Nguyễn Văn An', login: { type: 'phone', value: '+84912345678' }, kind: 'RESIDENT', agency: null, position: null },
    {
      line: 3,
      name: 'Trần Thị Bình',
      login: { type: 'phone', value: '+84903222333' },
      kind: 'CIVIL_SERVANT',
      agency: 'UBND phường Bến Thành',
      position: 'Chuyên viên',
    },
    { line: 4, name: 'Lê Văn Cường', login: { type: 'email', value: 'cuong@example.com' }, kind: 'RESIDENT', agency: null, position: null },
  ])
})

test('English headers, any case, and a single login column', () => {
  const { rows, errors } = parseRoster('NAME,Login,KIND,Agency,Position\nAn,0912345678,RESIDENT,,\nBình,binh@example.com,civil_servant,Sở Nội vụ,\n')
  expect(errors).toEqual([])
  expect(rows.map((row) => [row.name, row.login.value, row.kind, row.agency])).toEqual([
    ['An', '+84912345678', 'RESIDENT', null],
    ['Bình', 'binh@example.com', 'CIVIL_SERVANT', 'Sở Nội vụ'],
  ])
})

test('headers without diacritics, with notes in brackets, below a title line', () => {
  const { rows, errors } = parseRoster(
    'DANH SÁCH HỌC VIÊN LỚP BÌNH DÂN HỌC VỤ SỐ,,\nHo ten (*),SDT (Zalo),Loai\nPhạm Thị Dung,0987654321,dan\n',
  )
  expect(errors).toEqual([])
  expect(rows).toMatchObject([{ line: 3, name: 'Phạm Thị Dung', login: { value: '+84987654321' }, kind: 'RESIDENT' }])
})

test('kind words', () => {
  expect(parseKindWord('Người dân')).toBe('RESIDENT')
  expect(parseKindWord('NGUOI DAN')).toBe('RESIDENT')
  expect(parseKindWord('cán bộ')).toBe('CIVIL_SERVANT')
  expect(parseKindWord('Viên chức')).toBe('CIVIL_SERVANT')
  expect(parseKindWord('Cán bộ, công chức, viên chức')).toBe('CIVIL_SERVANT')
  expect(parseKindWord('CBCCVC')).toBe('CIVIL_SERVANT')
  expect(parseKindWord('học sinh')).toBeNull()
})

test('text pasted from a spreadsheet is tab-separated', () => {
  const { rows, errors } = parseRoster('Họ và tên\tĐiện thoại\tĐối tượng\tCơ quan\nNguyễn Văn An\t0912 345 678\tCán bộ\tUBND xã Tân Phú, tỉnh Đồng Nai\n')
  expect(errors).toEqual([])
  expect(rows).toMatchObject([{ name: 'Nguyễn Văn An', kind: 'CIVIL_SERVANT', agency: 'UBND xã Tân Phú, tỉnh Đồng Nai' }])
})

test('a BOM, CRLF, semicolons, quoted fields with commas and NFD names', () => {
  const nfd = 'Ngô Thị Hà'.normalize('NFD')
  const text = `\uFEFFHọ và tên;Số điện thoại;Cơ quan\r\n"Vũ, Văn Em";0912345678;\r\n${nfd};0912345679;\r\n\r\n;;\r\n`
  const { rows, errors, total } = parseRoster(text)
  expect(errors).toEqual([])
  expect(total).toBe(2)
  expect(rows.map((row) => [row.line, row.name])).toEqual([
    [2, 'Vũ, Văn Em'],
    [3, 'Ngô Thị Hà'],
  ])
  expect(rows[1]!.name).toBe('Ngô Thị Hà'.normalize('NFC'))
})

test('every row problem is reported in Vietnamese with its line', () => {
  const text = [
    'Họ và tên,Số điện thoại,Email,Đối tượng,Cơ quan',
    ',0912345678,,,',
    'Bình,0123,,,',
    'Cường,,cuong@,,',
    'Dung,,,,',
    'Em,0912345670,,học sinh,',
    'Giang,0912345671,,công chức,',
    'Hà,0912 345 678,,,',
    `${'A'.repeat(101)},0912345672,,,`,
    'Khánh,0912345673,,,',
  ].join('\n')
  expect(messages(text)).toEqual([
    'Dòng 2: thiếu họ và tên.',
    'Dòng 3: số điện thoại “0123” không hợp lệ (cần số di động Việt Nam, ví dụ 0912 345 678).',
    'Dòng 4: email “cuong@” không hợp lệ.',
    'Dòng 5: cần số điện thoại hoặc email.',
    'Dòng 6: đối tượng “học sinh” không rõ (ghi “người dân” hoặc “cán bộ”, “công chức”, “viên chức”).',
    'Dòng 7: cán bộ, công chức, viên chức cần ghi tên cơ quan, đơn vị công tác (cột “Cơ quan”).',
    'Dòng 8: trùng số điện thoại 0912 345 678 với dòng 2.',
    'Dòng 9: họ và tên dài quá 100 ký tự.',
  ])
  // Valid rows are still returned, for "import valid rows only".
  expect(parseRoster(text).rows.map((row) => row.name)).toEqual(['Khánh'])
})

test('duplicate emails are caught case-insensitively', () => {
  expect(messages('Tên,Email\nAn,an@example.com\nAn nữa,AN@Example.com\n')).toEqual(['Dòng 3: trùng email an@example.com với dòng 2.'])
})

test('a blank kind with an agency means a civil servant; a resident keeps no agency', () => {
  const { rows } = parseRoster('Họ tên,SĐT,Đối tượng,Cơ quan,Chức vụ\nAn,0912345678,,Sở Tư pháp,Chuyên viên\nBình,0912345679,Người dân,Chợ Bến Thành,Tiểu thương\n')
  expect(rows.map((row) => [row.kind, row.agency, row.position])).toEqual([
    ['CIVIL_SERVANT', 'Sở Tư pháp', 'Chuyên viên'],
    ['RESIDENT', null, null],
  ])
})

test('file-level problems are fatal and say what to do', () => {
  const fatal = (text: string) => {
    const result = parseRoster(text)
    expect(result.fatal).toBe(true)
    expect(result.rows).toEqual([])
    return result.errors.map((error) => error.message)
  }
  expect(fatal('')).toEqual([expect.stringContaining('Tệp trống')])
  expect(fatal('\uFEFF\r\n,,\r\n')).toEqual([expect.stringContaining('Tệp trống')])
  expect(fatal('Số điện thoại,Email\n0912345678,\n')).toEqual([expect.stringContaining('Không tìm thấy cột “Họ và tên”')])
  expect(fatal('Họ và tên,Cơ quan\nAn,\n')).toEqual([expect.stringContaining('không tìm thấy cột “Số điện thoại” hoặc “Email”')])
  expect(fatal('Họ và tên,Số điện thoại\n')).toEqual(['Tệp chỉ có dòng tiêu đề, chưa có người học nào.'])
  expect(fatal('PK\u0003\u0004\u0014\u0000binary')).toEqual([expect.stringContaining('không phải tệp văn bản CSV')])
  expect(fatal('H\uFFFD v\uFFFD t\uFFFDn,S\uFFFD\nA,0912345678')).toEqual([expect.stringContaining('UTF-8')])
  expect(fatal('x'.repeat(1_000_001))).toEqual([expect.stringContaining('Tệp quá lớn')])
  expect(fatal('Họ và tên,Số điện thoại\n"Nguyễn Văn An,0912345678\nBình,0912345679\n')).toEqual([
    'Dòng 2: thiếu dấu " đóng. Các dòng sau đó không đọc được.',
  ])
  const many = ['Họ và tên,Số điện thoại', ...Array.from({ length: ROSTER_MAX_ROWS + 1 }, (_, index) => `Người ${index},09${String(index).padStart(8, '0')}`)]
  expect(fatal(many.join('\n'))).toEqual(['Tệp có 1.001 người, nhiều hơn giới hạn 1.000 người mỗi lần nhập. Hãy chia thành nhiều tệp.'])
})

test('exactly the limit is accepted', () => {
  const lines = ['Họ và tên,Số điện thoại', ...Array.from({ length: ROSTER_MAX_ROWS }, (_, index) => `Người ${index},09${String(index).padStart(8, '0')}`)]
  const { rows, errors } = parseRoster(lines.join('\n'))
  expect(errors).toEqual([])
  expect(rows).toHaveLength(ROSTER_MAX_ROWS)
})

test('messages are NFC', () => {
  for (const message of messages('Họ và tên,Số điện thoại\n,0912\n')) expect(message).toBe(message.normalize('NFC'))
})
