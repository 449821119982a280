import { type UserKind } from '#generated/prisma/enums'
import { readCsvRecords } from '~/lib/csv'
import { type LoginIdentifier, parseLoginIdentifier } from '~/lib/login-identifier'
import { formatVietnamesePhone, normalizeVietnamesePhone } from '~/lib/phone'
import { foldVietnamese } from '~/lib/text'

// A class list as a ward office keeps it: a spreadsheet saved as CSV, or rows
// copied from the sheet and pasted (tab-separated). Headers may be Vietnamese
// or English, with or without diacritics; other columns (STT, ghi chú…) are
// ignored. Pure: the import decides what the rows mean for the database.

export const ROSTER_MAX_ROWS = 1000
// About 1,000 rows of generous width; anything much larger is not a class list.
export const ROSTER_MAX_CHARS = 1_000_000
const NAME_MAX = 100
const TEXT_MAX = 200
// A title line ("DANH SÁCH HỌC VIÊN LỚP …") often sits above the header.
const HEADER_SEARCH_RECORDS = 10

export type RosterRow = {
  /** Physical line in the file where the row starts (1-based). */
  line: number
  name: string
  /** Normalised: E.164 phone or lower-cased email. */
  login: LoginIdentifier
  kind: UserKind
  agency: string | null
  position: string | null
}

export type RosterError = {
  /** 0 for a problem with the whole file. */
  line: number
  message: string
}

export type RosterParseResult = {
  /** Rows that passed every check, in file order. */
  rows: RosterRow[]
  errors: RosterError[]
  /** The file as a whole could not be used (nothing may be imported from it). */
  fatal: boolean
  /** Data rows read, valid or not. */
  total: number
}

type Column = 'name' | 'phone' | 'email' | 'login' | 'kind' | 'agency' | 'position'

// Keys are folded (foldVietnamese) with punctuation turned into spaces.
const HEADER_WORDS: Record<Column, readonly string[]> = {
  name: ['ho va ten', 'ho ten', 'ten', 'name', 'full name', 'fullname', 'ten hoc vien', 'ho va ten hoc vien', 'ho ten hoc vien', 'ten nguoi hoc', 'ho va ten nguoi hoc'],
  phone: ['so dien thoai', 'dien thoai', 'sdt', 'so dt', 'dt', 'dtdd', 'so dtdd', 'di dong', 'so di dong', 'dien thoai di dong', 'phone', 'phone number', 'mobile', 'tel'],
  email: ['email', 'e mail', 'thu dien tu', 'dia chi email', 'dia chi thu dien tu', 'mail'],
  login: ['login', 'tai khoan', 'ten dang nhap', 'dang nhap', 'so dien thoai hoac email', 'sdt hoac email', 'dien thoai hoac email', 'phone or email', 'username'],
  kind: ['doi tuong', 'loai', 'kind', 'loai nguoi hoc', 'loai tai khoan', 'type', 'nhom'],
  agency: ['co quan', 'agency', 'co quan don vi', 'don vi cong tac', 'co quan cong tac', 'noi cong tac', 'co quan don vi cong tac'],
  position: ['chuc vu', 'position', 'chuc danh', 'vi tri viec lam', 'chuc vu vi tri viec lam'],
}

const COLUMN_BY_WORD: ReadonlyMap<string, Column> = new Map(
  (Object.entries(HEADER_WORDS) as [Column, readonly string[]][]).flatMap(([column, words]) =>
    words.map((word) => [word, column] as const),
  ),
)

function key(value: string): string {
  return foldVietnamese(value)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
}

const RESIDENT_WORDS = new Set(['nguoi dan', 'dan', 'cong dan', 'resident', 'citizen'])
// "Cán bộ, công chức, viên chức" in any combination and order.
const CIVIL_PARTS = /\b(can bo|cong chuc|vien chuc|cb|cc|vc|cbcc|cbccvc|civil servant|civil servants|civil_servant)\b/g

export function parseKindWord(value: string): UserKind | null {
  if (value.trim().toUpperCase() === 'CIVIL_SERVANT') return 'CIVIL_SERVANT'
  const folded = key(value)
  if (RESIDENT_WORDS.has(folded)) return 'RESIDENT'
  if (folded && folded.replace(CIVIL_PARTS, ' ').trim() === '') return 'CIVIL_SERVANT'
  return null
}

function findHeader(records: { line: number; fields: string[] }[]) {
  for (const [index, record] of records.slice(0, HEADER_SEARCH_RECORDS).entries()) {
    const positions = new Map<Column, number>()
    record.fields.forEach((field, position) => {
      // "Họ và tên (*)", "Số điện thoại (Zalo)": notes in brackets are not the name.
      const column = COLUMN_BY_WORD.get(key(field.replace(/\([^)]*\)/g, ' ').replace(/\*/g, ' ')))
      // The first of two same-named columns wins, as a reader would assume.
      if (column && !positions.has(column)) positions.set(column, position)
    })
    if (positions.has('name')) return { index, line: record.line, positions }
  }
  return null
}

function fileError(message: string): RosterParseResult {
  return { rows: [], errors: [{ line: 0, message }], fatal: true, total: 0 }
}

function showLogin(login: LoginIdentifier): string {
  return login.type === 'phone' ? formatVietnamesePhone(login.value) : login.value
}

/** Reads a class list; `rows` are usable only when `errors` is empty, or when the caller chooses to import valid rows only. */
export function parseRoster(text: string): RosterParseResult {
  if (text.length > ROSTER_MAX_CHARS) {
    return fileError('Tệp quá lớn. Mỗi lần chỉ nhập được một danh sách lớp (tối đa 1.000 người); hãy chia thành nhiều tệp.')
  }
  // A zip signature is an .xlsx; NULs mean some other binary file.
  if (text.startsWith('PK\u0003\u0004') || text.includes('\u0000')) {
    return fileError(
      'Tệp này không phải tệp văn bản CSV. Nếu bạn có tệp Excel (.xlsx), hãy mở nó, chọn Tệp → Lưu thành → “CSV UTF-8”, rồi tải tệp mới lên; hoặc sao chép các ô trong bảng tính và dán vào ô nhập.',
    )
  }
  // U+FFFD is what a decoder leaves for bytes that are not UTF-8, e.g. a file
  // saved as "CSV" (Windows-1258) by an older Excel.
  if (text.includes('\uFFFD')) {
    return fileError('Tệp không được lưu bằng bảng mã UTF-8 nên chữ tiếng Việt bị lỗi. Hãy lưu lại bằng “CSV UTF-8” rồi tải lên lại.')
  }
  const { records: allRecords, errors: syntaxErrors } = readCsvRecords(text.normalize('NFC'))
  // An unclosed quote swallows every later line into one field, so no row
  // after it can be trusted, even when importing valid rows only.
  if (syntaxErrors.length > 0) {
    return { rows: [], errors: syntaxErrors.map((error) => ({ ...error, message: `${error.message} Các dòng sau đó không đọc được.` })), fatal: true, total: 0 }
  }
  // Spreadsheets export empty rows as ",,,,".
  const records = allRecords.filter((record) => record.fields.some((field) => field !== ''))
  if (records.length === 0) {
    return fileError('Tệp trống. Cần một dòng tiêu đề (ví dụ: Họ và tên, Số điện thoại, Email, Đối tượng, Cơ quan, Chức vụ) và mỗi người học một dòng.')
  }
  const header = findHeader(records)
  if (!header) {
    return fileError(
      'Không tìm thấy cột “Họ và tên”. Dòng đầu tiên của bảng phải là dòng tiêu đề, ví dụ: Họ và tên, Số điện thoại, Email, Đối tượng, Cơ quan, Chức vụ.',
    )
  }
  const at = header.positions
  if (!at.has('phone') && !at.has('email') && !at.has('login')) {
    return fileError(`Dòng ${header.line}: không tìm thấy cột “Số điện thoại” hoặc “Email”. Mỗi người học cần số điện thoại hoặc email để đăng nhập.`)
  }
  const body = records.slice(header.index + 1)
  if (body.length === 0) return fileError('Tệp chỉ có dòng tiêu đề, chưa có người học nào.')
  if (body.length > ROSTER_MAX_ROWS) {
    return fileError(
      `Tệp có ${body.length.toLocaleString('vi-VN')} người, nhiều hơn giới hạn ${ROSTER_MAX_ROWS.toLocaleString('vi-VN')} người mỗi lần nhập. Hãy chia thành nhiều tệp.`,
    )
  }

  const rows: RosterRow[] = []
  const errors: RosterError[] = []
  const firstLineOf = new Map<string, number>()
  for (const { line, fields } of body) {
    const problems: string[] = []
    const cell = (column: Column) => {
      const position = at.get(column)
      return position === undefined ? '' : (fields[position] ?? '').trim()
    }
    const name = cell('name').replace(/\s+/g, ' ')
    if (!name) problems.push('thiếu họ và tên.')
    else if (name.length > NAME_MAX) problems.push(`họ và tên dài quá ${NAME_MAX} ký tự.`)

    const rawPhone = cell('phone')
    const rawEmail = cell('email')
    const rawLogin = cell('login')
    let phone: LoginIdentifier | null = null
    let email: LoginIdentifier | null = null
    let login: LoginIdentifier | null = null
    if (rawPhone) {
      const value = normalizeVietnamesePhone(rawPhone)
      if (value) phone = { type: 'phone', value }
      else problems.push(`số điện thoại “${rawPhone}” không hợp lệ (cần số di động Việt Nam, ví dụ 0912 345 678).`)
    }
    if (rawEmail) {
      const parsed = parseLoginIdentifier(rawEmail)
      if (parsed?.type === 'email') email = parsed
      else problems.push(`email “${rawEmail}” không hợp lệ.`)
    }
    if (rawLogin) {
      login = parseLoginIdentifier(rawLogin)
      if (!login) problems.push(`“${rawLogin}” không phải số điện thoại di động Việt Nam hay email hợp lệ.`)
    }
    // One login per account is enough to sign in; a phone wins because most
    // residents have one and the printed slip is read off by phone users.
    const chosen = phone ?? login ?? email
    if (!rawPhone && !rawEmail && !rawLogin) problems.push('cần số điện thoại hoặc email.')

    const rawKind = cell('kind')
    const agency = cell('agency') || null
    const position = cell('position') || null
    let kind: UserKind | null
    if (rawKind) {
      kind = parseKindWord(rawKind)
      if (!kind) {
        problems.push(`đối tượng “${rawKind}” không rõ (ghi “người dân” hoặc “cán bộ”, “công chức”, “viên chức”).`)
      }
    } else {
      // A blank kind with an agency written next to it can only mean a civil servant.
      kind = agency ? 'CIVIL_SERVANT' : 'RESIDENT'
    }
    if (kind === 'CIVIL_SERVANT' && !agency) {
      problems.push('cán bộ, công chức, viên chức cần ghi tên cơ quan, đơn vị công tác (cột “Cơ quan”).')
    }
    if (agency && agency.length > TEXT_MAX) problems.push(`tên cơ quan dài quá ${TEXT_MAX} ký tự.`)
    if (position && position.length > TEXT_MAX) problems.push(`chức vụ dài quá ${TEXT_MAX} ký tự.`)

    if (chosen) {
      const earlier = firstLineOf.get(chosen.value)
      if (earlier !== undefined) {
        const what = chosen.type === 'phone' ? 'số điện thoại' : 'email'
        problems.push(`trùng ${what} ${showLogin(chosen)} với dòng ${earlier}.`)
      } else {
        firstLineOf.set(chosen.value, line)
      }
    }

    if (problems.length > 0 || !chosen || !kind) {
      for (const problem of problems) errors.push({ line, message: `Dòng ${line}: ${problem}` })
      continue
    }
    const civil = kind === 'CIVIL_SERVANT'
    rows.push({ line, name, login: chosen, kind, agency: civil ? agency : null, position: civil ? position : null })
  }
  errors.sort((a, b) => a.line - b.line)
  return { rows, errors, fatal: false, total: body.length }
}
