import { prisma } from '~/db.server'
import { generateToken, hashToken } from './tokens.server'

// Sessions the way the Lucia guide (lucia-auth.com) builds them: the cookie
// holds a random token, the database only its SHA-256, and the expiry slides
// forward once half of it has passed. See docs/decisions/006-sessions.md.
export const SESSION_COOKIE = 'hs_session'
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000

export type SessionRecord = { id: string; userId: string; expiresAt: Date }

export async function createSession(userId: string, now = new Date()) {
  const token = generateToken()
  const session = await prisma.session.create({
    data: { id: hashToken(token), userId, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) },
  })
  return { token, session }
}

// Pure rule, tested on its own: renew when less than half the lifetime is left.
export function shouldSlide(expiresAt: Date, now: Date): boolean {
  return expiresAt.getTime() - now.getTime() < SESSION_TTL_MS / 2
}

export async function validateSessionToken(token: string, now = new Date()) {
  const id = hashToken(token)
  // findFirst, not findUnique: Prisma sends findUnique calls through a
  // batching loader that costs ~200 µs more per call when, as on a server,
  // each request makes its one call in its own turn of the event loop.
  const session = await prisma.session.findFirst({ where: { id }, include: { user: true } })
  if (!session) return null
  if (session.expiresAt <= now) {
    await prisma.session.deleteMany({ where: { id } })
    return null
  }
  let expiresAt = session.expiresAt
  if (shouldSlide(session.expiresAt, now)) {
    expiresAt = new Date(now.getTime() + SESSION_TTL_MS)
    await prisma.session.update({ where: { id }, data: { expiresAt } })
  }
  return { session: { id, userId: session.userId, expiresAt }, user: session.user, renewed: expiresAt !== session.expiresAt }
}

// Who a session belongs to, for endpoints that need nothing else of the
// account (the progress API, called for every lesson opened): one query
// instead of the two of validateSessionToken. The answer is the same: null
// for an unknown or expired session or a deleted account; a session due to
// slide, or one that must be cleaned up, goes through the full check.
export async function validateSessionUserId(token: string, now = new Date()): Promise<string | null> {
  const session = await prisma.session.findFirst({
    where: { id: hashToken(token), expiresAt: { gt: now }, user: { deletedAt: null } },
    select: { userId: true, expiresAt: true },
  })
  if (session && !shouldSlide(session.expiresAt, now)) return session.userId
  const full = await validateSessionToken(token, now)
  return full && !full.user.deletedAt ? full.user.id : null
}

export async function invalidateSession(sessionId: string) {
  await prisma.session.deleteMany({ where: { id: sessionId } })
}

export async function invalidateUserSessions(userId: string, { except }: { except?: string } = {}) {
  await prisma.session.deleteMany({ where: { userId, ...(except ? { id: { not: except } } : {}) } })
}

// HttpOnly keeps scripts away from the token; SameSite=Lax stops cross-site
// POSTs from carrying it (the Origin check in server/security.ts covers the
// rest); Secure whenever the site is served over HTTPS.
export function sessionCookie(token: string, expiresAt: Date, { secure }: { secure: boolean }): string {
  const parts = [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Expires=${expiresAt.toUTCString()}`,
  ]
  if (secure) parts.push('Secure')
  return parts.join('; ')
}

export function blankSessionCookie({ secure }: { secure: boolean }): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`
}

export function readSessionToken(request: Request): string | null {
  const header = request.headers.get('Cookie')
  if (!header) return null
  for (const part of header.split(';')) {
    const [key, value] = part.trim().split('=')
    if (key === SESSION_COOKIE && value && /^[a-z2-7]{32}$/.test(value)) return value
  }
  return null
}
