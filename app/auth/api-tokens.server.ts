import { prisma } from '~/db.server'
import { generateToken, hashToken } from './tokens.server'

// Tokens for machines, such as a government Learning Record Store pulling
// learning records. Like session tokens (ADR 006): 20+ random bytes, only
// the SHA-256 is stored, the token itself is shown once to the administrator.

// The xAPI scope name for "read any statement".
export const STATEMENTS_READ = 'statements/read'

// A prefix says what a leaked string is (and lets secret scanners find it);
// the 24 random bytes after it carry the strength.
const TOKEN_PREFIX = 'hocso_'
const TOKEN_BYTES = 24

// lastUsedAt is for people ("is the LRS still pulling?"); writing it on every
// request of a busy pull would cost a database write per page.
const LAST_USED_RESOLUTION_MS = 60_000

export type ApiTokenRow = {
  id: string
  name: string
  scope: string
  createdAt: Date
  createdByName: string | null
  lastUsedAt: Date | null
  revokedAt: Date | null
}

export async function createApiToken(actorId: string, name: string, scope = STATEMENTS_READ): Promise<{ id: string; name: string; token: string }> {
  const token = `${TOKEN_PREFIX}${generateToken(TOKEN_BYTES)}`
  const created = await prisma.$transaction(async (tx) => {
    const row = await tx.apiToken.create({ data: { name, scope, tokenHash: hashToken(token), createdById: actorId } })
    await tx.auditLog.create({ data: { actorId, action: 'api-token.created', targetId: row.id, details: JSON.stringify({ name, scope }) } })
    return row
  })
  return { id: created.id, name: created.name, token }
}

export async function listApiTokens(): Promise<ApiTokenRow[]> {
  const rows = await prisma.apiToken.findMany({
    orderBy: [{ revokedAt: { sort: 'asc', nulls: 'first' } }, { createdAt: 'desc' }],
    include: { createdBy: { select: { name: true } } },
  })
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    scope: row.scope,
    createdAt: row.createdAt,
    // A deleted account keeps its row with a blank name.
    createdByName: row.createdBy?.name || null,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  }))
}

export type RevokeResult = { ok: true; name: string } | { ok: false; error: 'not-found' | 'already-revoked' }

export async function revokeApiToken(actorId: string, tokenId: string): Promise<RevokeResult> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.apiToken.findUnique({ where: { id: tokenId } })
    if (!row) return { ok: false as const, error: 'not-found' as const }
    if (row.revokedAt) return { ok: false as const, error: 'already-revoked' as const }
    await tx.apiToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } })
    await tx.auditLog.create({ data: { actorId, action: 'api-token.revoked', targetId: row.id, details: JSON.stringify({ name: row.name }) } })
    return { ok: true as const, name: row.name }
  })
}

export type VerifyResult =
  | { ok: true; tokenId: string; name: string }
  | { ok: false; error: 'missing' | 'invalid' | 'revoked' | 'scope' }

export async function verifyApiToken(token: string | null, scope: string, now = new Date()): Promise<VerifyResult> {
  if (!token) return { ok: false, error: 'missing' }
  const row = await prisma.apiToken.findUnique({ where: { tokenHash: hashToken(token) } })
  if (!row) return { ok: false, error: 'invalid' }
  if (row.revokedAt) return { ok: false, error: 'revoked' }
  if (!row.scope.split(/\s+/).includes(scope)) return { ok: false, error: 'scope' }
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    // Conditional, so concurrent requests in the same minute write once.
    await prisma.apiToken.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }] },
      data: { lastUsedAt: now },
    })
  }
  return { ok: true, tokenId: row.id, name: row.name }
}

// The token from "Authorization: Bearer <token>" or HTTP Basic, which is what
// LRS software sends: any user name, the token as password (or, from tools
// that only have one field, as the user name with an empty password).
export function readApiToken(request: Request): string | null {
  const header = request.headers.get('Authorization')?.trim()
  if (!header) return null
  const [scheme = '', ...rest] = header.split(/\s+/)
  const value = rest.join(' ')
  if (!value) return null
  if (scheme.toLowerCase() === 'bearer') return value
  if (scheme.toLowerCase() !== 'basic') return null
  let decoded: string
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(value), (char) => char.charCodeAt(0)))
  } catch {
    return null
  }
  const colon = decoded.indexOf(':')
  if (colon < 0) return null
  const user = decoded.slice(0, colon)
  const password = decoded.slice(colon + 1)
  return password || user || null
}

export async function authenticateApiRequest(request: Request, scope: string): Promise<VerifyResult> {
  return verifyApiToken(readApiToken(request), scope)
}
