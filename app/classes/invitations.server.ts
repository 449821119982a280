import { type Actor } from '~/auth/permissions'
import { prisma } from '~/db.server'
import { vietnamDay } from '~/lib/dates'
import { findClass, targetTitle } from './classes.server'

// Invitations (docs/classes.md, "Consent"): a trainer's import that names an
// existing account invites its holder instead of adding them. Being in a
// class shows one's progress to its trainer, so only the holder can say yes,
// here or by joining with the class code (joinClass). The trainer's side
// shows only the name they typed themselves (displayName), never the
// account's own name, role, organisation or learning.

export type InvitationStatus = 'pending' | 'accepted' | 'declined'

/** A learner's invitations waiting for an answer, with what they would be agreeing to. */
export async function myInvitations(userId: string) {
  const rows = await prisma.classInvitation.findMany({
    // An archived class takes nobody in, so its invitation is not offered.
    where: { userId, status: 'pending', class: { archivedAt: null } },
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      createdAt: true,
      class: {
        select: {
          name: true,
          scheduleNotes: true,
          organization: { select: { name: true } },
          trainer: { select: { name: true } },
          assignments: { select: { id: true, kind: true, targetId: true, dueAt: true }, orderBy: { dueAt: 'asc' } },
        },
      },
    },
  })
  return rows.map((row) => ({
    id: row.id,
    invitedOn: vietnamDay(row.createdAt),
    className: row.class.name,
    scheduleNotes: row.class.scheduleNotes,
    organization: row.class.organization.name,
    trainer: row.class.trainer.name,
    assignments: row.class.assignments.map((assignment) => ({
      id: assignment.id,
      kind: assignment.kind as 'course' | 'simulator',
      title: targetTitle(assignment.kind, assignment.targetId),
      dueDay: vietnamDay(assignment.dueAt),
    })),
  }))
}

export type MyInvitation = Awaited<ReturnType<typeof myInvitations>>[number]

export function pendingInvitationCount(userId: string): Promise<number> {
  return prisma.classInvitation.count({ where: { userId, status: 'pending', class: { archivedAt: null } } })
}

export type InvitationAnswer = 'accept' | 'decline'

export type InvitationResult =
  | { ok: true; classId: string }
  | { ok: false; error: 'not-found' }
  | { ok: false; error: 'archived' }
  | { ok: false; error: 'answered' }

/**
 * The holder accepts or declines. Anyone else's invitation (or a made-up id)
 * is 'not-found'. Accepting makes the membership and marks the invitation in
 * one transaction; answering the same way twice changes nothing; a declined
 * invitation may still be accepted (the holder changed their mind), an
 * accepted one is not declined afterwards (that is leaving the class).
 */
export async function answerInvitation(userId: string, invitationId: string, answer: InvitationAnswer, now = new Date()): Promise<InvitationResult> {
  return prisma.$transaction(async (tx) => {
    const invitation = await tx.classInvitation.findFirst({
      where: { id: invitationId, userId },
      select: { id: true, classId: true, status: true, class: { select: { archivedAt: true } } },
    })
    if (!invitation) return { ok: false, error: 'not-found' }
    const status = invitation.status as InvitationStatus
    if (answer === 'accept') {
      if (status === 'accepted') return { ok: true, classId: invitation.classId }
      if (invitation.class.archivedAt) return { ok: false, error: 'archived' }
      await tx.classMember.upsert({
        where: { classId_userId: { classId: invitation.classId, userId } },
        // Already in (joined by code meanwhile): their membership stays as it was.
        update: {},
        create: { classId: invitation.classId, userId, source: 'invitation' },
      })
    } else {
      if (status === 'declined') return { ok: true, classId: invitation.classId }
      if (status === 'accepted') return { ok: false, error: 'answered' }
    }
    await tx.classInvitation.update({
      where: { id: invitation.id },
      data: { status: answer === 'accept' ? 'accepted' : 'declined', respondedAt: now },
    })
    await tx.auditLog.create({
      data: {
        actorId: userId,
        action: answer === 'accept' ? 'class.invitation-accepted' : 'class.invitation-declined',
        targetId: invitation.classId,
        details: JSON.stringify({ invitationId: invitation.id }),
      },
    })
    return { ok: true, classId: invitation.classId }
  })
}

/** Pending invitations of a class for its trainer: the typed name and the date, nothing of the account. */
export async function classInvitations(classId: string) {
  const rows = await prisma.classInvitation.findMany({
    // A holder who deleted their account will never answer, as classMembers leaves them out.
    where: { classId, status: 'pending', user: { deletedAt: null } },
    orderBy: { createdAt: 'asc' },
    select: { id: true, displayName: true, createdAt: true },
  })
  const collator = new Intl.Collator('vi')
  return rows
    .map((row) => ({ id: row.id, displayName: row.displayName, invitedOn: vietnamDay(row.createdAt) }))
    .sort((a, b) => collator.compare(a.displayName, b.displayName))
}

/** The trainer takes back a pending invitation (a mistyped phone reached a stranger). */
export async function withdrawInvitation(actor: Actor, classId: string, invitationId: string): Promise<boolean> {
  const cls = await findClass(actor, classId)
  if (!cls) return false
  return prisma.$transaction(async (tx) => {
    const invitation = await tx.classInvitation.findFirst({ where: { id: invitationId, classId: cls.id, status: 'pending' }, select: { id: true, userId: true } })
    if (!invitation) return false
    await tx.classInvitation.delete({ where: { id: invitation.id } })
    await tx.auditLog.create({
      data: { actorId: actor.id, action: 'class.invitation-withdrawn', targetId: invitation.userId, details: JSON.stringify({ classId: cls.id }) },
    })
    return true
  })
}

/** A learner's invitations, answered or not, for their data download. */
export async function invitationRecordsOf(userId: string) {
  const rows = await prisma.classInvitation.findMany({
    where: { userId },
    orderBy: { createdAt: 'asc' },
    select: {
      displayName: true,
      status: true,
      createdAt: true,
      respondedAt: true,
      invitedBy: { select: { name: true } },
      class: { select: { name: true, organization: { select: { name: true } } } },
    },
  })
  return rows.map((row) => ({
    class: row.class.name,
    organization: row.class.organization.name,
    invitedBy: row.invitedBy?.name ?? null,
    // The name the trainer's list gave you; it is what the trainer saw.
    nameInTrainersList: row.displayName,
    status: row.status,
    invitedAt: row.createdAt,
    answeredAt: row.respondedAt,
  }))
}
