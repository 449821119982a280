import { type UserKind } from '#generated/prisma/enums'
import { writeCsv } from '~/lib/csv'
import { formatVietnamDay, vietnamDay } from '~/lib/dates'
import { loginText } from '~/lib/phone'
import { foldVietnamese } from '~/lib/text'
import { type AssignmentKind, type Cell } from './status'

// A class's progress matrix as a table a ward office can file or forward:
// CSV here (pure, also usable by pages for the cell texts) and XLSX in
// export-xlsx.server.ts, both from matrixTable so they always agree.

export type MatrixAssignment = { id: string; title: string; kind: AssignmentKind; dueDay: string }

export type MatrixLearner = {
  id: string
  name: string
  phone: string | null
  email: string | null
  kind: UserKind
  agency: string | null
  /** By assignment id; a missing cell is written empty. */
  cells: Readonly<Record<string, Cell | undefined>>
}

export type MatrixSession = { id: string; day: string; presentUserIds: readonly string[] }

export type MatrixModel = {
  className: string
  assignments: readonly MatrixAssignment[]
  learners: readonly MatrixLearner[]
  sessions: readonly MatrixSession[]
}

export type MatrixColumnKind = 'text' | 'status' | 'count' | 'mark'

export type MatrixTable = {
  header: string[]
  /** What each column holds, for styling and widths. */
  columns: { kind: MatrixColumnKind; width: number }[]
  rows: (string | number)[][]
  /** The cell behind each status value, row by row, for colouring. */
  cells: (Cell | undefined)[][]
}

const KIND_LABELS: Record<UserKind, string> = {
  RESIDENT: 'Người dân',
  CIVIL_SERVANT: 'Cán bộ, công chức, viên chức',
}

export function kindLabel(kind: UserKind): string {
  return KIND_LABELS[kind]
}


/** "Chưa bắt đầu", "Đang học 40%", "Hoàn thành 12/11/2026", "Quá hạn 40%". */
export function cellText(cell: Cell | undefined): string {
  if (!cell) return ''
  switch (cell.state) {
    case 'not-started':
      return 'Chưa bắt đầu'
    case 'in-progress':
      return `Đang học ${cell.percent}%`
    case 'overdue':
      return `Quá hạn ${cell.percent}%`
    case 'done': {
      const when = cell.doneAt ? ` ${formatVietnamDay(cell.doneAt)}` : ''
      return `Hoàn thành${when}${cell.late ? ' (trễ hạn)' : ''}`
    }
  }
}

// Excel reads a bare "12/11/2026" header as a date and reformats it by the
// reader's locale (11/12/2026 in the US), so dates always carry a word.
export function matrixTable(model: MatrixModel): MatrixTable {
  const sessions = [...model.sessions].sort((a, b) => a.day.localeCompare(b.day))
  const present = sessions.map((session) => new Set(session.presentUserIds))
  const header = [
    'Họ và tên',
    'Số điện thoại hoặc email',
    'Đối tượng',
    'Cơ quan',
    ...model.assignments.map((assignment) => `${assignment.title} (hạn ${formatVietnamDay(assignment.dueDay)})`),
    ...(sessions.length ? [`Số buổi có mặt (trên ${sessions.length})`] : []),
    ...sessions.map((session) => `Buổi ${formatVietnamDay(session.day)}`),
  ]
  const columns: MatrixTable['columns'] = [
    { kind: 'text', width: 28 },
    { kind: 'text', width: 24 },
    { kind: 'text', width: 16 },
    { kind: 'text', width: 28 },
    ...model.assignments.map((assignment) => ({ kind: 'status' as const, width: Math.max(18, Math.min(40, assignment.title.length + 14)) })),
    ...(sessions.length ? [{ kind: 'count' as const, width: 14 }] : []),
    ...sessions.map(() => ({ kind: 'mark' as const, width: 13 })),
  ]
  const rows: MatrixTable['rows'] = []
  const cells: MatrixTable['cells'] = []
  for (const learner of model.learners) {
    const statuses = model.assignments.map((assignment) => learner.cells[assignment.id])
    const marks = present.map((ids) => (ids.has(learner.id) ? 'x' : ''))
    rows.push([
      learner.name,
      loginText(learner),
      kindLabel(learner.kind),
      learner.agency ?? '',
      ...statuses.map(cellText),
      ...(sessions.length ? [marks.filter((mark) => mark === 'x').length] : []),
      ...marks,
    ])
    cells.push(statuses)
  }
  return { header, columns, rows, cells }
}

/** UTF-8 with a BOM so Excel shows Vietnamese; values that would run as formulas are defused. */
export function matrixCsv(model: MatrixModel): string {
  const table = matrixTable(model)
  return writeCsv([table.header, ...table.rows], { bom: true, neutraliseFormulas: true })
}

/** "tien-do-lop-vneid-phuong-mot-2026-12-01.csv": ASCII, so every browser and mail client keeps it. */
export function exportFileName(className: string, now: Date, extension: 'csv' | 'xlsx' | 'zip', prefix = 'tien-do'): string {
  const slug = foldVietnamese(className).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'lop'
  return `${prefix}-${slug}-${vietnamDay(now)}.${extension}`
}
