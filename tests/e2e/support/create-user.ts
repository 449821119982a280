// Run by accounts.ts in a child process against the e2e database: creates a
// staff account through the app's own code, as an administrator would.
//   tsx create-user.ts '<json {role,name,phone,password}>'
import { hashPassword } from '../../../app/auth/password.server'
import { prisma } from '../../../app/db.server'
import { normalizeVietnamesePhone } from '../../../app/lib/phone'

const input = JSON.parse(process.argv[2]!) as { role: 'TRAINER' | 'ORG_ADMIN'; name: string; phone: string; password: string }
// The first ward in the shipped list, and its province for an organisation admin.
const ward = await prisma.organization.findFirstOrThrow({ where: { kind: 'WARD' }, orderBy: { code: 'asc' }, include: { parent: true } })
const organization = input.role === 'ORG_ADMIN' && ward.parent ? ward.parent : ward
await prisma.user.create({
  data: {
    name: input.name,
    phone: normalizeVietnamesePhone(input.phone),
    role: input.role,
    organizationId: organization.id,
    password: { create: { hash: await hashPassword(input.password) } },
  },
})
console.log(JSON.stringify({ organization: organization.name }))
await prisma.$disconnect()
