import { type Prisma, type Role, type User, type UserKind } from '#generated/prisma/client'
import { prisma } from '~/db.server'
import { parseLoginIdentifier } from '~/lib/login-identifier'
import { loginWhere } from './accounts.server'
import { getOrganizationSubtreeIds } from './organizations.server'
import { hashPassword } from './password.server'
import { type Actor, assignableRoles, canManageUser, canSetOrganization } from './permissions'
import { countHit, peekCounter } from './rate-limit.server'
import { ACCOUNT_PROBE_LIMITS, ACCOUNT_PROBE_WINDOW_MS } from './throttle'

const PAGE_SIZE = 50
// No 0/o, 1/l/i: a temporary password is read off paper by people who may
// not see well, and typed on a phone keyboard.
const SLIP_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'

export function generateTemporaryPassword(): string {
  const bytes = new Uint8Array(8)
  crypto.getRandomValues(bytes)
  const chars = Array.from(bytes, (byte) => SLIP_ALPHABET[byte % SLIP_ALPHABET.length])
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`
}

export async function actorFor(user: User): Promise<Actor> {
  return {
    id: user.id,
    role: user.role,
    organizationScope: user.organizationId ? await getOrganizationSubtreeIds(user.organizationId) : [],
  }
}

// The users an actor may see in the management list: the same reach as
// canManageUser, written as a query.
function visibleUsersWhere(actor: Actor): Prisma.UserWhereInput {
  const alive: Prisma.UserWhereInput = { deletedAt: null, id: { not: actor.id } }
  if (actor.role === 'ADMIN') return alive
  const inScope: Prisma.UserWhereInput = { organizationId: { in: [...actor.organizationScope] } }
  if (actor.role === 'ORG_ADMIN') return { ...alive, ...inScope, role: { in: ['LEARNER', 'TRAINER'] } }
  if (actor.role === 'TRAINER') return { ...alive, role: 'LEARNER', OR: [{ createdById: actor.id }, inScope] }
  return { id: '__none__' }
}

export type ManagedUserRow = {
  id: string
  name: string
  phone: string | null
  email: string | null
  role: Role
  kind: UserKind
  organizationName: string | null
  mustChangePassword: boolean
  createdAt: Date
}

export async function listManagedUsers(actor: Actor, { query = '', page = 1, role }: { query?: string; page?: number; role?: Role | null }) {
  const text = query.trim()
  const phone = parseLoginIdentifier(text)
  const search: Prisma.UserWhereInput = text
    ? {
        OR: [
          { name: { contains: text } },
          { email: { contains: text.toLowerCase() } },
          ...(phone?.type === 'phone' ? [{ phone: phone.value }] : []),
        ],
      }
    : {}
  const where: Prisma.UserWhereInput = { AND: [visibleUsersWhere(actor), search, role ? { role } : {}] }
  const [total, users] = await prisma.$transaction([
    prisma.user.count({ where }),
    prisma.user.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      skip: (Math.max(1, page) - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      include: { organization: { select: { name: true } } },
    }),
  ])
  const rows: ManagedUserRow[] = users.map((user) => ({
    id: user.id,
    name: user.name,
    phone: user.phone,
    email: user.email,
    role: user.role,
    kind: user.kind,
    organizationName: user.organization?.name ?? null,
    mustChangePassword: user.mustChangePassword,
    createdAt: user.createdAt,
  }))
  return { rows, total, page: Math.max(1, page), pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) }
}

export type Slip = { name: string; login: string; temporaryPassword: string }

export type CreateForLearnerInput = {
  name: string
  login: string
  kind: UserKind
  agency?: string
  position?: string
  organizationId?: string
}

export type CreateForLearnerResult =
  | { ok: true; userId: string; slip: Slip }
  | { ok: false; field: 'login'; error: 'validation.loginInvalid' | 'validation.loginTaken' }
  | { ok: false; field: 'organizationId'; error: 'validation.organizationUnknown' | 'validation.organizationOutOfScope' }
  | { ok: false; error: 'throttled'; waitSeconds: number }

// For people who cannot sign up alone: the trainer types their details and
// hands them a printed slip; the learner must choose a password at first login.
export async function createAccountForLearner(actor: Actor, input: CreateForLearnerInput): Promise<CreateForLearnerResult> {
  const login = parseLoginIdentifier(input.login)
  if (!login) return { ok: false, field: 'login', error: 'validation.loginInvalid' }
  const organizationId = input.organizationId ?? actor.organizationScope[0]
  if (organizationId) {
    if (!(await prisma.organization.count({ where: { id: organizationId } }))) {
      return { ok: false, field: 'organizationId', error: 'validation.organizationUnknown' }
    }
    if (actor.role !== 'ADMIN' && !actor.organizationScope.includes(organizationId)) {
      return { ok: false, field: 'organizationId', error: 'validation.organizationOutOfScope' }
    }
  }
  // "Already has an account" is the answer an enumeration needs; staff get
  // more of them than strangers at sign-up, not an unlimited supply.
  const takenKey = `staff-taken:${actor.id}`
  const taken = await peekCounter(takenKey, ACCOUNT_PROBE_WINDOW_MS)
  if (taken && taken.count >= ACCOUNT_PROBE_LIMITS.takenPerStaff) {
    return { ok: false, error: 'throttled', waitSeconds: Math.max(1, Math.ceil((taken.windowStartMs + ACCOUNT_PROBE_WINDOW_MS - Date.now()) / 1000)) }
  }
  const temporaryPassword = generateTemporaryPassword()
  const hash = await hashPassword(temporaryPassword)
  const civil = input.kind === 'CIVIL_SERVANT'
  const created = await prisma.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: loginWhere(login), select: { id: true } })) return null
    const user = await tx.user.create({
      data: {
        name: input.name,
        [login.type]: login.value,
        kind: input.kind,
        agency: civil ? (input.agency ?? null) : null,
        position: civil ? (input.position ?? null) : null,
        organizationId: organizationId ?? null,
        createdById: actor.id,
        mustChangePassword: true,
        password: { create: { hash } },
      },
    })
    await tx.auditLog.create({ data: { actorId: actor.id, action: 'account.created-for-learner', targetId: user.id } })
    return user
  })
  if (!created) {
    await countHit(takenKey, ACCOUNT_PROBE_WINDOW_MS)
    return { ok: false, field: 'login', error: 'validation.loginTaken' }
  }
  return { ok: true, userId: created.id, slip: { name: created.name, login: login.value, temporaryPassword } }
}

/** The account if the actor looks after it, else null (never says whether it exists). */
export async function managedTarget(actor: Actor, targetId: string) {
  const target = await prisma.user.findUnique({ where: { id: targetId } })
  if (!target || target.deletedAt || !canManageUser(actor, target)) return null
  return target
}

export type ResetResult = { ok: true; slip: Slip } | { ok: false; error: 'not-found' }

export async function resetLearnerPassword(actor: Actor, targetId: string): Promise<ResetResult> {
  const target = await managedTarget(actor, targetId)
  if (!target) return { ok: false, error: 'not-found' }
  const temporaryPassword = generateTemporaryPassword()
  const hash = await hashPassword(temporaryPassword)
  await prisma.$transaction([
    prisma.password.upsert({ where: { userId: target.id }, create: { userId: target.id, hash }, update: { hash } }),
    prisma.user.update({ where: { id: target.id }, data: { mustChangePassword: true } }),
    prisma.session.deleteMany({ where: { userId: target.id } }),
    prisma.auditLog.create({ data: { actorId: actor.id, action: 'account.password-reset', targetId: target.id } }),
  ])
  return {
    ok: true,
    slip: { name: target.name, login: target.phone ?? target.email ?? '', temporaryPassword },
  }
}

export type ChangeRoleResult = { ok: true } | { ok: false; error: 'not-found' | 'role-not-allowed' | 'last-admin' }

export async function changeRole(actor: Actor, targetId: string, role: Role): Promise<ChangeRoleResult> {
  const target = await managedTarget(actor, targetId)
  if (!target) return { ok: false, error: 'not-found' }
  if (!assignableRoles(actor).includes(role)) return { ok: false, error: 'role-not-allowed' }
  if (target.role === role) return { ok: true }
  return prisma.$transaction(async (tx) => {
    if (target.role === 'ADMIN' && (await tx.user.count({ where: { role: 'ADMIN', deletedAt: null } })) <= 1) {
      return { ok: false as const, error: 'last-admin' as const }
    }
    await tx.user.update({ where: { id: target.id }, data: { role } })
    await tx.auditLog.create({
      data: {
        actorId: actor.id,
        action: 'user.role-changed',
        targetId: target.id,
        details: JSON.stringify({ from: target.role, to: role }),
      },
    })
    return { ok: true as const }
  })
}

export type ChangeOrganizationResult = { ok: true } | { ok: false; error: 'not-found' | 'organization-not-allowed' }

// Moving someone to another unit moves their reach (a trainer's learners, an
// organisation admin's subtree) and who looks after them, so the actor must
// already reach the person, their current unit and the new one.
export async function changeOrganization(actor: Actor, targetId: string, organizationId: string): Promise<ChangeOrganizationResult> {
  const target = await managedTarget(actor, targetId)
  if (!target) return { ok: false, error: 'not-found' }
  if (!canSetOrganization(actor, target, organizationId)) return { ok: false, error: 'organization-not-allowed' }
  if (!(await prisma.organization.count({ where: { id: organizationId } }))) return { ok: false, error: 'organization-not-allowed' }
  if (target.organizationId === organizationId) return { ok: true }
  await prisma.$transaction([
    prisma.user.update({ where: { id: target.id }, data: { organizationId } }),
    prisma.auditLog.create({
      data: {
        actorId: actor.id,
        action: 'user.organization-changed',
        targetId: target.id,
        details: JSON.stringify({ from: target.organizationId, to: organizationId }),
      },
    }),
  ])
  return { ok: true }
}

export async function getManagedUser(actor: Actor, targetId: string) {
  const target = await managedTarget(actor, targetId)
  if (!target) return null
  const history = await prisma.auditLog.findMany({
    where: { targetId: target.id },
    orderBy: { createdAt: 'desc' },
    take: 20,
    include: { actor: { select: { name: true } } },
  })
  return { user: target, history }
}
