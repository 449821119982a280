import { beforeAll, expect, test } from 'vitest'
import { createSession } from '~/auth/session.server'
import { actorFor } from '~/auth/manage.server'
import { organizationReport, reportStartingPoints } from '~/classes/report.server'
import { prisma } from '~/db.server'
import { formatVietnamDay } from '~/lib/dates'
import { loader as reportCsvLoader } from '~/routes/manage/report-csv'
import { loader as reportIndexLoader } from '~/routes/manage/report-index'
import { loader as reportLoader } from '~/routes/manage/report'
import { loader as usersLoader } from '~/routes/manage/users'
import { context, getRequest, run } from '../support/http'

type Role = 'LEARNER' | 'TRAINER' | 'ORG_ADMIN' | 'ADMIN'
type Kind = 'RESIDENT' | 'CIVIL_SERVANT'

// Wednesday of ISO week 2026-W48 (Monday 23/11 in Vietnam starts at 17:00 UTC on the 22nd).
const NOW = new Date('2026-11-25T05:00:00Z')
const VNEID = 'lam-quen-vneid'
const PORTAL = 'dich-vu-cong-truc-tuyen'
const SIMULATOR = 'vneid-kich-hoat-tai-khoan'

let seq = 0
async function person(name: string, { role = 'LEARNER', kind = 'RESIDENT', organizationId = null, agency = null }: { role?: Role; kind?: Kind; organizationId?: string | null; agency?: string | null } = {}) {
  seq += 1
  return prisma.user.create({ data: { name, email: `report-${seq}-${Date.now()}@example.com`, role, kind, organizationId, agency } })
}

async function cookieFor(userId: string) {
  const { token } = await createSession(userId)
  return `hs_session=${token}`
}

function progress(userId: string, courseSlug: string, completedAt: Date | null) {
  return prisma.courseProgress.create({ data: { userId, courseSlug, completedAt, lastActivityAt: completedAt ?? NOW, lessonsCompleted: 1 } })
}

function certificate(userId: string, courseSlug: string, revokedAt: Date | null = null) {
  seq += 1
  return prisma.certificate.create({
    data: { code: `HS-TEST-${seq}`, userId, courseSlug, serial: 1, payload: '{}', signature: 'x', keyId: 'k', issuedAt: NOW, revokedAt },
  })
}

let tree: Awaited<ReturnType<typeof build>>

// A province with two wards and an agency; a class in ward A with an
// officer of ward A who finished on time and an officer of the agency who
// did not.
async function build() {
  const province = await prisma.organization.create({ data: { code: 'R-P', name: 'Tỉnh Báo Cáo', kind: 'PROVINCE' } })
  const wardA = await prisma.organization.create({ data: { code: 'R-A', name: 'Phường An Khánh', kind: 'WARD', parentId: province.id } })
  const wardB = await prisma.organization.create({ data: { code: 'R-B', name: 'Phường Bến Thành', kind: 'WARD', parentId: province.id } })
  const agency = await prisma.organization.create({ data: { code: 'R-G', name: 'Sở Khoa học và Công nghệ', kind: 'AGENCY', parentId: province.id } })

  const r1 = await person('Nguyễn Thị Một', { organizationId: wardA.id })
  const r2 = await person('Trần Văn Hai', { organizationId: wardA.id })
  const officerA = await person('Lê Thị Ba', { kind: 'CIVIL_SERVANT', organizationId: wardA.id, agency: 'UBND phường An Khánh' })
  const rb = await person('Phạm Văn Bốn', { organizationId: wardB.id })
  // The name tries a spreadsheet formula: the CSV must defuse it.
  const officerG = await person('=HYPERLINK("http://x")', { kind: 'CIVIL_SERVANT', organizationId: agency.id, agency: 'Sở Khoa học và Công nghệ' })
  const gone = await person('Đã Xoá', { organizationId: wardA.id })
  await prisma.user.update({ where: { id: gone.id }, data: { deletedAt: NOW } })
  const trainer = await person('Võ Thị Hướng Dẫn', { role: 'TRAINER', kind: 'CIVIL_SERVANT', organizationId: wardA.id })
  const adminA = await person('Quản Trị Phường A', { role: 'ORG_ADMIN', organizationId: wardA.id })
  const adminP = await person('Quản Trị Tỉnh', { role: 'ORG_ADMIN', organizationId: province.id })
  const admin = await person('Quản Trị Viên', { role: 'ADMIN' })
  const learnerAccount = await person('Người Học')

  // Monday 08:00 in Vietnam (W48), Sunday 23:30 in Vietnam (W47), and W45.
  await progress(r1.id, VNEID, new Date('2026-11-23T01:00:00Z'))
  await progress(r1.id, PORTAL, null)
  await progress(r2.id, VNEID, null)
  await progress(rb.id, VNEID, new Date('2026-11-22T16:30:00Z'))
  await progress(officerA.id, VNEID, new Date('2026-11-05T03:00:00Z'))
  await progress(gone.id, VNEID, new Date('2026-11-24T03:00:00Z'))
  await certificate(r1.id, VNEID)
  await certificate(rb.id, VNEID, NOW)
  await certificate(gone.id, VNEID)

  const attempt = (userId: string, passed: boolean) => {
    seq += 1
    return prisma.simulatorAttempt.create({
      data: { id: `attempt-${seq}`, userId, scenarioId: SIMULATOR, mode: 'check', steps: 5, firstTry: passed ? 5 : 1, mistakes: 0, hintsUsed: 0, percent: passed ? 100 : 20, passed, durationSec: 60, completedAt: NOW },
    })
  }
  await attempt(officerA.id, true)
  await attempt(officerG.id, false)

  const klass = await prisma.class.create({ data: { name: 'Lớp cán bộ An Khánh', organizationId: wardA.id, trainerId: trainer.id, joinCode: `RPT${Date.now()}` } })
  for (const member of [officerA, officerG, r1]) await prisma.classMember.create({ data: { classId: klass.id, userId: member.id, source: 'trainer' } })
  await prisma.assignment.create({ data: { classId: klass.id, kind: 'course', targetId: VNEID, dueAt: new Date('2026-11-10T16:59:59Z') } })
  await prisma.assignment.create({ data: { classId: klass.id, kind: 'simulator', targetId: SIMULATOR, dueAt: new Date('2026-11-20T16:59:59Z') } })
  await prisma.assignment.create({ data: { classId: klass.id, kind: 'course', targetId: PORTAL, dueAt: new Date('2026-12-20T16:59:59Z') } })
  // An archived class's assignments are no longer followed up.
  const old = await prisma.class.create({
    data: { name: 'Lớp cũ', organizationId: wardA.id, trainerId: trainer.id, joinCode: `RPO${Date.now()}`, archivedAt: NOW },
  })
  await prisma.classMember.create({ data: { classId: old.id, userId: officerG.id, source: 'trainer' } })
  await prisma.assignment.create({ data: { classId: old.id, kind: 'course', targetId: PORTAL, dueAt: new Date('2026-10-01T00:00:00Z') } })

  return { province, wardA, wardB, agency, r1, officerA, officerG, trainer, adminA, adminP, admin, learnerAccount, klass }
}

beforeAll(async () => {
  tree = await build()
})

test('the province report counts learners, courses, certificates, overdue officers and weeks of the whole subtree', async () => {
  const report = await organizationReport(await actorFor(tree.adminP), tree.province.id, { now: NOW })
  expect(report).not.toBeNull()
  const { figures } = report!
  // Deleted accounts, trainers and admins are not learners.
  expect(figures).toMatchObject({ learners: 5, residents: 3, civilServants: 2, completions: 3, certificates: 1, overduePeople: 1, overdueItems: 2 })
  const vneid = figures.courses.find((course) => course.slug === VNEID)!
  expect(vneid).toMatchObject({ started: 4, completed: 3, percent: 60, certificates: 1 })
  expect(figures.courses.find((course) => course.slug === PORTAL)).toMatchObject({ started: 1, completed: 0, percent: 0 })

  expect(report!.children.map((child) => [child.name, child.figures.learners, child.figures.completions, child.figures.overduePeople])).toEqual([
    ['Phường An Khánh', 3, 2, 0],
    ['Phường Bến Thành', 1, 1, 0],
    ['Sở Khoa học và Công nghệ', 1, 0, 1],
  ])

  // Weeks in Vietnam: the Sunday 23:30 completion is in W47, the Monday 08:00 one in W48.
  expect(report!.weeks).toHaveLength(12)
  expect(report!.weeks.slice(-4).map((week) => [week.key, week.completions])).toEqual([
    ['2026-W45', 1],
    ['2026-W46', 0],
    ['2026-W47', 1],
    ['2026-W48', 1],
  ])

  // Officer A finished the course before its due date and passed the simulator: not overdue.
  expect(report!.overdue.rows.map((row) => [row.name, row.kind, row.targetId, row.className, row.agency])).toEqual([
    ['=HYPERLINK("http://x")', 'course', VNEID, 'Lớp cán bộ An Khánh', 'Sở Khoa học và Công nghệ'],
    ['=HYPERLINK("http://x")', 'simulator', SIMULATOR, 'Lớp cán bộ An Khánh', 'Sở Khoa học và Công nghệ'],
  ])
  expect(report!.overdue.rows[0]!.targetTitle).toBe('Làm quen với VNeID')
  // A shorter list keeps the longest overdue first and the full counts.
  const short = await organizationReport(await actorFor(tree.adminP), tree.province.id, { now: NOW, overdueLimit: 1 })
  expect(short!.overdue).toMatchObject({ people: 1, items: 2, limit: 1 })
  expect(short!.overdue.rows.map((row) => row.kind)).toEqual(['course'])

  expect(report!.trainers.rows).toEqual([{ id: tree.trainer.id, name: 'Võ Thị Hướng Dẫn', organizationName: 'Phường An Khánh', classes: 1, learners: 3 }])
})

test('an officer who completed late is no longer overdue; one who has not yet is', async () => {
  const report = await organizationReport(await actorFor(tree.admin), tree.agency.id, { now: NOW })
  expect(report!.figures.overduePeople).toBe(1)
  await prisma.courseProgress.create({ data: { userId: tree.officerG.id, courseSlug: VNEID, completedAt: new Date('2026-11-24T00:00:00Z'), lastActivityAt: NOW } })
  try {
    const later = await organizationReport(await actorFor(tree.admin), tree.agency.id, { now: NOW })
    expect(later!.figures).toMatchObject({ overduePeople: 1, overdueItems: 1 })
    expect(later!.overdue.rows.map((row) => row.kind)).toEqual(['simulator'])
  } finally {
    await prisma.courseProgress.delete({ where: { userId_courseSlug: { userId: tree.officerG.id, courseSlug: VNEID } } })
  }
})

test('an organisation admin sees their ward and nothing beside or above it; an administrator sees everything', async () => {
  const actorA = await actorFor(tree.adminA)
  const own = await organizationReport(actorA, tree.wardA.id, { now: NOW })
  expect(own!.figures).toMatchObject({ learners: 3, residents: 2, civilServants: 1 })
  expect(own!.ancestors).toEqual([])
  expect(await organizationReport(actorA, tree.wardB.id, { now: NOW })).toBeNull()
  expect(await organizationReport(actorA, tree.province.id, { now: NOW })).toBeNull()
  expect(await organizationReport(actorA, 'no-such-organisation', { now: NOW })).toBeNull()
  expect(await reportStartingPoints(actorA)).toEqual([expect.objectContaining({ id: tree.wardA.id })])

  const admin = await actorFor(tree.admin)
  const ward = await organizationReport(admin, tree.wardB.id, { now: NOW })
  expect(ward!.ancestors.map((ancestor) => ancestor.id)).toEqual([tree.province.id])
  expect((await reportStartingPoints(admin)).map((root) => root.id)).toContain(tree.province.id)
  // Trainers and learners have no report at all.
  expect(await organizationReport(await actorFor(tree.trainer), tree.wardA.id, { now: NOW })).toBeNull()
})

test('learners and trainers get 403 from the report pages; an admin of another ward gets 404', async () => {
  for (const user of [tree.learnerAccount, tree.trainer]) {
    const cookie = await cookieFor(user.id)
    expect((await run(reportIndexLoader, getRequest('/quan-ly/bao-cao', cookie))).status).toBe(403)
    expect((await run(reportLoader, getRequest(`/quan-ly/bao-cao/${tree.wardA.id}`, cookie), { orgId: tree.wardA.id })).status).toBe(403)
    expect((await run(reportCsvLoader, getRequest(`/quan-ly/bao-cao/${tree.wardA.id}/csv`, cookie), { orgId: tree.wardA.id })).status).toBe(403)
  }
  const cookie = await cookieFor(tree.adminA.id)
  const start = await run(reportIndexLoader, getRequest('/quan-ly/bao-cao', cookie))
  expect(start.status).toBe(302)
  expect(start.headers.get('Location')).toBe(`/quan-ly/bao-cao/${tree.wardA.id}`)
  const other = await run(reportLoader, getRequest(`/quan-ly/bao-cao/${tree.wardB.id}`, cookie), { orgId: tree.wardB.id })
  expect(other.status).toBe(404)
  expect(JSON.stringify(other.body)).not.toContain('Phạm Văn Bốn')
  expect((await run(reportCsvLoader, getRequest(`/quan-ly/bao-cao/${tree.province.id}/csv`, cookie), { orgId: tree.province.id })).status).toBe(404)
  const page = await run(reportLoader, getRequest(`/quan-ly/bao-cao/${tree.wardA.id}`, cookie), { orgId: tree.wardA.id })
  expect(page.status).toBe(200)
  expect((page.body as { report: { figures: { learners: number } } }).report.figures.learners).toBe(3)
})

test('the CSV export: UTF-8 with BOM, every section, formulas defused', async () => {
  const cookie = await cookieFor(tree.adminP.id)
  const response = (await reportCsvLoader({ request: getRequest(`/quan-ly/bao-cao/${tree.province.id}/csv`, cookie), params: { orgId: tree.province.id }, context })) as Response
  expect(response.status).toBe(200)
  expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
  expect(response.headers.get('Content-Disposition')).toMatch(/^attachment; filename="bao-cao-R-P-\d{4}-\d{2}-\d{2}\.csv"$/)
  const bytes = new Uint8Array(await response.arrayBuffer())
  // The UTF-8 byte-order mark, which Response.text() would hide.
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
  const lines = text.slice(1).split('\r\n')
  expect(lines).toContain('Đơn vị trực thuộc')
  expect(lines).toContain('Làm quen với VNeID,4,3,60,1')
  expect(lines).toContain('R-B,Phường Bến Thành,Phường,1,1,0,1,0,0')
  expect(lines).toContain('R-A,Phường An Khánh,Làm quen với VNeID,3,2,66.7,1')
  // The officer's name would run as a formula in a spreadsheet without the apostrophe.
  expect(text).toContain(`"'=HYPERLINK(""http://x"")",Sở Khoa học và Công nghệ,Sở Khoa học và Công nghệ,Lớp cán bộ An Khánh,Khoá học: Làm quen với VNeID,`)
  expect(text).not.toMatch(/(^|,)=HYPERLINK/m)
  // Dates as people in Vietnam write them, in Vietnam's time: the due day
  // (not the UTC instant it ends at), the week's Monday, the moment of the figures.
  const overdue = lines.find((line) => line.includes('Lớp cán bộ An Khánh,Khoá học: Làm quen với VNeID,'))!
  const dueAt = (await prisma.assignment.findFirstOrThrow({ where: { class: { name: 'Lớp cán bộ An Khánh' }, targetId: 'lam-quen-vneid' } })).dueAt
  expect(overdue.endsWith(`,${formatVietnamDay(dueAt)}`)).toBe(true)
  expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/)
  expect(text).not.toMatch(/\(từ \d{4}-/)
  expect(text).toMatch(/\(từ \d{2}\/\d{2}\/\d{4}\)/)
  expect(lines[2]).toMatch(/,\d{2}\/\d{2}\/\d{4} \d{2}:\d{2},/)
})

test('the users list filters by role for an organisation admin', async () => {
  const cookie = await cookieFor(tree.adminP.id)
  const outcome = await run(usersLoader, getRequest('/quan-ly/nguoi-dung?vai-tro=TRAINER', cookie))
  const body = outcome.body as { rows: { name: string; role: string }[]; role: string; roleChoices: string[] }
  expect(body.role).toBe('TRAINER')
  expect(body.roleChoices).toEqual(['LEARNER', 'TRAINER'])
  expect(body.rows.map((row) => row.name)).toEqual(['Võ Thị Hướng Dẫn'])
  const all = await run(usersLoader, getRequest('/quan-ly/nguoi-dung?vai-tro=nonsense', cookie))
  expect((all.body as { rows: unknown[]; role: string | null }).role).toBeNull()
  expect((all.body as { rows: unknown[] }).rows.length).toBeGreaterThan(1)
})
