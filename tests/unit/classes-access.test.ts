import { expect, test } from 'vitest'
import { canManageClass, classAccessWhere } from '~/classes/access'
import { type Actor } from '~/auth/permissions'

const cls = { trainerId: 'trainer-1', organizationId: 'ward-1' }
const actor = (id: string, role: Actor['role'], organizationScope: string[] = []): Actor => ({ id, role, organizationScope })

// The where-clause, applied by hand to one class: enough to check that both
// shapes of the rule agree.
function matches(where: ReturnType<typeof classAccessWhere>, row: typeof cls): boolean {
  if ('OR' in where && where.OR) return where.OR.some((part) => matches(part, row))
  if ('trainerId' in where) return where.trainerId === row.trainerId
  if ('organizationId' in where) return (where.organizationId as { in: string[] }).in.includes(row.organizationId)
  if ('id' in where) return false
  return true
}

test('trainer of the class, organisation admin above it and admins manage it; nobody else', () => {
  const cases: [Actor, boolean][] = [
    [actor('trainer-1', 'TRAINER', ['ward-1']), true],
    [actor('trainer-2', 'TRAINER', ['ward-1']), false],
    [actor('org-1', 'ORG_ADMIN', ['city-1', 'ward-1']), true],
    [actor('org-2', 'ORG_ADMIN', ['city-2', 'ward-2']), false],
    [actor('trainer-1', 'ORG_ADMIN', ['city-2']), true],
    [actor('admin', 'ADMIN'), true],
    [actor('learner', 'LEARNER', ['ward-1']), false],
    // A trainer demoted to learner loses the class.
    [actor('trainer-1', 'LEARNER', ['ward-1']), false],
  ]
  for (const [who, expected] of cases) {
    expect(canManageClass(who, cls), `${who.id} ${who.role}`).toBe(expected)
    expect(matches(classAccessWhere(who), cls), `where ${who.id} ${who.role}`).toBe(expected)
  }
})
