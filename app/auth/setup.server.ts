import { prisma } from '~/db.server'
import { parseLoginIdentifier } from '~/lib/login-identifier'
import { hashPassword } from './password.server'
import { generateToken, hashToken } from './tokens.server'

const SETUP_TOKEN_TTL_MS = 24 * 60 * 60 * 1000

export type NewAdmin = { name: string; login: string; password: string }

export type CreateAdminResult =
  | { ok: true; userId: string }
  | { ok: false; reason: 'invalid-token' | 'login-taken' | 'login-invalid' }

export async function hasAdmin(): Promise<boolean> {
  return (await prisma.user.count({ where: { role: 'ADMIN' } })) > 0
}

// Called at server start: while no administrator exists, a fresh one-time
// link replaces any earlier one, so a link seen in an old log is worthless.
export async function issueSetupToken(now = new Date()): Promise<string | null> {
  if (await hasAdmin()) return null
  const token = generateToken()
  await prisma.$transaction([
    prisma.setupToken.deleteMany({}),
    prisma.setupToken.create({
      data: { tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + SETUP_TOKEN_TTL_MS) },
    }),
  ])
  return token
}

export async function isSetupTokenValid(token: string, now = new Date()): Promise<boolean> {
  const row = await prisma.setupToken.findUnique({ where: { tokenHash: hashToken(token) } })
  if (!row || row.expiresAt <= now) return false
  return !(await hasAdmin())
}

export async function createFirstAdmin(
  token: string,
  input: NewAdmin,
  now = new Date(),
): Promise<CreateAdminResult> {
  if (!(await isSetupTokenValid(token, now))) return { ok: false, reason: 'invalid-token' }
  return createAdmin(input, { via: 'setup-link', setupTokenHash: hashToken(token), now })
}

// Shared by the setup link and `npm run admin:create`.
export async function createAdmin(
  input: NewAdmin,
  {
    via,
    setupTokenHash,
    now = new Date(),
  }: { via: 'setup-link' | 'cli'; setupTokenHash?: string; now?: Date },
): Promise<CreateAdminResult> {
  const login = parseLoginIdentifier(input.login)
  if (!login) return { ok: false, reason: 'login-invalid' }
  const passwordHash = await hashPassword(input.password)
  return prisma.$transaction(async (tx) => {
    // Checked again inside the transaction: two people opening the same link
    // at once must not both become the first administrator.
    if (setupTokenHash) {
      const row = await tx.setupToken.findUnique({ where: { tokenHash: setupTokenHash } })
      const admins = await tx.user.count({ where: { role: 'ADMIN' } })
      if (!row || row.expiresAt <= now || admins > 0) {
        return { ok: false as const, reason: 'invalid-token' as const }
      }
    }
    const taken = await tx.user.findFirst({
      where: login.type === 'phone' ? { phone: login.value } : { email: login.value },
      select: { id: true },
    })
    if (taken) return { ok: false as const, reason: 'login-taken' as const }
    const user = await tx.user.create({
      data: {
        name: input.name,
        role: 'ADMIN',
        [login.type]: login.value,
        password: { create: { hash: passwordHash } },
      },
    })
    await tx.auditLog.create({
      data: { actorId: user.id, action: 'admin.created', targetId: user.id, details: JSON.stringify({ via }) },
    })
    await tx.setupToken.deleteMany({})
    return { ok: true as const, userId: user.id }
  })
}
