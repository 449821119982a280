import { type Prisma } from '#generated/prisma/client'
import { type Actor } from '~/auth/permissions'

// Who may run a class: its trainer, an organisation admin whose subtree holds
// the class's organisation (a province admin oversees every ward's classes),
// and site administrators. Everyone else must not learn that the class
// exists, so routes answer 404, never 403. A trainer's role must still be a
// staff role: someone demoted to learner loses their classes with it.
// One rule in two shapes that must agree: a check for a loaded class and a
// where-clause for lists and lookups (tests/unit/classes-access.test.ts).

export type ClassRef = { trainerId: string; organizationId: string }

export function canManageClass(actor: Actor, cls: ClassRef): boolean {
  if (actor.role === 'ADMIN') return true
  if (actor.role === 'LEARNER') return false
  if (cls.trainerId === actor.id) return true
  return actor.role === 'ORG_ADMIN' && actor.organizationScope.includes(cls.organizationId)
}

export function classAccessWhere(actor: Actor): Prisma.ClassWhereInput {
  if (actor.role === 'ADMIN') return {}
  if (actor.role === 'LEARNER') return { id: { in: [] } }
  if (actor.role === 'ORG_ADMIN') {
    return { OR: [{ trainerId: actor.id }, { organizationId: { in: [...actor.organizationScope] } }] }
  }
  return { trainerId: actor.id }
}
