import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import { OrganizationKind } from '#generated/prisma/client'
import { prisma } from '~/db.server'
import { type CsvError, readCsvRecords } from '~/lib/csv'

// Organisations offered at sign-up: Vietnam's two-tier local government since
// 1/7/2025 (province-level units, and under them wards, communes and special
// zones) plus agencies. The list arrives as a CSV (code,name,kind,parent_code)
// so operators can load the official national list without a code change.

export type OrganizationRow = {
  /** Physical line in the file where the record starts (1-based). */
  line: number
  code: string
  name: string
  kind: OrganizationKind
  parentCode: string | null
}

export type { CsvError }

export type ParseResult = { rows: OrganizationRow[]; errors: CsvError[] }

export type ParseOptions = {
  /** Units already stored, by code: lets a file refer to parents it does not contain. */
  existing?: ReadonlyMap<string, OrganizationKind>
}

export type ImportResult =
  | { ok: true; created: number; updated: number; unchanged: number }
  | { ok: false; errors: CsvError[] }

export type OrganizationOption = {
  id: string
  name: string
  children: { id: string; name: string; kind: OrganizationKind }[]
}

export const SEED_FILE = 'prisma/seed/organizations.csv'

const COLUMNS = ['code', 'name', 'kind', 'parent_code'] as const
const KIND_VALUES = Object.values(OrganizationKind)
const COMMUNE_LEVEL: ReadonlySet<OrganizationKind> = new Set(['WARD', 'COMMUNE', 'SPECIAL_ZONE'])
const MAX_NAME_LENGTH = 200

// Spreadsheets exported by Vietnamese offices often say the kind in words.
const KIND_WORDS: ReadonlyMap<string, OrganizationKind> = new Map([
  ['tỉnh', 'PROVINCE'],
  ['thành phố', 'PROVINCE'],
  ['phường', 'WARD'],
  ['xã', 'COMMUNE'],
  ['đặc khu', 'SPECIAL_ZONE'],
  ['cơ quan', 'AGENCY'],
])

const KIND_LABELS: Record<OrganizationKind, string> = {
  PROVINCE: 'tỉnh, thành phố',
  WARD: 'phường',
  COMMUNE: 'xã',
  SPECIAL_ZONE: 'đặc khu',
  AGENCY: 'cơ quan',
}

function parseKind(value: string): OrganizationKind | null {
  const folded = value.trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi')
  const upper = folded.toUpperCase()
  const direct = KIND_VALUES.find((kind) => kind === upper)
  return direct ?? KIND_WORDS.get(folded) ?? null
}

const RowSchema = z.object({
  code: z
    .string()
    .min(1, 'thiếu mã đơn vị.')
    .max(50, 'mã đơn vị dài quá 50 ký tự.')
    .regex(/^[A-Za-z0-9_.-]+$/, 'mã đơn vị chỉ được gồm chữ cái không dấu, chữ số và các dấu - _ .'),
  name: z
    .string()
    .min(1, 'thiếu tên đơn vị.')
    .max(MAX_NAME_LENGTH, `tên đơn vị dài quá ${MAX_NAME_LENGTH} ký tự.`),
  kind: z.string().transform((value, ctx): OrganizationKind => {
    const kind = parseKind(value)
    if (kind) return kind
    ctx.issues.push({
      code: 'custom',
      input: value,
      message: value
        ? `loại đơn vị “${value}” không hợp lệ (dùng ${KIND_VALUES.join(', ')} hoặc tỉnh, thành phố, phường, xã, đặc khu, cơ quan).`
        : 'thiếu loại đơn vị.',
    })
    return z.NEVER
  }),
  parentCode: z.string().transform((value) => (value === '' ? null : value)),
})

/**
 * Parses and checks an organisations CSV without touching the database.
 * `rows` holds the rows that passed every check; a file is usable only when
 * `errors` is empty. A parent must appear on an earlier line or be in
 * `options.existing`; without `existing`, parents missing from the file are
 * left for the import to check.
 */
export function parseOrganizationsCsv(text: string, options: ParseOptions = {}): ParseResult {
  // Comment lines let the shipped list carry notes; the delimiter is detected
  // because Excel in a Vietnamese locale saves with semicolons.
  const { records, errors } = readCsvRecords(text.normalize('NFC'), { comments: true })
  const rows: OrganizationRow[] = []
  const [header, ...body] = records
  if (!header) {
    errors.push({ line: 1, message: 'Dòng 1: tệp trống, cần dòng tiêu đề code,name,kind,parent_code.' })
    return { rows, errors }
  }
  const names = header.fields.map((value) => value.toLowerCase())
  const positions = COLUMNS.map((column) => names.indexOf(column))
  const missing = COLUMNS.filter((_, position) => positions[position] === -1)
  if (missing.length > 0) {
    errors.push({
      line: header.line,
      message: `Dòng ${header.line}: dòng tiêu đề phải là code,name,kind,parent_code (thiếu cột ${missing.join(', ')}).`,
    })
    return { rows, errors: sortErrors(errors) }
  }
  const [codeAt, nameAt, kindAt, parentAt] = positions as [number, number, number, number]

  // Every code met so far, valid or not: kind is null when the row itself was
  // rejected, so its children are not reported a second time.
  const declared = new Map<string, { line: number; kind: OrganizationKind | null }>()
  const firstLineOfCode = new Map<string, number>()
  for (const record of body) {
    const code = record.fields[codeAt] ?? ''
    if (code && !firstLineOfCode.has(code)) firstLineOfCode.set(code, record.line)
  }

  for (const { line, fields } of body) {
    const report = (message: string) => errors.push({ line, message: `Dòng ${line}: ${message}` })
    const rawCode = fields[codeAt] ?? ''
    const earlier = rawCode ? declared.get(rawCode) : undefined
    if (earlier) {
      report(`mã “${rawCode}” bị trùng với dòng ${earlier.line}.`)
      continue
    }
    if (fields.length > header.fields.length) {
      report(
        `có ${fields.length} cột, nhiều hơn ${header.fields.length} cột của dòng tiêu đề (tên có dấu phẩy phải đặt trong dấu ngoặc kép).`,
      )
      if (rawCode) declared.set(rawCode, { line, kind: null })
      continue
    }
    const parsed = RowSchema.safeParse({
      code: rawCode,
      name: fields[nameAt] ?? '',
      kind: fields[kindAt] ?? '',
      parentCode: fields[parentAt] ?? '',
    })
    if (!parsed.success) {
      // One message per column: an empty code needs no second line about its characters.
      const reported = new Set<PropertyKey>()
      for (const issue of parsed.error.issues) {
        const column = issue.path[0] ?? ''
        if (reported.has(column)) continue
        reported.add(column)
        report(issue.message)
      }
      if (rawCode) declared.set(rawCode, { line, kind: null })
      continue
    }
    const row: OrganizationRow = { line, ...parsed.data }
    const parentOk = checkParent(row, declared, firstLineOfCode, options.existing, report)
    declared.set(row.code, { line, kind: parentOk ? row.kind : null })
    if (parentOk) rows.push(row)
  }
  return { rows, errors: sortErrors(errors) }
}

function checkParent(
  row: OrganizationRow,
  declared: ReadonlyMap<string, { line: number; kind: OrganizationKind | null }>,
  firstLineOfCode: ReadonlyMap<string, number>,
  existing: ReadonlyMap<string, OrganizationKind> | undefined,
  report: (message: string) => void,
): boolean {
  if (row.kind === 'PROVINCE') {
    if (row.parentCode === null) return true
    report('đơn vị cấp tỉnh không thuộc đơn vị nào, hãy để trống cột parent_code.')
    return false
  }
  if (row.parentCode === null) {
    report(`thiếu parent_code: ${KIND_LABELS[row.kind]} phải thuộc một đơn vị cấp trên.`)
    return false
  }
  if (row.parentCode === row.code) {
    report('đơn vị không thể thuộc chính nó.')
    return false
  }
  let parentKind: OrganizationKind | undefined
  const inFile = declared.get(row.parentCode)
  if (inFile) {
    // The parent's own line already carries the error.
    if (inFile.kind === null) return false
    parentKind = inFile.kind
  } else {
    const laterLine = firstLineOfCode.get(row.parentCode)
    if (laterLine !== undefined) {
      report(`đơn vị cấp trên “${row.parentCode}” phải đứng trước (hiện ở dòng ${laterLine}).`)
      return false
    }
    parentKind = existing?.get(row.parentCode)
    if (existing && !parentKind) {
      report(`không tìm thấy đơn vị cấp trên “${row.parentCode}” trong tệp hoặc trong cơ sở dữ liệu.`)
      return false
    }
  }
  if (!parentKind) return true
  // Kinds rank strictly (province → commune level → agency), so a tree built
  // from valid rows can never contain a cycle.
  if (COMMUNE_LEVEL.has(row.kind) && parentKind !== 'PROVINCE') {
    report(`${KIND_LABELS[row.kind]} phải thuộc một tỉnh, thành phố (“${row.parentCode}” là ${KIND_LABELS[parentKind]}).`)
    return false
  }
  if (row.kind === 'AGENCY' && parentKind === 'AGENCY') {
    report(`cơ quan phải thuộc một tỉnh, thành phố hoặc đơn vị cấp xã (“${row.parentCode}” là cơ quan).`)
    return false
  }
  return true
}

// Stable, so several messages for one line keep their column order.
function sortErrors(errors: CsvError[]): CsvError[] {
  return [...errors].sort((a, b) => a.line - b.line)
}

/**
 * Imports a CSV: all or nothing. Rows are matched by code, so importing the
 * same list twice updates instead of duplicating.
 */
export async function importOrganizations(
  text: string,
  { actorId = null }: { actorId?: string | null } = {},
): Promise<ImportResult> {
  const stored = await prisma.organization.findMany({
    select: { id: true, code: true, name: true, kind: true, parentId: true, _count: { select: { children: true } } },
  })
  const existing = new Map(stored.map((org) => [org.code, org.kind]))
  const { rows, errors } = parseOrganizationsCsv(text, { existing })
  if (errors.length > 0) return { ok: false, errors }

  // Changing the kind of a unit that already has units under it would leave
  // those units under a parent of the wrong level.
  const byCode = new Map(stored.map((org) => [org.code, org]))
  const kindErrors: CsvError[] = []
  for (const row of rows) {
    const current = byCode.get(row.code)
    if (current && current.kind !== row.kind && current._count.children > 0) {
      kindErrors.push({
        line: row.line,
        message: `Dòng ${row.line}: không thể đổi “${row.code}” từ ${KIND_LABELS[current.kind]} thành ${KIND_LABELS[row.kind]} vì đang có đơn vị trực thuộc.`,
      })
    }
  }
  if (kindErrors.length > 0) return { ok: false, errors: kindErrors }

  return prisma.$transaction(
    async (tx) => {
      // Read again inside the transaction: another import may have run since.
      const current = await tx.organization.findMany({
        select: { id: true, code: true, name: true, kind: true, parentId: true },
      })
      const idByCode = new Map(current.map((org) => [org.code, org.id]))
      const currentByCode = new Map(current.map((org) => [org.code, org]))
      let created = 0
      let updated = 0
      let unchanged = 0
      // Rows come in file order and every parent precedes its children, so
      // each parent id is known by the time a child is written.
      for (const row of rows) {
        const parentId = row.parentCode === null ? null : (idByCode.get(row.parentCode) ?? null)
        if (row.parentCode !== null && parentId === null) {
          throw new Error(`Organisation parent ${row.parentCode} vanished during import`)
        }
        const before = currentByCode.get(row.code)
        if (before && before.name === row.name && before.kind === row.kind && before.parentId === parentId) {
          unchanged += 1
          continue
        }
        const data = { name: row.name, kind: row.kind, parentId }
        const saved = await tx.organization.upsert({
          where: { code: row.code },
          create: { code: row.code, ...data },
          update: data,
          select: { id: true },
        })
        idByCode.set(row.code, saved.id)
        if (before) updated += 1
        else created += 1
      }
      await tx.auditLog.create({
        data: {
          actorId,
          action: 'organizations.imported',
          details: JSON.stringify({ rows: rows.length, created, updated, unchanged }),
        },
      })
      return { ok: true as const, created, updated, unchanged }
    },
    // The full national list is a few thousand rows; the default 5 s is tight
    // on a slow disk.
    { timeout: 120_000, maxWait: 10_000 },
  )
}

const collator = new Intl.Collator('vi')

/** Province-level units with their direct children, for the sign-up form. */
export async function listOrganizationsForSelect(): Promise<OrganizationOption[]> {
  const provinces = await prisma.organization.findMany({
    where: { kind: 'PROVINCE', parentId: null },
    select: { id: true, name: true, children: { select: { id: true, name: true, kind: true } } },
  })
  return provinces
    .map((province) => ({
      id: province.id,
      name: province.name,
      children: [...province.children].sort((a, b) => collator.compare(a.name, b.name)),
    }))
    .sort((a, b) => collator.compare(a.name, b.name))
}

/** Units an actor may put a class or a person in: their organisation and below; anywhere for an administrator. */
export async function organizationsWithin(actor: { role: string; organizationScope: readonly string[] }): Promise<{ id: string; name: string }[]> {
  const where = actor.role === 'ADMIN' ? {} : { id: { in: [...actor.organizationScope] } }
  const rows = await prisma.organization.findMany({ where, select: { id: true, name: true, kind: true }, orderBy: { name: 'asc' } })
  // Provinces first, so the usual choice of the actor's own unit is near the top.
  return rows
    .sort((a, b) => Number(b.kind === 'PROVINCE') - Number(a.kind === 'PROVINCE') || collator.compare(a.name, b.name))
    .map(({ id, name }) => ({ id, name }))
}

export async function organizationName(id: string): Promise<string | null> {
  return (await prisma.organization.findUnique({ where: { id }, select: { name: true } }))?.name ?? null
}

// SQLite caps the number of bound parameters in one statement.
const IN_CHUNK = 500

/** The unit itself and every unit below it; empty if the unit does not exist. */
export async function getOrganizationSubtreeIds(rootId: string): Promise<string[]> {
  const root = await prisma.organization.findUnique({ where: { id: rootId }, select: { id: true } })
  if (!root) return []
  const result = [root.id]
  const seen = new Set(result)
  let frontier = result
  while (frontier.length > 0) {
    const next: string[] = []
    for (let start = 0; start < frontier.length; start += IN_CHUNK) {
      const children = await prisma.organization.findMany({
        where: { parentId: { in: frontier.slice(start, start + IN_CHUNK) } },
        select: { id: true },
      })
      for (const child of children) {
        // Guards against a cycle written by hand into the database.
        if (seen.has(child.id)) continue
        seen.add(child.id)
        next.push(child.id)
      }
    }
    result.push(...next)
    frontier = next
  }
  return result
}

/**
 * Called at server start: loads the shipped list into an empty table and
 * returns how many units were created (0 when the table already had rows).
 */
export async function ensureOrganizationsSeeded(): Promise<number> {
  if ((await prisma.organization.count()) > 0) return 0
  const file = path.resolve(process.cwd(), SEED_FILE)
  const result = await importOrganizations(await readFile(file, 'utf8'), { actorId: null })
  if (!result.ok) {
    throw new Error(`Invalid organisations seed file ${file}:\n${result.errors.map((error) => error.message).join('\n')}`)
  }
  return result.created
}

export async function organizationCounts() {
  const [provinces, total] = await prisma.$transaction([
    prisma.organization.count({ where: { kind: 'PROVINCE' } }),
    prisma.organization.count(),
  ])
  return { provinces, total }
}
