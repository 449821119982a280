import { type Prisma, type User, type UserKind } from '#generated/prisma/client'
import { prisma } from '~/db.server'
import { type LoginIdentifier, parseLoginIdentifier } from '~/lib/login-identifier'
import { type Preferences } from '~/lib/preferences'
import { hashPassword, verifyPassword } from './password.server'
import { canSetOrganization } from './permissions'
import { type PasswordProblem, passwordProblem } from './password-policy.server'
import { createSession, invalidateUserSessions } from './session.server'
import { hitRateLimit, peekCounter } from './rate-limit.server'
import { ACCOUNT_PROBE_LIMITS, ACCOUNT_PROBE_WINDOW_MS } from './throttle'
import { claimLoginAttempt, loginLockout, loginSucceeded } from './throttle.server'

// A real argon2id hash to verify against when the account does not exist, so
// a wrong login takes as long as a wrong password and reveals nothing.
let dummyHash: Promise<string> | undefined
function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomUUID())
  return dummyHash
}

export type ProfileInput = {
  name: string
  kind: UserKind
  agency?: string
  position?: string
  organizationId?: string
}

export function loginWhere(login: LoginIdentifier): Prisma.UserWhereUniqueInput {
  return login.type === 'phone' ? { phone: login.value } : { email: login.value }
}

async function organizationExists(id: string | undefined): Promise<boolean> {
  if (!id) return true
  return (await prisma.organization.count({ where: { id } })) > 0
}

// Agency and position only mean something for civil servants; a resident's
// account never keeps stale ones.
function profileData(input: ProfileInput) {
  const civil = input.kind === 'CIVIL_SERVANT'
  return {
    name: input.name,
    kind: input.kind,
    agency: civil ? (input.agency ?? null) : null,
    position: civil ? (input.position ?? null) : null,
    organizationId: input.organizationId ?? null,
  }
}

export type SignUpResult =
  | { ok: true; user: User; token: string; expiresAt: Date }
  | { ok: false; field: 'login'; error: 'validation.loginInvalid' | 'signup.loginUnavailable' }
  | { ok: false; field: 'password'; error: PasswordProblem }
  | { ok: false; field: 'organizationId'; error: 'validation.organizationUnknown' }
  | { ok: false; error: 'throttled'; waitSeconds: number }

const probeWindow = { windowMs: ACCOUNT_PROBE_WINDOW_MS }

// Whether a login is taken is asked only within the rations of throttle.ts;
// past them the answer is "wait", whatever the truth, before any lookup.
async function signupProbeWait(login: string, ip: string | null, now: number): Promise<number> {
  const checks = [hitRateLimit(`signup-login:${login}`, { ...probeWindow, limit: ACCOUNT_PROBE_LIMITS.perLogin }, now)]
  if (ip) checks.push(hitRateLimit(`signup-ip:${ip}`, { ...probeWindow, limit: ACCOUNT_PROBE_LIMITS.signupPerIp }, now))
  const waits = (await Promise.all(checks)).map((limit) => limit.retryAfterSec)
  if (ip) {
    const taken = await peekCounter(`signup-taken-ip:${ip}`, ACCOUNT_PROBE_WINDOW_MS, now)
    if (taken && taken.count >= ACCOUNT_PROBE_LIMITS.takenPerIp) waits.push(Math.max(1, Math.ceil((taken.windowStartMs + ACCOUNT_PROBE_WINDOW_MS - now) / 1000)))
  }
  return Math.max(0, ...waits)
}

export async function signUp(
  input: ProfileInput & { login: string; password: string },
  { ip = null, now = new Date(), preferences }: { ip?: string | null; now?: Date; preferences?: Preferences } = {},
): Promise<SignUpResult> {
  const login = parseLoginIdentifier(input.login)
  if (!login) return { ok: false, field: 'login', error: 'validation.loginInvalid' }
  const problem = passwordProblem(input.password, login.value)
  if (problem) return { ok: false, field: 'password', error: problem }
  if (!(await organizationExists(input.organizationId))) {
    return { ok: false, field: 'organizationId', error: 'validation.organizationUnknown' }
  }
  const waitSeconds = await signupProbeWait(login.value, ip, now.getTime())
  if (waitSeconds > 0) return { ok: false, error: 'throttled', waitSeconds }
  const hash = await hashPassword(input.password)
  const user = await prisma.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: loginWhere(login), select: { id: true } })) return null
    const created = await tx.user.create({
      // The display choices made before signing up (the preferences cookie)
      // go with the account, so another device starts with them.
      data: {
        ...profileData(input),
        [login.type]: login.value,
        password: { create: { hash } },
        ...(preferences ? { locale: preferences.locale, textSize: preferences.textSize, contrast: preferences.contrast } : {}),
      },
    })
    await tx.auditLog.create({ data: { actorId: created.id, action: 'account.signed-up', targetId: created.id } })
    return created
  })
  if (!user) {
    if (ip) await hitRateLimit(`signup-taken-ip:${ip}`, { ...probeWindow, limit: ACCOUNT_PROBE_LIMITS.takenPerIp }, now.getTime())
    return { ok: false, field: 'login', error: 'signup.loginUnavailable' }
  }
  const { token, session } = await createSession(user.id)
  return { ok: true, user, token, expiresAt: session.expiresAt }
}

export type LogInResult =
  | { ok: true; user: User; token: string; expiresAt: Date }
  | { ok: false; error: 'invalid' }
  | { ok: false; error: 'throttled'; waitSeconds: number }

export async function logIn(
  { login: rawLogin, password }: { login: string; password: string },
  { ip, now = new Date() }: { ip: string | null; now?: Date },
): Promise<LogInResult> {
  const login = parseLoginIdentifier(rawLogin)
  // Unparseable logins are throttled under what was typed, so guessing with
  // variations is still counted.
  const key = login?.value ?? rawLogin.trim().toLowerCase().slice(0, 254)
  const keys = { login: key, ip }
  const waitSeconds = (await loginLockout(keys, now)) || (await claimLoginAttempt(keys, now))
  if (waitSeconds > 0) return { ok: false, error: 'throttled', waitSeconds }

  const user = login
    ? await prisma.user.findUnique({ where: loginWhere(login), include: { password: true } })
    : null
  const valid = await verifyPassword(user?.password?.hash ?? (await getDummyHash()), password)
  const success = Boolean(user && user.password && !user.deletedAt && valid)
  if (!success || !user) return { ok: false, error: 'invalid' }
  await loginSucceeded(keys)

  const { password: _hash, ...plainUser } = user
  const { token, session } = await createSession(user.id, now)
  return { ok: true, user: plainUser, token, expiresAt: session.expiresAt }
}

export type ChangePasswordResult =
  | { ok: true }
  | { ok: false; field: 'currentPassword'; error: 'validation.passwordWrong' }
  | { ok: false; field: 'newPassword'; error: PasswordProblem | 'validation.passwordSame' }

// Every other session ends: if someone else knew the old password, they are out.
export async function changePassword(
  user: User,
  sessionId: string,
  { currentPassword, newPassword }: { currentPassword: string; newPassword: string },
): Promise<ChangePasswordResult> {
  const stored = await prisma.password.findUnique({ where: { userId: user.id } })
  if (!stored || !(await verifyPassword(stored.hash, currentPassword))) {
    return { ok: false, field: 'currentPassword', error: 'validation.passwordWrong' }
  }
  if (currentPassword === newPassword) return { ok: false, field: 'newPassword', error: 'validation.passwordSame' }
  const problem = passwordProblem(newPassword, user.phone ?? user.email ?? undefined)
  if (problem) return { ok: false, field: 'newPassword', error: problem }
  const hash = await hashPassword(newPassword)
  await prisma.$transaction([
    prisma.password.update({ where: { userId: user.id }, data: { hash } }),
    prisma.user.update({ where: { id: user.id }, data: { mustChangePassword: false } }),
    prisma.session.deleteMany({ where: { userId: user.id, id: { not: sessionId } } }),
    prisma.auditLog.create({ data: { actorId: user.id, action: 'account.password-changed', targetId: user.id } }),
  ])
  return { ok: true }
}

export type UpdateProfileResult =
  | { ok: true }
  | { ok: false; field: 'login'; error: 'validation.loginInvalid' | 'validation.loginTaken' }
  | { ok: false; field: 'organizationId'; error: 'validation.organizationUnknown' | 'account.organizationLocked' }
  | { ok: false; error: 'throttled'; waitSeconds: number }

/** Whether the holder may choose their own organisation on the profile (see canSetOrganization). */
export function choosesOwnOrganization(user: Pick<User, 'id' | 'role' | 'organizationId' | 'createdById'>): boolean {
  return canSetOrganization({ id: user.id, role: user.role, organizationScope: [] }, user, null)
}

export async function updateProfile(
  user: User,
  input: ProfileInput & { login: string; locale: 'vi' | 'en'; textSize: 'normal' | 'large' },
  { now = new Date() }: { now?: Date } = {},
): Promise<UpdateProfileResult> {
  const login = parseLoginIdentifier(input.login)
  if (!login) return { ok: false, field: 'login', error: 'validation.loginInvalid' }
  // Staff do not see the choice; a value posted anyway that differs from
  // their unit is refused, never quietly applied or dropped.
  const chooses = choosesOwnOrganization(user)
  if (!chooses && input.organizationId !== undefined && input.organizationId !== user.organizationId) {
    return { ok: false, field: 'organizationId', error: 'account.organizationLocked' }
  }
  const organizationId = chooses ? (input.organizationId ?? null) : user.organizationId
  if (!(await organizationExists(organizationId ?? undefined))) {
    return { ok: false, field: 'organizationId', error: 'validation.organizationUnknown' }
  }
  const current = user.phone ?? user.email
  if (login.value !== current) {
    // Trying other people's numbers here is the same probe as at sign-up.
    const limit = await hitRateLimit(`profile-login:${user.id}`, { ...probeWindow, limit: ACCOUNT_PROBE_LIMITS.takenPerAccount }, now.getTime())
    if (!limit.allowed) return { ok: false, error: 'throttled', waitSeconds: limit.retryAfterSec }
    const owner = await prisma.user.findUnique({ where: loginWhere(login), select: { id: true } })
    if (owner && owner.id !== user.id) return { ok: false, field: 'login', error: 'validation.loginTaken' }
  }
  // The login is one identifier: switching from phone to email drops the phone.
  const loginData = login.type === 'phone' ? { phone: login.value, email: null } : { email: login.value, phone: null }
  const moved = organizationId !== user.organizationId
  await prisma.$transaction([
    prisma.user.update({
      where: { id: user.id },
      data: { ...profileData({ ...input, organizationId: organizationId ?? undefined }), ...loginData, locale: input.locale, textSize: input.textSize },
    }),
    prisma.auditLog.create({ data: { actorId: user.id, action: 'account.profile-updated', targetId: user.id } }),
    ...(moved
      ? [
          prisma.auditLog.create({
            data: { actorId: user.id, action: 'user.organization-changed', targetId: user.id, details: JSON.stringify({ from: user.organizationId, to: organizationId }) },
          }),
        ]
      : []),
  ])
  return { ok: true }
}

export async function signOutEverywhere(userId: string) {
  await invalidateUserSessions(userId)
}

// Everything the platform holds about a person, as the data-protection law
// gives them the right to obtain. Secrets (password hash, session ids) are
// not personal data the holder can use and are left out.
export async function exportMyData(userId: string, extra: Record<string, unknown> = {}) {
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: userId },
    include: {
      organization: { select: { code: true, name: true, kind: true } },
      sessions: { select: { createdAt: true, expiresAt: true } },
    },
  })
  const auditLog = await prisma.auditLog.findMany({
    where: { OR: [{ actorId: userId }, { targetId: userId }] },
    orderBy: { createdAt: 'asc' },
    select: { action: true, createdAt: true, details: true },
  })
  return {
    exportedAt: new Date().toISOString(),
    account: {
      name: user.name,
      phone: user.phone,
      email: user.email,
      kind: user.kind,
      agency: user.agency,
      position: user.position,
      organization: user.organization,
      role: user.role,
      locale: user.locale,
      textSize: user.textSize,
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
    },
    activeSessions: user.sessions,
    accountHistory: auditLog,
    ...extra,
  }
}

export type DeleteAccountResult = { ok: true } | { ok: false; error: 'validation.passwordWrong' | 'validation.lastAdmin' }

// Personal data goes; the row stays so learning records and certificates
// keep pointing at "a removed holder" and stay verifiable.
// `alsoErase` lets the features that keep records about the learner (their
// learning log) erase or anonymise them in the same transaction.
export async function deleteMyAccount(
  user: User,
  password: string,
  alsoErase: (userId: string) => Prisma.PrismaPromise<unknown>[] = () => [],
): Promise<DeleteAccountResult> {
  const stored = await prisma.password.findUnique({ where: { userId: user.id } })
  if (!stored || !(await verifyPassword(stored.hash, password))) return { ok: false, error: 'validation.passwordWrong' }
  if (user.role === 'ADMIN' && (await prisma.user.count({ where: { role: 'ADMIN', deletedAt: null } })) <= 1) {
    return { ok: false, error: 'validation.lastAdmin' }
  }
  await prisma.$transaction([
    prisma.user.update({
      where: { id: user.id },
      data: {
        name: '',
        phone: null,
        email: null,
        agency: null,
        position: null,
        organizationId: null,
        role: 'LEARNER',
        deletedAt: new Date(),
      },
    }),
    prisma.password.deleteMany({ where: { userId: user.id } }),
    prisma.session.deleteMany({ where: { userId: user.id } }),
    prisma.auditLog.create({ data: { actorId: null, action: 'account.deleted', targetId: user.id } }),
    ...alsoErase(user.id),
  ])
  return { ok: true }
}

// The preferences bar, used while signed in: the choice is kept with the
// account as well as in this device's cookie, so the next device has it.
export async function saveDisplayPreferences(userId: string, preferences: Preferences): Promise<void> {
  await prisma.user.updateMany({
    where: { id: userId, deletedAt: null },
    data: { locale: preferences.locale, textSize: preferences.textSize, contrast: preferences.contrast },
  })
}
