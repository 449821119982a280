import writeXlsxFile, { type Cell as SheetCell, type SheetData } from 'write-excel-file/node'
import { type MatrixModel, matrixTable } from './export'
import { type Cell } from './status'

// The same table as the CSV, as an .xlsx. Cells are typed String, never
// 'Formula', so a name such as "=HYPERLINK(…)" is stored as text and Excel
// does not evaluate it: no quote prefix is needed here, and names stay exact.

const HEADER_STYLE = { fontWeight: 'bold', backgroundColor: '#E8EEF7', wrap: true, alignVertical: 'top' } as const
const STATE_COLOURS: Record<Cell['state'], string | undefined> = {
  done: '#E3F4E8',
  overdue: '#FBE4E4',
  'in-progress': undefined,
  'not-started': undefined,
}

// Control characters are not allowed in XML 1.0: one stray character pasted
// into a name would make Excel refuse the whole file.
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
}

// Sheet names: at most 31 characters, none of : \ / ? * [ ].
function sheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, ' ').trim().slice(0, 31) || 'Tiến độ'
}

export async function matrixXlsx(model: MatrixModel): Promise<Buffer> {
  const table = matrixTable(model)
  const data: SheetData = [
    table.header.map((title): SheetCell => ({ value: clean(title), type: String, ...HEADER_STYLE })),
    ...table.rows.map((row, rowIndex) =>
      row.map((value, columnIndex): SheetCell => {
        const column = table.columns[columnIndex]!
        if (typeof value === 'number') return { value, type: Number }
        const cell: SheetCell = { value: clean(value), type: String }
        if (column.kind === 'mark') return { ...cell, align: 'center' }
        if (column.kind === 'status') {
          const state = table.cells[rowIndex]![columnIndex - table.columns.findIndex((entry) => entry.kind === 'status')]
          const colour = state ? STATE_COLOURS[state.state] : undefined
          return colour ? { ...cell, backgroundColor: colour } : cell
        }
        return cell
      }),
    ),
  ]
  return writeXlsxFile(data, {
    sheet: sheetName(`Tiến độ ${model.className}`),
    columns: table.columns.map((column) => ({ width: column.width })),
    stickyRowsCount: 1,
    stickyColumnsCount: 1,
  }).toBuffer()
}
