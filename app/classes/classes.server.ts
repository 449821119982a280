import { Prisma } from '#generated/prisma/client'
import { organizationsWithin } from '~/auth/organizations.server'
import { type Actor } from '~/auth/permissions'
import { getCatalog, getCourse } from '~/content/catalog.server'
import { prisma } from '~/db.server'
import { endOfVietnamDay, vietnamDay } from '~/lib/dates'
import { classAccessWhere } from './access'

// Classes: who may see which, and the writes trainers make. Every function
// takes the acting staff member and answers "not found" for a class outside
// their reach, so a guessed id never tells whether the class exists.

// Unambiguous when read off a poster or typed on a phone: no 0/O, 1/I/L, U/V.
const JOIN_ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ'
const JOIN_LENGTH = 6

export function generateJoinCode(): string {
  const bytes = new Uint8Array(JOIN_LENGTH)
  crypto.getRandomValues(bytes)
  return Array.from(bytes, (byte) => JOIN_ALPHABET[byte % JOIN_ALPHABET.length]).join('')
}

/** Forgiving: lower case, spaces and dashes as people type them from a poster. */
export function normalizeJoinCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '')
}

export async function findClass(actor: Actor, classId: string) {
  return prisma.class.findFirst({
    where: { AND: [{ id: classId }, classAccessWhere(actor)] },
    include: { organization: { select: { id: true, name: true } }, trainer: { select: { id: true, name: true } } },
  })
}

export type ClassRecord = NonNullable<Awaited<ReturnType<typeof findClass>>>

export async function listClasses(actor: Actor, { archived = false }: { archived?: boolean } = {}) {
  const classes = await prisma.class.findMany({
    where: { ...classAccessWhere(actor), archivedAt: archived ? { not: null } : null },
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      name: true,
      joinCode: true,
      organization: { select: { name: true } },
      trainer: { select: { name: true } },
      _count: { select: { members: true, assignments: true } },
    },
  })
  return classes.map((cls) => ({
    id: cls.id,
    name: cls.name,
    joinCode: cls.joinCode,
    organizationName: cls.organization.name,
    trainerName: cls.trainer.name,
    members: cls._count.members,
    assignments: cls._count.assignments,
  }))
}

/** Units a class may belong to: the actor's organisation and below; anywhere for an administrator. */
export function classOrganizations(actor: Actor): Promise<{ id: string; name: string }[]> {
  return organizationsWithin(actor)
}

function canUseOrganization(actor: Actor, organizationId: string): boolean {
  return actor.role === 'ADMIN' || actor.organizationScope.includes(organizationId)
}

export type ClassInput = { name: string; organizationId: string; scheduleNotes?: string }
export type SaveClassResult = { ok: true; id: string } | { ok: false; field: 'organizationId'; error: string } | { ok: false; notFound: true }

export async function createClass(actor: Actor, input: ClassInput): Promise<SaveClassResult> {
  if (!canUseOrganization(actor, input.organizationId)) return { ok: false, field: 'organizationId', error: 'validation.organizationOutOfScope' }
  const organization = await prisma.organization.findUnique({ where: { id: input.organizationId }, select: { id: true } })
  if (!organization) return { ok: false, field: 'organizationId', error: 'validation.organizationUnknown' }
  // Six characters from 29 give ~600 million codes; a clash is rare, so retry.
  for (let attempt = 0; ; attempt++) {
    try {
      const created = await prisma.$transaction(async (tx) => {
        const cls = await tx.class.create({
          data: { name: input.name, organizationId: input.organizationId, scheduleNotes: input.scheduleNotes ?? null, trainerId: actor.id, joinCode: generateJoinCode() },
        })
        await tx.auditLog.create({ data: { actorId: actor.id, action: 'class.create', targetId: cls.id, details: input.name } })
        return cls
      })
      return { ok: true, id: created.id }
    } catch (error) {
      if (attempt < 5 && error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') continue
      throw error
    }
  }
}

export async function updateClass(actor: Actor, classId: string, input: ClassInput): Promise<SaveClassResult> {
  const cls = await findClass(actor, classId)
  if (!cls) return { ok: false, notFound: true }
  if (input.organizationId !== cls.organizationId && !canUseOrganization(actor, input.organizationId)) {
    return { ok: false, field: 'organizationId', error: 'validation.organizationOutOfScope' }
  }
  await prisma.$transaction([
    prisma.class.update({ where: { id: cls.id }, data: { name: input.name, organizationId: input.organizationId, scheduleNotes: input.scheduleNotes ?? null } }),
    prisma.auditLog.create({ data: { actorId: actor.id, action: 'class.update', targetId: cls.id, details: input.name } }),
  ])
  return { ok: true, id: cls.id }
}

/**
 * An archived class leaves the lists and the learners' dashboards and its
 * code stops admitting anyone; its records, exports and certificates stay,
 * and it can be restored.
 */
export async function setArchived(actor: Actor, classId: string, archived: boolean): Promise<boolean> {
  const cls = await findClass(actor, classId)
  if (!cls) return false
  await prisma.$transaction([
    prisma.class.update({ where: { id: cls.id }, data: { archivedAt: archived ? new Date() : null } }),
    prisma.auditLog.create({ data: { actorId: actor.id, action: archived ? 'class.archive' : 'class.restore', targetId: cls.id, details: cls.name } }),
  ])
  return true
}

// ——— Membership ———

export async function classByJoinCode(code: string) {
  const joinCode = normalizeJoinCode(code)
  if (!/^[A-Z0-9]{4,12}$/.test(joinCode)) return null
  return prisma.class.findFirst({
    where: { joinCode, archivedAt: null },
    select: { id: true, name: true, joinCode: true, scheduleNotes: true, organization: { select: { name: true } }, trainer: { select: { name: true } } },
  })
}

export type JoinResult = { ok: true; classId: string; className: string; alreadyMember: boolean } | { ok: false; error: 'classes.codeUnknown' }

/**
 * A learner joins with the code from the poster or link; joining twice
 * changes nothing. Typing the code is consent, so it also answers "yes" to
 * an invitation to the same class, in the same transaction.
 */
export async function joinClass(userId: string, code: string, now = new Date()): Promise<JoinResult> {
  const cls = await classByJoinCode(code)
  if (!cls) return { ok: false, error: 'classes.codeUnknown' }
  try {
    const alreadyMember = await prisma.$transaction(async (tx) => {
      if (await tx.classMember.findUnique({ where: { classId_userId: { classId: cls.id, userId } }, select: { userId: true } })) return true
      await tx.classMember.create({ data: { classId: cls.id, userId, source: 'code' } })
      const invitation = await tx.classInvitation.findFirst({ where: { classId: cls.id, userId, status: { not: 'accepted' } }, select: { id: true } })
      if (invitation) {
        await tx.classInvitation.update({ where: { id: invitation.id }, data: { status: 'accepted', respondedAt: now } })
        await tx.auditLog.create({
          data: { actorId: userId, action: 'class.invitation-accepted', targetId: cls.id, details: JSON.stringify({ invitationId: invitation.id, via: 'code' }) },
        })
      }
      return false
    })
    return { ok: true, classId: cls.id, className: cls.name, alreadyMember }
  } catch (error) {
    // Two joins at once (a double tap): the other one made the membership.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      return { ok: true, classId: cls.id, className: cls.name, alreadyMember: true }
    }
    throw error
  }
}

const JOIN_PATH = /^\/vao-lop\/([A-Za-z0-9-]{4,20})$/

/**
 * Signing up or logging in from a class's join link joins the class in the
 * same step: the learner pressed "sign up to join class X", so asking again
 * on the next page would be a dead end for someone unsure what to press.
 */
export async function joinFromRedirect(userId: string, redirectTo: string | undefined | null): Promise<void> {
  const match = redirectTo ? JOIN_PATH.exec(redirectTo) : null
  if (match) await joinClass(userId, match[1]!)
}

export async function isClassMember(userId: string, classId: string): Promise<boolean> {
  return !!(await prisma.classMember.findUnique({ where: { classId_userId: { classId, userId } }, select: { userId: true } }))
}

export async function removeMember(actor: Actor, classId: string, userId: string): Promise<boolean> {
  const cls = await findClass(actor, classId)
  if (!cls) return false
  const removed = await prisma.$transaction(async (tx) => {
    const { count } = await tx.classMember.deleteMany({ where: { classId: cls.id, userId } })
    if (count) await tx.auditLog.create({ data: { actorId: actor.id, action: 'class.remove-member', targetId: cls.id, details: userId } })
    return count > 0
  })
  return removed
}

export async function myClasses(userId: string) {
  const rows = await prisma.classMember.findMany({
    where: { userId, class: { archivedAt: null } },
    orderBy: { joinedAt: 'desc' },
    select: { class: { select: { id: true, name: true, scheduleNotes: true, organization: { select: { name: true } }, trainer: { select: { name: true } } } } },
  })
  return rows.map((row) => row.class)
}

/** A learner leaves a class they joined; their learning records stay theirs. */
export async function leaveClass(userId: string, classId: string): Promise<void> {
  await prisma.classMember.deleteMany({ where: { classId, userId } })
}

// ——— Assignments ———

export type AssignmentTarget = { kind: 'course' | 'simulator'; targetId: string; title: string }

/** What can be assigned: every course and every simulator scenario in the catalog. */
export function assignableTargets(): AssignmentTarget[] {
  const catalog = getCatalog()
  return [
    ...catalog.courses.map((course) => ({ kind: 'course' as const, targetId: course.slug, title: course.title })),
    ...catalog.simulators.map((sim) => ({ kind: 'simulator' as const, targetId: sim.id, title: sim.title })),
  ]
}

export function targetTitle(kind: string, targetId: string): string {
  if (kind === 'course') return getCourse(targetId)?.title ?? targetId
  return getCatalog().simulators.find((sim) => sim.id === targetId)?.title ?? targetId
}

export type AssignResult = { ok: true } | { ok: false; notFound: true } | { ok: false; field: 'target' | 'dueDay'; error: string }

/** Adds an assignment, or changes the due date of the one already there. */
export async function assign(actor: Actor, classId: string, input: { target: string; dueDay: string }, now = new Date()): Promise<AssignResult> {
  const cls = await findClass(actor, classId)
  if (!cls) return { ok: false, notFound: true }
  const [kind, targetId] = input.target.split(':') as ['course' | 'simulator', string]
  if (!assignableTargets().some((target) => target.kind === kind && target.targetId === targetId)) {
    return { ok: false, field: 'target', error: 'classes.targetRequired' }
  }
  // A due date already past is allowed when changing one (to record a
  // deadline that was missed), but a new assignment due before today is a typo.
  const existing = await prisma.assignment.findUnique({ where: { classId_kind_targetId: { classId: cls.id, kind, targetId } } })
  if (!existing && input.dueDay < vietnamDay(now)) return { ok: false, field: 'dueDay', error: 'classes.duePast' }
  const dueAt = endOfVietnamDay(input.dueDay)
  await prisma.$transaction([
    prisma.assignment.upsert({
      where: { classId_kind_targetId: { classId: cls.id, kind, targetId } },
      create: { classId: cls.id, kind, targetId, dueAt },
      update: { dueAt },
    }),
    prisma.auditLog.create({
      data: { actorId: actor.id, action: existing ? 'class.assignment-change' : 'class.assign', targetId: cls.id, details: `${kind}:${targetId} ${input.dueDay}` },
    }),
  ])
  return { ok: true }
}

export async function unassign(actor: Actor, classId: string, assignmentId: string): Promise<boolean> {
  const cls = await findClass(actor, classId)
  if (!cls) return false
  return prisma.$transaction(async (tx) => {
    const removed = await tx.assignment.findFirst({ where: { id: assignmentId, classId: cls.id } })
    if (!removed) return false
    await tx.assignment.delete({ where: { id: removed.id } })
    await tx.auditLog.create({ data: { actorId: actor.id, action: 'class.unassign', targetId: cls.id, details: `${removed.kind}:${removed.targetId}` } })
    return true
  })
}

export async function classAssignments(classId: string) {
  const rows = await prisma.assignment.findMany({ where: { classId }, orderBy: [{ dueAt: 'asc' }, { createdAt: 'asc' }] })
  return rows.map((row) => ({ ...row, kind: row.kind as 'course' | 'simulator', title: targetTitle(row.kind, row.targetId), dueDay: vietnamDay(row.dueAt) }))
}

// ——— Attendance ———

export type AttendanceResult = { ok: true; present: number } | { ok: false; notFound: true }

/** Records one session's attendance; saving the same day again replaces it. */
export async function saveAttendance(
  actor: Actor,
  classId: string,
  input: { day: string; note?: string; present: string[] },
): Promise<AttendanceResult> {
  const cls = await findClass(actor, classId)
  if (!cls) return { ok: false, notFound: true }
  // Only members count: a forged id for someone outside the class is dropped.
  const members = await prisma.classMember.findMany({ where: { classId: cls.id, userId: { in: input.present } }, select: { userId: true } })
  await prisma.$transaction(async (tx) => {
    const session = await tx.attendanceSession.upsert({
      where: { classId_day: { classId: cls.id, day: input.day } },
      create: { classId: cls.id, day: input.day, note: input.note ?? null },
      update: { note: input.note ?? null },
    })
    await tx.attendanceRecord.deleteMany({ where: { sessionId: session.id } })
    if (members.length) await tx.attendanceRecord.createMany({ data: members.map((member) => ({ sessionId: session.id, userId: member.userId })) })
    await tx.auditLog.create({ data: { actorId: actor.id, action: 'class.attendance', targetId: cls.id, details: `${input.day}: ${members.length}` } })
  })
  return { ok: true, present: members.length }
}

export async function attendanceSessions(classId: string) {
  const sessions = await prisma.attendanceSession.findMany({
    where: { classId },
    orderBy: { day: 'asc' },
    select: { id: true, day: true, note: true, present: { select: { userId: true } } },
  })
  return sessions.map((session) => ({ id: session.id, day: session.day, note: session.note, present: session.present.map((row) => row.userId) }))
}

export async function deleteAttendance(actor: Actor, classId: string, day: string): Promise<boolean> {
  const cls = await findClass(actor, classId)
  if (!cls) return false
  const { count } = await prisma.attendanceSession.deleteMany({ where: { classId: cls.id, day } })
  if (count) await prisma.auditLog.create({ data: { actorId: actor.id, action: 'class.attendance-delete', targetId: cls.id, details: day } })
  return count > 0
}

export async function classMembers(classId: string) {
  const rows = await prisma.classMember.findMany({
    where: { classId, user: { deletedAt: null } },
    select: { joinedAt: true, source: true, user: { select: { id: true, name: true, phone: true, email: true, kind: true, agency: true, position: true } } },
  })
  const collator = new Intl.Collator('vi')
  return rows.map((row) => ({ ...row.user, joinedAt: row.joinedAt, source: row.source })).sort((a, b) => collator.compare(a.name, b.name))
}

/** A learner's own class records, for their data download. */
export async function classRecordsOf(userId: string) {
  const [memberships, attendance] = await Promise.all([
    prisma.classMember.findMany({
      where: { userId },
      select: {
        joinedAt: true,
        source: true,
        class: { select: { name: true, organization: { select: { name: true } }, trainer: { select: { name: true } }, assignments: { select: { kind: true, targetId: true, dueAt: true } } } },
      },
    }),
    prisma.attendanceRecord.findMany({ where: { userId }, select: { session: { select: { day: true, class: { select: { name: true } } } } } }),
  ])
  return {
    classes: memberships.map((row) => ({
      name: row.class.name,
      organization: row.class.organization.name,
      trainer: row.class.trainer.name,
      joinedAt: row.joinedAt,
      joinedBy: row.source,
      assignments: row.class.assignments.map((assignment) => ({ ...assignment, title: targetTitle(assignment.kind, assignment.targetId) })),
    })),
    attendance: attendance.map((row) => ({ class: row.session.class.name, day: row.session.day })),
  }
}
