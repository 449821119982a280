import { type OrganizationKind, type Role } from '#generated/prisma/enums'
import { hashPassword } from '~/auth/password.server'
import { createSession } from '~/auth/session.server'
import { prisma } from '~/db.server'

// Factories for the people and units a test needs, each with a live session
// cookie, so tests read as "a trainer of ward A does X".
let seq = 0
const unique = () => `${++seq}-${process.pid}-${Date.now()}`

export const TEST_PASSWORD = 'mật khẩu của tôi dài'

export async function organization(name: string, parentId: string | null = null, kind?: OrganizationKind) {
  return prisma.organization.create({
    data: { code: `T-${unique()}`, name, kind: kind ?? (parentId ? 'WARD' : 'PROVINCE'), parentId },
  })
}

export async function person(role: Role, organizationId: string | null = null, extra: { name?: string; phone?: string; kind?: 'RESIDENT' | 'CIVIL_SERVANT'; agency?: string; position?: string } = {}) {
  const id = unique()
  const user = await prisma.user.create({
    data: {
      name: extra.name ?? `${role} ${id}`,
      email: extra.phone ? null : `${role.toLowerCase()}-${id}@example.com`,
      phone: extra.phone ?? null,
      role,
      organizationId,
      kind: extra.kind ?? 'RESIDENT',
      agency: extra.agency ?? null,
      position: extra.position ?? null,
      password: { create: { hash: await hashPassword(TEST_PASSWORD) } },
    },
  })
  const { token } = await createSession(user.id)
  return { user, cookie: `hs_session=${token}` }
}
