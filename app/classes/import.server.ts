import { type Prisma, type Role, type UserKind } from '#generated/prisma/client'
import { type Slip, generateTemporaryPassword } from '~/auth/manage.server'
import { hashPassword } from '~/auth/password.server'
import { type Actor, canManageUser } from '~/auth/permissions'
import { prisma } from '~/db.server'
import { classAccessWhere } from './access'
import { type RosterError, type RosterRow, parseRoster } from './roster'

// Importing a class list: a trainer uploads (or pastes) the ward's list, sees
// what will happen to each person, then confirms. The confirmation sends the
// text again and it is parsed and checked again here: a preview shown in the
// browser is never trusted.

export type RosterOutcome = 'create' | 'add' | 'already-member' | 'not-allowed'

export type RosterPreviewRow = {
  line: number
  name: string
  login: string
  loginType: 'phone' | 'email'
  kind: UserKind
  agency: string | null
  position: string | null
  outcome: RosterOutcome
  /** Why a row cannot be added (outcome 'not-allowed'), in Vietnamese. */
  reason: string | null
}

export type RosterPreviewCounts = { create: number; add: number; alreadyMember: number; notAllowed: number; invalid: number }

export type RosterPreview = {
  ok: true
  className: string
  /** An archived class takes no import; the preview still shows what is in the file. */
  archived: boolean
  rows: RosterPreviewRow[]
  /** Problems in the file, and rows that cannot be added, by line. */
  errors: RosterError[]
  /** The file cannot be used at all (see errors). */
  fatal: boolean
  counts: RosterPreviewCounts
  /** Everything is valid: a plain import would write every row. */
  canImportAll: boolean
  /** Some rows are valid and would be written by "import valid rows only". */
  canImportValidRows: boolean
}

export type RosterImportCounts = { created: number; added: number; alreadyMembers: number; skipped: number }

export type RosterApplyResult =
  | { ok: true; slips: Slip[]; counts: RosterImportCounts; skipped: RosterError[] }
  | { ok: false; error: 'not-found' }
  | { ok: false; error: 'archived' }
  | { ok: false; error: 'invalid'; errors: RosterError[] }

type ClassForImport = { id: string; name: string; organizationId: string; archivedAt: Date | null }

type ExistingUser = { id: string; role: Role; organizationId: string | null; createdById: string | null; deletedAt: Date | null; phone: string | null; email: string | null }

type Decision = { row: RosterRow; outcome: RosterOutcome; userId: string | null; reason: string | null }

// SQLite caps the number of bound parameters in one statement.
const IN_CHUNK = 500
// The libuv pool has 4 threads by default; hashing with all of them at once
// would stall every other request's file and crypto work for seconds.
const HASH_CONCURRENCY = 2

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = []
  for (let start = 0; start < items.length; start += IN_CHUNK) out.push(items.slice(start, start + IN_CHUNK))
  return out
}

function findClass(actor: Actor, classId: string): Promise<ClassForImport | null> {
  return prisma.class.findFirst({
    where: { AND: [{ id: classId }, classAccessWhere(actor)] },
    select: { id: true, name: true, organizationId: true, archivedAt: true },
  })
}

const NOT_ALLOWED_SELF = 'đây là tài khoản của bạn, không thêm vào lớp như một học viên.'
const NOT_ALLOWED_STAFF =
  'số điện thoại hoặc email này thuộc một tài khoản mà bạn không được thêm vào lớp. Hãy kiểm tra lại, hoặc nhờ quản trị viên hỗ trợ.'

// Learners are shared across the site: a person who signed up alone, or was
// registered by another ward, is added as they are (their organisation is
// not changed) and sees the class on their dashboard. Accounts with a staff
// role are different: putting one in a class shows its progress to the
// trainer and lists it as a learner, so that is allowed only to someone who
// already manages that account (an organisation admin for a trainer of their
// province, an administrator for anyone). Deleted accounts never come back.
function allowedToAdd(actor: Actor, user: ExistingUser): string | null {
  if (user.id === actor.id) return NOT_ALLOWED_SELF
  if (user.deletedAt) return NOT_ALLOWED_STAFF
  if (user.role === 'LEARNER') return null
  return canManageUser(actor, user) ? null : NOT_ALLOWED_STAFF
}

async function decide(db: Prisma.TransactionClient, actor: Actor, classId: string, rows: readonly RosterRow[]): Promise<Decision[]> {
  const phones = rows.filter((row) => row.login.type === 'phone').map((row) => row.login.value)
  const emails = rows.filter((row) => row.login.type === 'email').map((row) => row.login.value)
  const select = { id: true, role: true, organizationId: true, createdById: true, deletedAt: true, phone: true, email: true } as const
  const found: ExistingUser[] = []
  for (const part of chunks(phones)) found.push(...(await db.user.findMany({ where: { phone: { in: part } }, select })))
  for (const part of chunks(emails)) found.push(...(await db.user.findMany({ where: { email: { in: part } }, select })))
  const byLogin = new Map<string, ExistingUser>()
  for (const user of found) {
    if (user.phone) byLogin.set(user.phone, user)
    if (user.email) byLogin.set(user.email, user)
  }
  const members = new Set<string>()
  for (const part of chunks(found.map((user) => user.id))) {
    const rowsFound = await db.classMember.findMany({ where: { classId, userId: { in: part } }, select: { userId: true } })
    for (const member of rowsFound) members.add(member.userId)
  }
  return rows.map((row) => {
    const user = byLogin.get(row.login.value)
    if (!user) return { row, outcome: 'create', userId: null, reason: null }
    if (members.has(user.id)) return { row, outcome: 'already-member', userId: user.id, reason: null }
    const reason = allowedToAdd(actor, user)
    if (reason) return { row, outcome: 'not-allowed', userId: null, reason }
    return { row, outcome: 'add', userId: user.id, reason: null }
  })
}

function notAllowedErrors(decisions: readonly Decision[]): RosterError[] {
  return decisions
    .filter((decision) => decision.outcome === 'not-allowed')
    .map((decision) => ({ line: decision.row.line, message: `Dòng ${decision.row.line}: ${decision.reason}` }))
}

function byLine(errors: RosterError[]): RosterError[] {
  return [...errors].sort((a, b) => a.line - b.line)
}

/** What an import of `text` would do, without writing anything. */
export async function previewRosterImport(actor: Actor, classId: string, text: string): Promise<RosterPreview | { ok: false; error: 'not-found' }> {
  const cls = await findClass(actor, classId)
  if (!cls) return { ok: false, error: 'not-found' }
  const parsed = parseRoster(text)
  const decisions = await decide(prisma, actor, cls.id, parsed.rows)
  const count = (outcome: RosterOutcome) => decisions.filter((decision) => decision.outcome === outcome).length
  const counts: RosterPreviewCounts = {
    create: count('create'),
    add: count('add'),
    alreadyMember: count('already-member'),
    notAllowed: count('not-allowed'),
    invalid: parsed.total - parsed.rows.length,
  }
  const errors = byLine([...parsed.errors, ...notAllowedErrors(decisions)])
  return {
    ok: true,
    className: cls.name,
    archived: cls.archivedAt !== null,
    rows: decisions.map(({ row, outcome, reason }) => ({
      line: row.line,
      name: row.name,
      login: row.login.value,
      loginType: row.login.type,
      kind: row.kind,
      agency: row.agency,
      position: row.position,
      outcome,
      reason,
    })),
    errors,
    fatal: parsed.fatal,
    counts,
    canImportAll: !cls.archivedAt && !parsed.fatal && errors.length === 0,
    canImportValidRows: !cls.archivedAt && !parsed.fatal && counts.create + counts.add > 0,
  }
}

async function hashAll(passwords: readonly string[]): Promise<string[]> {
  const hashes: string[] = []
  for (let start = 0; start < passwords.length; start += HASH_CONCURRENCY) {
    hashes.push(...(await Promise.all(passwords.slice(start, start + HASH_CONCURRENCY).map(hashPassword))))
  }
  return hashes
}

/**
 * Creates the missing accounts and adds everyone to the class, in one
 * transaction. Writes nothing when the file has any problem, unless
 * `validRowsOnly` (then the rows with problems are skipped and listed).
 * Importing the same file again adds nothing and creates no duplicates.
 */
export async function applyRosterImport(
  actor: Actor,
  classId: string,
  text: string,
  { validRowsOnly }: { validRowsOnly: boolean },
): Promise<RosterApplyResult> {
  const cls = await findClass(actor, classId)
  if (!cls) return { ok: false, error: 'not-found' }
  if (cls.archivedAt) return { ok: false, error: 'archived' }
  const parsed = parseRoster(text)
  if (parsed.fatal) return { ok: false, error: 'invalid', errors: parsed.errors }
  const planned = await decide(prisma, actor, cls.id, parsed.rows)
  const refused = notAllowedErrors(planned)
  if (!validRowsOnly && (parsed.errors.length > 0 || refused.length > 0)) {
    return { ok: false, error: 'invalid', errors: byLine([...parsed.errors, ...refused]) }
  }

  // Hashing is the slow part (~10 ms each): done before the transaction so
  // the database's single write lock is held for inserts only. A row that
  // turns out to exist by the time the transaction runs wastes its hash.
  const toCreate = planned.filter((decision) => decision.outcome === 'create')
  const passwords = toCreate.map(() => generateTemporaryPassword())
  const hashes = await hashAll(passwords)
  const credentials = new Map(toCreate.map((decision, index) => [decision.row.login.value, { password: passwords[index]!, hash: hashes[index]! }]))

  const result = await prisma.$transaction(
    async (tx) => {
      // Decided again inside the transaction: someone may have signed up, or
      // joined with the class code, since the plan above was made.
      const decisions = await decide(tx, actor, cls.id, parsed.rows)
      const skipped = [...parsed.errors]
      for (const decision of decisions) {
        const { row } = decision
        if (decision.outcome === 'not-allowed') {
          skipped.push({ line: row.line, message: `Dòng ${row.line}: ${decision.reason}` })
        } else if (decision.outcome === 'create' && !credentials.has(row.login.value)) {
          // Planned as an existing account that has gone since: too rare to hash inside the lock.
          skipped.push({ line: row.line, message: `Dòng ${row.line}: tài khoản vừa thay đổi trong lúc nhập, hãy nhập lại tệp.` })
        }
      }
      // Checked before the first write, so returning leaves nothing behind.
      if (!validRowsOnly && skipped.length > 0) return { ok: false as const, error: 'invalid' as const, errors: byLine(skipped) }

      const slips: Slip[] = []
      const newMembers: string[] = []
      const createdIds: string[] = []
      let alreadyMembers = 0
      for (const decision of decisions) {
        const { row } = decision
        if (decision.outcome === 'already-member') alreadyMembers += 1
        else if (decision.outcome === 'add') newMembers.push(decision.userId!)
        else if (decision.outcome === 'create') {
          const credential = credentials.get(row.login.value)
          if (!credential) continue
          const user = await tx.user.create({
            data: {
              name: row.name,
              [row.login.type]: row.login.value,
              kind: row.kind,
              agency: row.agency,
              position: row.position,
              organizationId: cls.organizationId,
              createdById: actor.id,
              mustChangePassword: true,
              password: { create: { hash: credential.hash } },
            },
            select: { id: true },
          })
          createdIds.push(user.id)
          newMembers.push(user.id)
          slips.push({ name: row.name, login: row.login.value, temporaryPassword: credential.password })
        }
      }
      if (newMembers.length > 0) {
        await tx.classMember.createMany({ data: newMembers.map((userId) => ({ classId: cls.id, userId, source: 'import' })) })
      }
      // Each new account's history says where it came from, as accounts
      // created one by one do.
      if (createdIds.length > 0) {
        await tx.auditLog.createMany({
          data: createdIds.map((targetId) => ({
            actorId: actor.id,
            action: 'account.created-for-learner',
            targetId,
            details: JSON.stringify({ via: 'class-import', classId: cls.id }),
          })),
        })
      }
      const counts: RosterImportCounts = {
        created: createdIds.length,
        added: newMembers.length - createdIds.length,
        alreadyMembers,
        skipped: skipped.length === 0 ? 0 : new Set(skipped.map((error) => error.line)).size,
      }
      await tx.auditLog.create({
        data: { actorId: actor.id, action: 'class.roster-imported', targetId: cls.id, details: JSON.stringify({ rows: parsed.total, validRowsOnly, ...counts }) },
      })
      return { ok: true as const, slips, counts, skipped: byLine(skipped) }
    },
    // A thousand inserts take well under a second; the margin is for a slow disk.
    { timeout: 60_000, maxWait: 10_000 },
  )
  return result
}
