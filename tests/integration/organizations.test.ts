import { beforeEach, expect, test } from 'vitest'
import {
  ensureOrganizationsSeeded,
  getOrganizationSubtreeIds,
  importOrganizations,
  listOrganizationsForSelect,
} from '~/auth/organizations.server'
import { prisma } from '~/db.server'

const SAMPLE = [
  'code,name,kind,parent_code',
  '79,Thành phố Hồ Chí Minh,PROVINCE,',
  '01,Thành phố Hà Nội,PROVINCE,',
  '66,Tỉnh Đắk Lắk,PROVINCE,',
  '96,Tỉnh Cà Mau,PROVINCE,',
  '26884,Phường Gò Vấp,WARD,79',
  '25951,Phường Đông Hòa,WARD,79',
  '25942,Phường Dĩ An,WARD,79',
  '27553,Xã Củ Chi,COMMUNE,79',
  '26732,Đặc khu Côn Đảo,SPECIAL_ZONE,79',
  '79-SO-KHCN,Sở Khoa học và Công nghệ Thành phố Hồ Chí Minh,AGENCY,79',
  '26884-MOT-CUA,Bộ phận một cửa Phường Gò Vấp,AGENCY,26884',
  '00070,Phường Hoàn Kiếm,WARD,01',
].join('\n')

// The parent relation is ON DELETE RESTRICT, so the tree is removed leaves first.
async function clearOrganizations() {
  await prisma.auditLog.deleteMany({})
  await prisma.organization.deleteMany({ where: { kind: 'AGENCY' } })
  await prisma.organization.deleteMany({ where: { parentId: { not: null } } })
  await prisma.organization.deleteMany({})
}

beforeEach(clearOrganizations)

async function idOf(code: string): Promise<string> {
  return (await prisma.organization.findUniqueOrThrow({ where: { code }, select: { id: true } })).id
}

test('a valid file is imported with parents linked and one audit entry', async () => {
  const result = await importOrganizations(SAMPLE)
  expect(result).toEqual({ ok: true, created: 12, updated: 0, unchanged: 0 })
  expect(await prisma.organization.count()).toBe(12)

  const ward = await prisma.organization.findUniqueOrThrow({ where: { code: '26884' }, include: { parent: true } })
  expect(ward).toMatchObject({ name: 'Phường Gò Vấp', kind: 'WARD' })
  expect(ward.parent?.code).toBe('79')
  const desk = await prisma.organization.findUniqueOrThrow({ where: { code: '26884-MOT-CUA' } })
  expect(desk.parentId).toBe(ward.id)

  const audits = await prisma.auditLog.findMany({ where: { action: 'organizations.imported' } })
  expect(audits).toHaveLength(1)
  expect(audits[0]?.actorId).toBeNull()
  expect(JSON.parse(audits[0]?.details ?? '{}')).toEqual({ rows: 12, created: 12, updated: 0, unchanged: 0 })
})

test('importing again updates by code instead of duplicating', async () => {
  await importOrganizations(SAMPLE)
  const before = await idOf('26884')

  expect(await importOrganizations(SAMPLE)).toEqual({ ok: true, created: 0, updated: 0, unchanged: 12 })

  const renamed = SAMPLE.replace('Phường Gò Vấp,WARD,79', 'Phường Gò Vấp (mới),WARD,79').concat(
    '\n00082,Phường Cửa Nam,WARD,01',
  )
  expect(await importOrganizations(renamed)).toEqual({ ok: true, created: 1, updated: 1, unchanged: 11 })
  expect(await prisma.organization.count()).toBe(13)
  const ward = await prisma.organization.findUniqueOrThrow({ where: { code: '26884' } })
  expect(ward.id).toBe(before)
  expect(ward.name).toBe('Phường Gò Vấp (mới)')
  expect(await prisma.auditLog.count({ where: { action: 'organizations.imported' } })).toBe(3)
})

test('a file with any error writes nothing', async () => {
  const broken = SAMPLE.replace('27553,Xã Củ Chi,COMMUNE,79', '27553,,COMMUNE,79').concat('\n99999,Xã Ma,COMMUNE,88')
  const result = await importOrganizations(broken)
  expect(result).toEqual({
    ok: false,
    errors: [
      { line: 9, message: 'Dòng 9: thiếu tên đơn vị.' },
      { line: 14, message: 'Dòng 14: không tìm thấy đơn vị cấp trên “88” trong tệp hoặc trong cơ sở dữ liệu.' },
    ],
  })
  expect(await prisma.organization.count()).toBe(0)
  expect(await prisma.auditLog.count()).toBe(0)
})

test('a later file may hang units under ones already in the database', async () => {
  await importOrganizations(SAMPLE)
  const more = ['code,name,kind,parent_code', '00004,Phường Ba Đình,WARD,01', '01-SO-NOI-VU,Sở Nội vụ,AGENCY,01'].join('\n')
  expect(await importOrganizations(more)).toEqual({ ok: true, created: 2, updated: 0, unchanged: 0 })
  const parent = await prisma.organization.findUniqueOrThrow({ where: { code: '00004' }, include: { parent: true } })
  expect(parent.parent?.code).toBe('01')
})

test('a unit with units under it cannot change its kind', async () => {
  await importOrganizations(SAMPLE)
  const result = await importOrganizations(['code,name,kind,parent_code', '26884,Phường Gò Vấp,COMMUNE,79'].join('\n'))
  expect(result).toEqual({
    ok: false,
    errors: [{ line: 2, message: 'Dòng 2: không thể đổi “26884” từ phường thành xã vì đang có đơn vị trực thuộc.' }],
  })
  expect((await prisma.organization.findUniqueOrThrow({ where: { code: '26884' } })).kind).toBe('WARD')
})

test('the audit entry names the administrator who imported', async () => {
  const admin = await prisma.user.create({ data: { name: 'Quản trị viên', email: 'admin-org@example.com', role: 'ADMIN' } })
  await importOrganizations(SAMPLE, { actorId: admin.id })
  const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'organizations.imported' } })
  expect(audit.actorId).toBe(admin.id)
  await prisma.auditLog.deleteMany({})
  await prisma.user.delete({ where: { id: admin.id } })
})

test('a subtree holds the unit and everything below it', async () => {
  await importOrganizations(SAMPLE)
  const hcm = await getOrganizationSubtreeIds(await idOf('79'))
  const codes = await prisma.organization.findMany({ where: { id: { in: hcm } }, select: { code: true } })
  expect(codes.map((row) => row.code).sort()).toEqual(
    ['79', '26884', '25951', '25942', '27553', '26732', '79-SO-KHCN', '26884-MOT-CUA'].sort(),
  )
  expect(hcm[0]).toBe(await idOf('79'))
  expect(new Set(hcm).size).toBe(hcm.length)

  expect(await getOrganizationSubtreeIds(await idOf('26884'))).toEqual([await idOf('26884'), await idOf('26884-MOT-CUA')])
  expect(await getOrganizationSubtreeIds(await idOf('00070'))).toEqual([await idOf('00070')])
  expect(await getOrganizationSubtreeIds('no-such-id')).toEqual([])
})

test('the sign-up list is provinces in Vietnamese order, each with its direct children', async () => {
  await importOrganizations(SAMPLE)
  const options = await listOrganizationsForSelect()
  // Vietnamese order puts Đ between D and E (code-point order would put it last).
  expect(options.map((option) => option.name)).toEqual([
    'Thành phố Hà Nội',
    'Thành phố Hồ Chí Minh',
    'Tỉnh Cà Mau',
    'Tỉnh Đắk Lắk',
  ])
  const hcm = options.find((option) => option.name === 'Thành phố Hồ Chí Minh')!
  expect(hcm.id).toBe(await idOf('79'))
  expect(hcm.children.map((child) => [child.name, child.kind])).toEqual([
    ['Đặc khu Côn Đảo', 'SPECIAL_ZONE'],
    ['Phường Dĩ An', 'WARD'],
    ['Phường Đông Hòa', 'WARD'],
    ['Phường Gò Vấp', 'WARD'],
    ['Sở Khoa học và Công nghệ Thành phố Hồ Chí Minh', 'AGENCY'],
    ['Xã Củ Chi', 'COMMUNE'],
  ])
  for (const child of hcm.children) expect(Object.keys(child).sort()).toEqual(['id', 'kind', 'name'])
  expect(options.find((option) => option.name === 'Tỉnh Cà Mau')?.children).toEqual([])
})

test('the shipped seed file fills an empty table once', async () => {
  const created = await ensureOrganizationsSeeded()
  expect(created).toBe(await prisma.organization.count())
  expect(await prisma.organization.count({ where: { kind: 'PROVINCE' } })).toBeGreaterThanOrEqual(34)

  const options = await listOrganizationsForSelect()
  expect(options.length).toBeGreaterThanOrEqual(34)
  const hanoi = options.find((option) => option.name === 'Thành phố Hà Nội')
  const hcm = options.find((option) => option.name === 'Thành phố Hồ Chí Minh')
  expect(hanoi?.children.filter((child) => child.kind !== 'AGENCY')).toHaveLength(126)
  expect(hcm?.children.filter((child) => child.kind !== 'AGENCY')).toHaveLength(168)

  const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'organizations.imported' } })
  expect(audit.actorId).toBeNull()

  // Already seeded: nothing more is written.
  expect(await ensureOrganizationsSeeded()).toBe(0)
  expect(await prisma.auditLog.count({ where: { action: 'organizations.imported' } })).toBe(1)
})
