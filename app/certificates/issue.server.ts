import { type Certificate, Prisma, type User } from '#generated/prisma/client'
import { type Actor, canManageUser, hasPermission } from '~/auth/permissions'
import { getCatalog, getCourse } from '~/content/catalog.server'
import { prisma } from '~/db.server'
import { siteUrl } from '~/env.server'
import { generateCode } from './code'
import { signingKeys } from './keys.server'
import { buildPayload, parsePayload } from './payload'
import { signPayload } from './sign'

// Issuing, listing, revoking and re-issuing. A learner has at most one live
// certificate per course: the first is serial 1 and the unique
// (userId, courseSlug, serial) makes a second insert fail, so concurrent
// completions, retries and double clicks all end with the same row.

type HolderRow = User & { organization: { name: string } | null }

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002'
}

function signedFor(holder: HolderRow, courseSlug: string, serial: number, code: string, issuedAt: Date) {
  const course = getCourse(courseSlug)
  if (!course) throw new Error(`unknown course ${courseSlug}`)
  const payload = buildPayload({
    code,
    serial,
    issuedAt,
    siteUrl: siteUrl(),
    holder: { name: holder.name, kind: holder.kind, agency: holder.agency, position: holder.position, organizationName: holder.organization?.name ?? null },
    // A catalog built before per-course versions existed falls back to the catalog's.
    course: { slug: course.slug, title: course.title, version: course.version ?? getCatalog().version },
  })
  return signPayload(payload, signingKeys().ed25519)
}

function certificateData(holder: HolderRow, courseSlug: string, serial: number, issuedAt: Date) {
  const code = generateCode()
  const signed = signedFor(holder, courseSlug, serial, code, issuedAt)
  return { code, userId: holder.id, courseSlug, serial, payload: signed.payload, signature: signed.signature, keyId: signed.kid, issuedAt }
}

async function latestFor(userId: string, courseSlug: string) {
  return prisma.certificate.findFirst({ where: { userId, courseSlug }, orderBy: { serial: 'desc' } })
}

// Issues the course's certificate if the course grants one, the learner has
// completed it and has none yet; otherwise returns what exists (a revoked one
// included: revoking is deliberate and is not undone by the next event) or null.
export async function issueCertificate(userId: string, courseSlug: string, now = new Date()): Promise<Certificate | null> {
  const course = getCourse(courseSlug)
  if (!course?.certificate) return null
  const existing = await latestFor(userId, courseSlug)
  if (existing) return existing
  const [holder, progress] = await Promise.all([
    prisma.user.findUnique({ where: { id: userId }, include: { organization: { select: { name: true } } } }),
    prisma.courseProgress.findUnique({ where: { userId_courseSlug: { userId, courseSlug } }, select: { completedAt: true } }),
  ])
  if (!holder || holder.deletedAt || !progress?.completedAt) return null
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const data = certificateData(holder, courseSlug, 1, now)
    try {
      const [created] = await prisma.$transaction([
        prisma.certificate.create({ data }),
        prisma.auditLog.create({ data: { actorId: null, action: 'certificate.issue', targetId: userId, details: JSON.stringify({ code: data.code, course: courseSlug }) } }),
      ])
      return created
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
      // Either someone else issued it first (return theirs) or the random
      // code was taken (try another).
      const winner = await latestFor(userId, courseSlug)
      if (winner) return winner
    }
  }
  throw new Error('could not find a free certificate code in 5 attempts')
}

/**
 * The holder's certificates for their dashboard, healing on the way: the
 * page already knows which courses are complete, so the usual case costs
 * one query and issuing happens only when one is missing.
 */
export async function certificatesForDashboard(userId: string, completedSlugs: readonly string[]): Promise<CertificateSummary[]> {
  const listed = await listCertificates(userId)
  const have = new Set(listed.map((row) => row.courseSlug))
  const missing = completedSlugs.filter((slug) => !have.has(slug) && getCourse(slug)?.certificate)
  if (!missing.length) return listed
  for (const slug of missing) await issueCertificate(userId, slug)
  return listCertificates(userId)
}

export type CertificateSummary = {
  code: string
  courseSlug: string
  courseTitle: string
  holderName: string
  issuedOn: string
  revokedAt: string | null
  revokedReason: string | null
}

function summary(row: Certificate): CertificateSummary {
  const payload = parsePayload(JSON.parse(row.payload))
  return {
    code: row.code,
    courseSlug: row.courseSlug,
    courseTitle: payload?.course.title ?? row.courseSlug,
    holderName: payload?.holder.name ?? '',
    issuedOn: payload?.issuedOn ?? row.issuedAt.toISOString().slice(0, 10),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    revokedReason: row.revokedReason,
  }
}

// The holder's certificates, newest first; replaced ones are left out
// (their successor is listed), revoked ones are shown as revoked.
export async function listCertificates(userId: string): Promise<CertificateSummary[]> {
  const rows = await prisma.certificate.findMany({ where: { userId, replacedById: null }, orderBy: [{ issuedAt: 'desc' }, { serial: 'desc' }] })
  return rows.map(summary)
}

/**
 * Current certificates of many holders (a class), for trainers' lists and
 * archives; `courseSlugs` narrows them to those courses (a class's assigned
 * ones), none when empty.
 */
export async function certificatesOfUsers(userIds: readonly string[], courseSlugs?: readonly string[]): Promise<(CertificateSummary & { userId: string })[]> {
  if (!userIds.length || courseSlugs?.length === 0) return []
  const inCourses = courseSlugs ? { courseSlug: { in: [...courseSlugs] } } : {}
  const rows = await prisma.certificate.findMany({ where: { userId: { in: [...userIds] }, replacedById: null, ...inCourses }, orderBy: [{ issuedAt: 'asc' }] })
  return rows.map((row) => ({ ...summary(row), userId: row.userId }))
}

/** How many valid certificates these holders have (in `courseSlugs` only, when given). */
export function countCertificates(userIds: readonly string[], courseSlugs?: readonly string[]): Promise<number> {
  if (!userIds.length || courseSlugs?.length === 0) return Promise.resolve(0)
  const inCourses = courseSlugs ? { courseSlug: { in: [...courseSlugs] } } : {}
  return prisma.certificate.count({ where: { userId: { in: [...userIds] }, replacedById: null, revokedAt: null, ...inCourses } })
}

// Only the holder's own certificate; anyone else gets null (a 404 page).
export async function getOwnCertificate(userId: string, code: string): Promise<(CertificateSummary & { row: Certificate }) | null> {
  const row = await prisma.certificate.findUnique({ where: { code } })
  if (!row || row.userId !== userId) return null
  return { ...summary(row), row }
}

// ——— Administration ———

export type AdminCertificateRow = CertificateSummary & { currentName: string; replaced: boolean }
export type AdminResult =
  | { ok: true; code: string; newCode?: string }
  | { ok: false; error: 'not-found' | 'already-revoked' | 'already-replaced' | 'holder-deleted' }

function visibleWhere(actor: Actor): Prisma.CertificateWhereInput {
  if (actor.role === 'ADMIN') return {}
  if (actor.role === 'ORG_ADMIN') return { user: { organizationId: { in: [...actor.organizationScope] }, role: { in: ['LEARNER', 'TRAINER'] }, id: { not: actor.id } } }
  return { id: '__none__' }
}

function mayAct(actor: Actor, holder: User): boolean {
  if (!hasPermission(actor.role, 'certificate:revoke')) return false
  return canManageUser(actor, { id: holder.id, role: holder.role, organizationId: holder.organizationId, createdById: holder.createdById })
}

// By code (typed any way parseCode accepts) or by the holder's name.
export async function findCertificates(actor: Actor, query: { code?: string; name?: string }): Promise<AdminCertificateRow[]> {
  const where: Prisma.CertificateWhereInput = { AND: [visibleWhere(actor), query.code ? { code: query.code } : query.name ? { user: { name: { contains: query.name } } } : {}] }
  const rows = await prisma.certificate.findMany({ where, include: { user: { select: { name: true } } }, orderBy: { issuedAt: 'desc' }, take: 50 })
  return rows.map((row) => ({ ...summary(row), currentName: row.user.name, replaced: row.replacedById !== null }))
}

async function loadForAction(actor: Actor, code: string) {
  const row = await prisma.certificate.findUnique({ where: { code }, include: { user: { include: { organization: { select: { name: true } } } } } })
  if (!row || !mayAct(actor, row.user)) return null
  return row
}

export async function revokeCertificate(actor: Actor, code: string, reason: string, now = new Date()): Promise<AdminResult> {
  const row = await loadForAction(actor, code)
  if (!row) return { ok: false, error: 'not-found' }
  if (row.revokedAt) return { ok: false, error: 'already-revoked' }
  const done = await prisma.$transaction(async (tx) => {
    // Conditional, so two admins revoking at once write one reason.
    const { count } = await tx.certificate.updateMany({ where: { id: row.id, revokedAt: null }, data: { revokedAt: now, revokedReason: reason } })
    if (!count) return false
    await tx.auditLog.create({ data: { actorId: actor.id, action: 'certificate.revoke', targetId: row.userId, details: JSON.stringify({ code, reason }) } })
    return true
  })
  return done ? { ok: true, code } : { ok: false, error: 'already-revoked' }
}

// After a correction (usually the holder's name, made on the user page): the
// old certificate is revoked with the reason, a new one with the next serial
// and a new code records the holder as they are now.
export async function reissueCertificate(actor: Actor, code: string, reason: string, now = new Date()): Promise<AdminResult> {
  const row = await loadForAction(actor, code)
  if (!row) return { ok: false, error: 'not-found' }
  if (row.replacedById) return { ok: false, error: 'already-replaced' }
  if (row.user.deletedAt) return { ok: false, error: 'holder-deleted' }
  for (let attempt = 0; attempt < 5; attempt += 1) {
    try {
      return await prisma.$transaction(async (tx) => {
        const last = await tx.certificate.findFirst({ where: { userId: row.userId, courseSlug: row.courseSlug }, orderBy: { serial: 'desc' }, select: { serial: true } })
        const data = certificateData(row.user, row.courseSlug, (last?.serial ?? row.serial) + 1, now)
        const created = await tx.certificate.create({ data })
        const { count } = await tx.certificate.updateMany({
          where: { id: row.id, replacedById: null },
          data: { replacedById: created.id, revokedAt: row.revokedAt ?? now, revokedReason: row.revokedReason ?? reason },
        })
        if (!count) throw new AlreadyReplaced()
        await tx.auditLog.create({
          data: { actorId: actor.id, action: 'certificate.reissue', targetId: row.userId, details: JSON.stringify({ code, newCode: created.code, reason }) },
        })
        return { ok: true as const, code, newCode: created.code }
      })
    } catch (error) {
      if (error instanceof AlreadyReplaced) return { ok: false, error: 'already-replaced' }
      if (!isUniqueViolation(error)) throw error
    }
  }
  return { ok: false, error: 'already-replaced' }
}

class AlreadyReplaced extends Error {}
