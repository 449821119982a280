import fc from 'fast-check'
import { expect, test } from 'vitest'
import { detectDelimiter, neutraliseFormula, readCsvRecords, writeCsv } from '~/lib/csv'

test('the delimiter is detected from the first record, outside quotes', () => {
  expect(detectDelimiter('a,b,c\n1;2,3')).toBe(',')
  expect(detectDelimiter('\uFEFFa;b;c\r\n')).toBe(';')
  expect(detectDelimiter('a\tb\tc')).toBe('\t')
  expect(detectDelimiter('"Họ, tên";"SĐT"\n')).toBe(';')
  expect(detectDelimiter('\n\nname\n')).toBe(',')
  expect(detectDelimiter('# a;b;c\ncode,name', { comments: true })).toBe(',')
})

test('records keep their starting line; comments are skipped only when asked', () => {
  const text = '# note\n\na,"b\nc",d\r\ne,f,g'
  expect(readCsvRecords(text, { comments: true }).records).toEqual([
    { line: 3, fields: ['a', 'b\nc', 'd'] },
    { line: 5, fields: ['e', 'f', 'g'] },
  ])
  expect(readCsvRecords('# x,y\n1,2').records).toEqual([
    { line: 1, fields: ['# x', 'y'] },
    { line: 2, fields: ['1', '2'] },
  ])
})

test('the writer quotes what needs quoting and ends lines with CRLF', () => {
  expect(writeCsv([['a', 'b,c', 'say "hi"', 1, null], ['x\ny', ' pad ', 'semi;colon', 'tab\there', undefined]])).toBe(
    'a,"b,c","say ""hi""",1,\r\n"x\ny"," pad ","semi;colon","tab\there",\r\n',
  )
  expect(writeCsv([['=1+1', '-2', 3]], { neutraliseFormulas: true, bom: true })).toBe("\uFEFF'=1+1,'-2,3\r\n")
  expect(neutraliseFormula('@A1')).toBe("'@A1")
  expect(neutraliseFormula('Nguyễn')).toBe('Nguyễn')
})

test('whatever is written reads back the same (fields without outer spaces; line ends become LF)', () => {
  const field = fc.string({ unit: fc.constantFrom('a', 'Đ', 'ữ', ',', ';', '"', '\n', '\r\n', ' ', 'x', '\t') }).map((value) => value.trim())
  fc.assert(
    fc.property(fc.array(fc.array(field, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (rows) => {
      // A record made only of empty fields writes an empty-looking line, which readers skip.
      const kept = rows.filter((row) => row.some((value) => value !== ''))
      const { records, errors } = readCsvRecords(writeCsv(kept, { bom: true }), { delimiter: ',' })
      expect(errors).toEqual([])
      expect(records.map((record) => record.fields)).toEqual(kept.map((row) => row.map((value) => value.replace(/\r\n?/g, '\n'))))
    }),
  )
})
