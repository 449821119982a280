// The one CSV reader and writer of the site. Files come from spreadsheets
// saved by people in ward offices: Excel in a Vietnamese locale writes `;`
// (the decimal separator is the comma), LibreOffice writes `,`, and text
// pasted from a sheet is tab-separated. Messages are plain Vietnamese.

export type CsvDelimiter = ',' | ';' | '\t'

export type CsvRecord = {
  /** Physical line in the file where the record starts (1-based). */
  line: number
  fields: string[]
}

export type CsvError = { line: number; message: string }

export type ReadCsvOptions = {
  /** A fixed delimiter, or 'auto' (the default) to detect it from the first record. */
  delimiter?: CsvDelimiter | 'auto'
  /** Skip lines starting with # (only at the start of a record). */
  comments?: boolean
}

export type ReadCsvResult = { records: CsvRecord[]; errors: CsvError[]; delimiter: CsvDelimiter }

const DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t']

function isSkippable(physical: string, comments: boolean): boolean {
  return physical.trim() === '' || (comments && physical.trimStart().startsWith('#'))
}

// Counted on the first record only, outside quotes: the header line is the
// one line whose shape the author controls (names in later lines may hold
// commas). Ties go to the comma, the format's own delimiter.
export function detectDelimiter(text: string, { comments = false }: { comments?: boolean } = {}): CsvDelimiter {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  const lines = source.split('\n')
  const first = lines.find((physical) => !isSkippable(physical, comments)) ?? ''
  const counts = new Map<CsvDelimiter, number>(DELIMITERS.map((delimiter) => [delimiter, 0]))
  let quoted = false
  for (const char of first) {
    if (char === '"') quoted = !quoted
    else if (!quoted && counts.has(char as CsvDelimiter)) counts.set(char as CsvDelimiter, counts.get(char as CsvDelimiter)! + 1)
  }
  let best: CsvDelimiter = ','
  for (const delimiter of DELIMITERS) if (counts.get(delimiter)! > counts.get(best)!) best = delimiter
  return best
}

// RFC 4180 with the leniencies spreadsheets need: CRLF or LF, a BOM, quoted
// fields holding delimiters, newlines and "" escapes. Blank lines (and, when
// asked, # comment lines) are skipped only at the start of a record, so a
// quoted value may contain them. Fields are trimmed.
export function readCsvRecords(text: string, options: ReadCsvOptions = {}): ReadCsvResult {
  const comments = options.comments ?? false
  const delimiter =
    options.delimiter === undefined || options.delimiter === 'auto' ? detectDelimiter(text, { comments }) : options.delimiter
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  const records: CsvRecord[] = []
  const errors: CsvError[] = []
  let index = 0
  let line = 1
  while (index < source.length) {
    const startLine = line
    const lineEnd = source.indexOf('\n', index)
    const physical = source.slice(index, lineEnd === -1 ? source.length : lineEnd)
    if (isSkippable(physical, comments)) {
      index = lineEnd === -1 ? source.length : lineEnd + 1
      line += 1
      continue
    }
    const fields: string[] = []
    let field = ''
    let quoted = false
    let fieldStarted = false
    for (;;) {
      if (index >= source.length) {
        if (quoted) errors.push({ line: startLine, message: `Dòng ${startLine}: thiếu dấu " đóng.` })
        break
      }
      const char = source[index]!
      if (quoted) {
        if (char === '"') {
          if (source[index + 1] === '"') {
            field += '"'
            index += 2
          } else {
            quoted = false
            index += 1
          }
        } else {
          if (char === '\n') line += 1
          field += char
          index += 1
        }
      } else if (char === '"' && !fieldStarted) {
        quoted = true
        fieldStarted = true
        index += 1
      } else if (char === delimiter) {
        fields.push(field)
        field = ''
        fieldStarted = false
        index += 1
      } else if (char === '\n') {
        line += 1
        index += 1
        break
      } else {
        // Whitespace before an opening quote does not make the field unquoted.
        if (char !== ' ' && char !== '\t') fieldStarted = true
        field += char
        index += 1
      }
    }
    fields.push(field)
    records.push({ line: startLine, fields: fields.map((value) => value.trim()) })
  }
  return { records, errors, delimiter }
}

export type CsvValue = string | number | null | undefined

export type WriteCsvOptions = {
  /** Start with a UTF-8 byte order mark: without it Excel reads the file as the local code page and garbles Vietnamese. */
  bom?: boolean
  /** Defuse values a spreadsheet would run as formulas (see neutraliseFormula). */
  neutraliseFormulas?: boolean
  delimiter?: CsvDelimiter
}

// A cell starting with = + - @ (or a tab or CR, which some spreadsheets skip
// before looking) is evaluated as a formula by Excel and LibreOffice; a name
// such as =HYPERLINK(...) typed at sign-up must stay text in a trainer's
// export. OWASP's advice: prefix a single quote.
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

export function writeCsv(rows: readonly (readonly CsvValue[])[], options: WriteCsvOptions = {}): string {
  const delimiter = options.delimiter ?? ','
  const lines = rows.map((row) =>
    row
      .map((value) => {
        let text = value === null || value === undefined ? '' : String(value)
        if (options.neutraliseFormulas && typeof value === 'string') text = neutraliseFormula(text)
        return /[",;\t\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
      })
      .join(delimiter),
  )
  // CRLF, as RFC 4180 says and as Excel writes.
  return (options.bom ? '\uFEFF' : '') + lines.map((line) => `${line}\r\n`).join('')
}
