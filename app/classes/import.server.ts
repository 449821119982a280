import { type Prisma, type UserKind } from '#generated/prisma/client'
import { type Slip, generateTemporaryPassword } from '~/auth/manage.server'
import { hashPassword } from '~/auth/password.server'
import { type Actor } from '~/auth/permissions'
import { prisma } from '~/db.server'
import { classAccessWhere } from './access'
import { type RosterError, type RosterRow, parseRoster } from './roster'

// Importing a class list: a trainer uploads (or pastes) the ward's list, sees
// what will happen to each person, then confirms. The confirmation sends the
// text again and it is parsed and checked again here: a preview shown in the
// browser is never trusted.

/**
 * What the trainer is told about a line before confirming. Deliberately
 * coarse: whether a phone or email already has an account (or a staff one)
 * is not the trainer's to know, so every valid line reads 'add'. Only a
 * membership the class page already shows ('already-member') and the
 * trainer's own account ('not-allowed') are told apart.
 */
export type RosterOutcome = 'add' | 'already-member' | 'not-allowed'

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

export type RosterPreviewCounts = { add: number; alreadyMember: number; notAllowed: number; invalid: number }

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

/**
 * After confirming, the trainer may learn how many lines were new accounts
 * (they hold the slips) and how many were invited: that much they will see
 * on the class page anyway, as pending invitations under the names they typed.
 */
export type RosterImportCounts = {
  created: number
  /** Lines that now have a pending invitation (new, or already waiting). */
  invited: number
  /** Lines whose holder declined this class's invitation before: not asked again. */
  declinedBefore: number
  alreadyMembers: number
  skipped: number
}

export type RosterApplyResult =
  | { ok: true; slips: Slip[]; counts: RosterImportCounts; skipped: RosterError[] }
  | { ok: false; error: 'not-found' }
  | { ok: false; error: 'archived' }
  | { ok: false; error: 'invalid'; errors: RosterError[] }

type ClassForImport = { id: string; name: string; organizationId: string; archivedAt: Date | null }

type ExistingUser = { id: string; phone: string | null; email: string | null }

type InvitationState = { id: string; status: string }

// What the server does with a line; never shown as such (see RosterOutcome).
//   create: no account has this login: create it, a member at once (the trainer hands over the slip)
//   invite: an account exists: send (or renew) an invitation
//   invited: an invitation is already waiting: nothing to write
//   declined: the holder declined this class before: not asked again
//   already-member, self: as the preview says
type Plan = 'create' | 'invite' | 'invited' | 'declined' | 'already-member' | 'self'

type Decision = { row: RosterRow; plan: Plan; userId: string | null; invitation: InvitationState | null }

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

function outcomeOf(plan: Plan): RosterOutcome {
  if (plan === 'already-member') return 'already-member'
  if (plan === 'self') return 'not-allowed'
  return 'add'
}

// Every existing account is treated alike, whatever its role, organisation
// or who created it: the holder decides. A staff account is invited like a
// learner's, so a refusal cannot reveal that a phone belongs to staff.
async function decide(db: Prisma.TransactionClient, actor: Actor, classId: string, rows: readonly RosterRow[]): Promise<Decision[]> {
  const phones = rows.filter((row) => row.login.type === 'phone').map((row) => row.login.value)
  const emails = rows.filter((row) => row.login.type === 'email').map((row) => row.login.value)
  const select = { id: true, phone: true, email: true } as const
  const found: ExistingUser[] = []
  for (const part of chunks(phones)) found.push(...(await db.user.findMany({ where: { phone: { in: part } }, select })))
  for (const part of chunks(emails)) found.push(...(await db.user.findMany({ where: { email: { in: part } }, select })))
  const byLogin = new Map<string, ExistingUser>()
  for (const user of found) {
    if (user.phone) byLogin.set(user.phone, user)
    if (user.email) byLogin.set(user.email, user)
  }
  const members = new Set<string>()
  const invitations = new Map<string, InvitationState>()
  for (const part of chunks(found.map((user) => user.id))) {
    const [memberRows, invitationRows] = await Promise.all([
      db.classMember.findMany({ where: { classId, userId: { in: part } }, select: { userId: true } }),
      db.classInvitation.findMany({ where: { classId, userId: { in: part } }, select: { id: true, userId: true, status: true } }),
    ])
    for (const member of memberRows) members.add(member.userId)
    for (const invitation of invitationRows) invitations.set(invitation.userId, { id: invitation.id, status: invitation.status })
  }
  return rows.map((row): Decision => {
    const user = byLogin.get(row.login.value)
    if (!user) return { row, plan: 'create', userId: null, invitation: null }
    const invitation = invitations.get(user.id) ?? null
    const base = { row, userId: user.id, invitation }
    if (members.has(user.id)) return { ...base, plan: 'already-member' }
    if (user.id === actor.id) return { ...base, plan: 'self' }
    if (invitation?.status === 'pending') return { ...base, plan: 'invited' }
    if (invitation?.status === 'declined') return { ...base, plan: 'declined' }
    // No invitation yet, or one accepted by someone who has left the class since: ask (again).
    return { ...base, plan: 'invite' }
  })
}

function refusedErrors(decisions: readonly Decision[]): RosterError[] {
  return decisions
    .filter((decision) => decision.plan === 'self')
    .map((decision) => ({ line: decision.row.line, message: `Dòng ${decision.row.line}: ${NOT_ALLOWED_SELF}` }))
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
  const rows = decisions.map(({ row, plan }): RosterPreviewRow => ({
    line: row.line,
    name: row.name,
    login: row.login.value,
    loginType: row.login.type,
    kind: row.kind,
    agency: row.agency,
    position: row.position,
    outcome: outcomeOf(plan),
    reason: plan === 'self' ? NOT_ALLOWED_SELF : null,
  }))
  const count = (outcome: RosterOutcome) => rows.filter((row) => row.outcome === outcome).length
  const counts: RosterPreviewCounts = {
    add: count('add'),
    alreadyMember: count('already-member'),
    notAllowed: count('not-allowed'),
    invalid: parsed.total - parsed.rows.length,
  }
  const errors = byLine([...parsed.errors, ...refusedErrors(decisions)])
  return {
    ok: true,
    className: cls.name,
    archived: cls.archivedAt !== null,
    rows,
    errors,
    fatal: parsed.fatal,
    counts,
    canImportAll: !cls.archivedAt && !parsed.fatal && errors.length === 0,
    canImportValidRows: !cls.archivedAt && !parsed.fatal && counts.add > 0,
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
 * Creates the missing accounts and puts them in the class, and invites the
 * holders of existing accounts, in one transaction. Writes nothing when the
 * file has any problem, unless `validRowsOnly` (then the rows with problems
 * are skipped and listed). Importing the same file again adds nothing,
 * creates no duplicates and sends no second invitation.
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
  const refused = refusedErrors(planned)
  if (!validRowsOnly && (parsed.errors.length > 0 || refused.length > 0)) {
    return { ok: false, error: 'invalid', errors: byLine([...parsed.errors, ...refused]) }
  }

  // Hashing is the slow part (~10 ms each): done before the transaction so
  // the database's single write lock is held for inserts only. A row that
  // turns out to exist by the time the transaction runs wastes its hash.
  const toCreate = planned.filter((decision) => decision.plan === 'create')
  const passwords = toCreate.map(() => generateTemporaryPassword())
  const hashes = await hashAll(passwords)
  const credentials = new Map(toCreate.map((decision, index) => [decision.row.login.value, { password: passwords[index]!, hash: hashes[index]! }]))

  const result = await prisma.$transaction(
    async (tx) => {
      // Decided again inside the transaction: someone may have signed up,
      // joined with the class code or answered an invitation since the plan
      // above was made.
      const decisions = await decide(tx, actor, cls.id, parsed.rows)
      const skipped = [...parsed.errors, ...refusedErrors(decisions)]
      for (const decision of decisions) {
        const { row } = decision
        if (decision.plan === 'create' && !credentials.has(row.login.value)) {
          // Planned as an existing account that has gone since: too rare to hash inside the lock.
          skipped.push({ line: row.line, message: `Dòng ${row.line}: tài khoản vừa thay đổi trong lúc nhập, hãy nhập lại tệp.` })
        }
      }
      // Checked before the first write, so returning leaves nothing behind.
      if (!validRowsOnly && skipped.length > 0) return { ok: false as const, error: 'invalid' as const, errors: byLine(skipped) }

      const slips: Slip[] = []
      const createdIds: string[] = []
      const newInvitations: { userId: string; displayName: string }[] = []
      const renewed: { id: string; userId: string; displayName: string }[] = []
      let invitedAlready = 0
      let declinedBefore = 0
      let alreadyMembers = 0
      for (const decision of decisions) {
        const { row } = decision
        if (decision.plan === 'already-member') alreadyMembers += 1
        else if (decision.plan === 'invited') invitedAlready += 1
        else if (decision.plan === 'declined') declinedBefore += 1
        else if (decision.plan === 'invite') {
          if (decision.invitation) renewed.push({ id: decision.invitation.id, userId: decision.userId!, displayName: row.name })
          else newInvitations.push({ userId: decision.userId!, displayName: row.name })
        } else if (decision.plan === 'create') {
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
          slips.push({ name: row.name, login: row.login.value, temporaryPassword: credential.password })
        }
      }
      // Only accounts this import created join at once: the trainer made
      // them for people who are in the room and hands them their slips.
      if (createdIds.length > 0) {
        await tx.classMember.createMany({ data: createdIds.map((userId) => ({ classId: cls.id, userId, source: 'import' })) })
      }
      const now = new Date()
      if (newInvitations.length > 0) {
        await tx.classInvitation.createMany({
          data: newInvitations.map((invitation) => ({ classId: cls.id, invitedById: actor.id, createdAt: now, ...invitation })),
        })
      }
      // Someone who accepted once and has left the class since is asked afresh.
      for (const invitation of renewed) {
        await tx.classInvitation.update({
          where: { id: invitation.id },
          data: { status: 'pending', invitedById: actor.id, displayName: invitation.displayName, createdAt: now, respondedAt: null },
        })
      }
      const invitedNow = [...newInvitations, ...renewed]
      // The invited person's history says who asked, as account creation does;
      // it is theirs to see in their data download.
      const audits = [
        ...createdIds.map((targetId) => ({
          actorId: actor.id,
          action: 'account.created-for-learner',
          targetId,
          details: JSON.stringify({ via: 'class-import', classId: cls.id }),
        })),
        ...invitedNow.map((invitation) => ({
          actorId: actor.id,
          action: 'class.invitation-sent',
          targetId: invitation.userId,
          details: JSON.stringify({ via: 'class-import', classId: cls.id }),
        })),
      ]
      if (audits.length > 0) await tx.auditLog.createMany({ data: audits })
      const counts: RosterImportCounts = {
        created: createdIds.length,
        invited: invitedNow.length + invitedAlready,
        declinedBefore,
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
