import { type Role } from '#generated/prisma/enums'

// Every permission check in the product goes through this file, so "who may
// do what" is written once. Routes ask `requirePermission`; features ask
// `canManageUser` for checks that depend on the target.
export const PERMISSIONS = [
  'account:create', // create an account for someone who cannot sign up alone
  'account:reset-password',
  'user:list',
  'user:change-role',
  'user:change-organization', // move a person between units within the actor's reach
  'organization:import',
  'api-token:manage', // tokens that let a Learning Record Store read every learner's statements
  'class:manage', // run classes: members, assignments, attendance, progress
  'certificate:revoke', // revoke and re-issue certificates (organisation admins: learners in their organisations)
  'report:view', // the organisation roll-up at /quan-ly/bao-cao
] as const
export type Permission = (typeof PERMISSIONS)[number]

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  LEARNER: [],
  TRAINER: ['account:create', 'account:reset-password', 'user:list', 'class:manage'],
  ORG_ADMIN: ['account:create', 'account:reset-password', 'user:list', 'user:change-role', 'user:change-organization', 'class:manage', 'certificate:revoke', 'report:view'],
  ADMIN: PERMISSIONS,
}

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission)
}

export type Actor = {
  id: string
  role: Role
  // The actor's organisation and everything below it (empty for none).
  organizationScope: readonly string[]
}

export type ManagedUser = {
  id: string
  role: Role
  organizationId: string | null
  createdById: string | null
}

// Trainers look after learners they created or who belong to their own
// organisation; organisation admins look after learners and trainers in their
// organisation and below; administrators look after everyone but themselves.
export function canManageUser(actor: Actor, target: ManagedUser): boolean {
  if (actor.id === target.id) return false
  if (actor.role === 'ADMIN') return true
  const inScope = target.organizationId !== null && actor.organizationScope.includes(target.organizationId)
  if (actor.role === 'ORG_ADMIN') return (target.role === 'LEARNER' || target.role === 'TRAINER') && inScope
  if (actor.role === 'TRAINER') {
    return target.role === 'LEARNER' && (target.createdById === actor.id || inScope)
  }
  return false
}

// A person's organisation decides reach: a trainer's and an organisation
// admin's own (their subtree is what they see and manage), and which staff
// look after a learner. So it changes only through someone whose reach
// already covers the person and both the old and the new unit, never by
// staff for themselves. A learner's own unit gives them no reach over
// anyone: they say where they live or work, as at sign-up, and the change
// is audited. Administrators reach everything.
export function canSetOrganization(actor: Actor, target: ManagedUser, to: string | null): boolean {
  if (actor.role === 'ADMIN') return true
  if (actor.id === target.id) return target.role === 'LEARNER'
  if (actor.role !== 'ORG_ADMIN' || !canManageUser(actor, target)) return false
  return to !== null && actor.organizationScope.includes(to)
}

// Organisation admins see the report of their organisation and every unit
// below it; administrators see every organisation's.
export function canViewOrganizationReport(actor: Actor, organizationId: string): boolean {
  if (!hasPermission(actor.role, 'report:view')) return false
  return actor.role === 'ADMIN' || actor.organizationScope.includes(organizationId)
}

// Which roles an actor may hand out: never more than their own reach.
export function assignableRoles(actor: Pick<Actor, 'role'>): Role[] {
  if (actor.role === 'ADMIN') return ['LEARNER', 'TRAINER', 'ORG_ADMIN', 'ADMIN']
  if (actor.role === 'ORG_ADMIN') return ['LEARNER', 'TRAINER']
  return []
}
