import { unzipSync } from 'fflate'
import { expect, test } from 'vitest'
import { getCourse } from '~/content/catalog.server'
import { gradeQuiz } from '~/content/quiz'
import { prisma } from '~/db.server'
import { endOfVietnamDay, vietnamDay } from '~/lib/dates'
import { readCsvRecords } from '~/lib/csv'
import { courseStanding, courseStandings, learnerFacts } from '~/progress/learner.server'
import { lessonCompleted, quizGraded, simulatorFinished } from '~/progress/track.server'
import { targetTitle } from '~/classes/classes.server'
import { issueCertificate } from '~/certificates/issue.server'
import { fromJwks } from '~/certificates/keys'
import { verifyFile } from '~/certificates/verify'
import { loader as keysLoader } from '~/routes/certificate-keys'
import { loader as certificatesLoader } from '~/routes/classes/certificates'
import { loader as classLoader } from '~/routes/classes/class'
import { loader as exportLoader } from '~/routes/classes/export'
import { action as importAction } from '~/routes/classes/import'
import { loader as learnerLoader } from '~/routes/classes/learner'
import { unpackRow } from '~/routes/classes/cell-badge'
import { loader as matrixLoader } from '~/routes/classes/matrix'
import { loader as homeLoader } from '~/routes/home'
import { loader as progressLoader } from '~/routes/progress'
import { context, formRequest, getRequest, run } from '../support/http'
import { organization, person } from '../support/people'

const COURSE = 'phan-anh-kien-nghi'
const inDays = (days: number) => vietnamDay(new Date(Date.now() + days * 86_400_000))

async function completeCourse(userId: string, slug = COURSE) {
  const course = getCourse(slug)!
  for (const lesson of course.lessons) await lessonCompleted({ userId }, slug, lesson.slug, `${userId}-${lesson.slug}`)
  const answers = Object.fromEntries(course.quiz.questions.map((question) => [question.id, String(question.answer)]))
  const grade = gradeQuiz(course.quiz.questions, answers, course.completion.quizPassPercent)
  await quizGraded({ userId }, slug, grade, { attempt: `${userId}-quiz`, startedAt: String(Date.now() - 60_000) })
}

async function classWith(learners: number) {
  const ward = await organization('Phường Tân Định')
  const trainer = await person('TRAINER', ward.id)
  const cls = await prisma.class.create({ data: { name: 'Lớp phản ánh 1022', organizationId: ward.id, trainerId: trainer.user.id, joinCode: `T${Date.now() % 1e8}` } })
  const people = []
  for (let i = 0; i < learners; i++) {
    const learner = await person('LEARNER', ward.id, { name: ['Bùi Văn An', 'Lê Thị Bình', 'Ngô Văn Cường'][i % 3] })
    await prisma.classMember.create({ data: { classId: cls.id, userId: learner.user.id, source: 'trainer' } })
    people.push(learner)
  }
  return { ward, trainer, cls, people }
}

type Cell = { state: string; percent: number; late: boolean }
type MatrixBody = { assignments: { id: string }[]; rows: { id: string; name: string; cells: string }[]; counts: Record<string, number> }

// The page sends each row's cells packed, in the order of its assignments.
function cellsById(body: MatrixBody) {
  return new Map(
    body.rows.map((row) => [row.id, Object.fromEntries(body.assignments.map((assignment, index) => [assignment.id, unpackRow(row.cells)[index] as Cell]))]),
  )
}

test('the matrix shows done, in progress, not started and overdue, and filters who needs help', async () => {
  const { trainer, cls, people } = await classWith(3)
  const [done, started, idle] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]]
  const current = await prisma.assignment.create({ data: { classId: cls.id, kind: 'course', targetId: COURSE, dueAt: endOfVietnamDay(inDays(10)) } })
  const past = await prisma.assignment.create({ data: { classId: cls.id, kind: 'simulator', targetId: 'vneid-kich-hoat-tai-khoan', dueAt: endOfVietnamDay(inDays(-2)) } })
  await completeCourse(done.user.id)
  const first = getCourse(COURSE)!.lessons[0]!.slug
  await lessonCompleted({ userId: started.user.id }, COURSE, first, 'f1')

  const outcome = await run(matrixLoader, getRequest(`/lop-hoc/${cls.id}/tien-do?sap-xep=ten`, trainer.cookie), { id: cls.id })
  expect(outcome.status).toBe(200)
  const body = outcome.body as MatrixBody
  const byId = cellsById(body)
  expect(byId.get(done.user.id)![current.id]).toMatchObject({ state: 'done', percent: 100, late: false })
  expect(byId.get(started.user.id)![current.id]!.state).toBe('in-progress')
  expect(byId.get(started.user.id)![current.id]!.percent).toBeGreaterThan(0)
  expect(byId.get(idle.user.id)![current.id]).toMatchObject({ state: 'not-started', percent: 0 })
  for (const cells of byId.values()) expect(cells[past.id]!.state).toBe('overdue')
  expect(body.counts).toMatchObject({ 'tat-ca': 3, 'qua-han': 3 })

  const onlyOverdue = (await run(matrixLoader, getRequest(`/lop-hoc/${cls.id}/tien-do?loc=qua-han`, trainer.cookie), { id: cls.id })).body as MatrixBody
  expect(onlyOverdue.rows).toHaveLength(3)
  // Sorted by need: the one who never started comes before the one who finished the course.
  const needOrder = (await run(matrixLoader, getRequest(`/lop-hoc/${cls.id}/tien-do`, trainer.cookie), { id: cls.id })).body as MatrixBody
  expect(needOrder.rows.map((row) => row.id).indexOf(idle.user.id)).toBeLessThan(needOrder.rows.map((row) => row.id).indexOf(done.user.id))
  const search = (await run(matrixLoader, getRequest(`/lop-hoc/${cls.id}/tien-do?q=binh`, trainer.cookie), { id: cls.id })).body as MatrixBody
  expect(search.rows.map((row) => row.name)).toEqual(['Lê Thị Bình'])
})

test('the export holds the matrix and attendance as CSV and XLSX; other trainers get 404', async () => {
  const { trainer, cls, people } = await classWith(2)
  await prisma.assignment.create({ data: { classId: cls.id, kind: 'course', targetId: COURSE, dueAt: endOfVietnamDay(inDays(5)) } })
  await completeCourse(people[0]!.user.id)
  await prisma.attendanceSession.create({ data: { classId: cls.id, day: '2026-11-20', present: { create: [{ userId: people[0]!.user.id }] } } })

  const csv = await run(exportLoader, getRequest(`/lop-hoc/${cls.id}/tien-do/bang-tien-do.csv`, trainer.cookie), { id: cls.id, file: 'bang-tien-do.csv' })
  expect(csv.status).toBe(200)
  expect(csv.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
  expect(csv.headers.get('Content-Disposition')).toMatch(/^attachment; filename="tien-do-lop-phan-anh-1022-\d{4}-\d{2}-\d{2}\.csv"$/)
  const { records } = readCsvRecords(String(csv.body).replace(/^\uFEFF/, ''))
  const header = records[0]!.fields
  const row = records.find((record) => record.fields[0] === people[0]!.user.name)!.fields
  const column = header.findIndex((name) => name.startsWith(getCourse(COURSE)!.title))
  expect(row[column]).toMatch(/^Hoàn thành \d{2}\/\d{2}\/\d{4}$/)
  expect(header).toContain('Buổi 20/11/2026')
  expect(row[header.indexOf('Buổi 20/11/2026')]).toBe('x')

  const other = await person('TRAINER', cls.organizationId)
  const response = await exportLoader({
    request: getRequest(`/lop-hoc/${cls.id}/tien-do/bang-tien-do.xlsx`, trainer.cookie),
    params: { id: cls.id, file: 'bang-tien-do.xlsx' },
    context,
  })
  const files = unzipSync(new Uint8Array(await response.arrayBuffer()))
  const sheets = Object.entries(files)
    .filter(([name]) => name.startsWith('xl/'))
    .map(([, bytes]) => new TextDecoder().decode(bytes))
    .join('\n')
  expect(sheets).toContain(people[0]!.user.name)
  expect(sheets).toContain('Hoàn thành')
  expect((await run(exportLoader, getRequest('/', other.cookie), { id: cls.id, file: 'bang-tien-do.xlsx' })).status).toBe(404)
  expect((await run(exportLoader, getRequest('/', trainer.cookie), { id: cls.id, file: 'khac.pdf' })).status).toBe(404)
})

test("a trainer sees a class member's detail but not someone outside the class", async () => {
  const { trainer, cls, people } = await classWith(1)
  await prisma.assignment.create({ data: { classId: cls.id, kind: 'course', targetId: COURSE, dueAt: endOfVietnamDay(inDays(5)) } })
  await completeCourse(people[0]!.user.id)
  const detail = await run(learnerLoader, getRequest('/', trainer.cookie), { id: cls.id, userId: people[0]!.user.id })
  expect(detail.status).toBe(200)
  const body = detail.body as { courses: { slug: string; percent: number }[]; quizzes: { percent: number }[] }
  expect(body.courses).toEqual([expect.objectContaining({ slug: COURSE, percent: 100 })])
  expect(body.quizzes[0]!.percent).toBe(100)
  const outsider = await person('LEARNER', cls.organizationId)
  expect((await run(learnerLoader, getRequest('/', trainer.cookie), { id: cls.id, userId: outsider.user.id })).status).toBe(404)
  const otherTrainer = await person('TRAINER', cls.organizationId)
  expect((await run(learnerLoader, getRequest('/', otherTrainer.cookie), { id: cls.id, userId: people[0]!.user.id })).status).toBe(404)
  expect((await run(matrixLoader, getRequest('/', otherTrainer.cookie), { id: cls.id })).status).toBe(404)
  expect((await run(matrixLoader, getRequest('/', people[0]!.cookie), { id: cls.id })).status).toBe(403)
})

test('learners see their assignments with due dates, and a notice when one is near or overdue', async () => {
  const { cls, people } = await classWith(1)
  const learner = people[0]!
  await prisma.assignment.create({ data: { classId: cls.id, kind: 'course', targetId: COURSE, dueAt: endOfVietnamDay(inDays(2)) } })
  await prisma.assignment.create({ data: { classId: cls.id, kind: 'course', targetId: 'lam-quen-vneid', dueAt: endOfVietnamDay(inDays(-1)) } })
  await prisma.assignment.create({ data: { classId: cls.id, kind: 'simulator', targetId: 'vneid-kich-hoat-tai-khoan', dueAt: endOfVietnamDay(inDays(30)) } })
  const dashboard = (await run(progressLoader, getRequest('/hoc-tap', learner.cookie))).body as {
    assignments: { title: string; href: string; cell: { state: string; dueSoon: boolean } }[]
    notice: { overdue: number; dueSoon: number } | null
  }
  expect(dashboard.assignments.map((item) => [item.href, item.cell.state, item.cell.dueSoon])).toEqual([
    ['/khoa-hoc/lam-quen-vneid', 'overdue', false],
    [`/khoa-hoc/${COURSE}`, 'not-started', true],
    ['/mo-phong/vneid-kich-hoat-tai-khoan', 'not-started', false],
  ])
  expect(dashboard.notice).toEqual({ overdue: 1, dueSoon: 1 })
  expect((await run(homeLoader, getRequest('/', learner.cookie))).body).toMatchObject({ notice: { overdue: 1, dueSoon: 1 } })

  await completeCourse(learner.user.id)
  const after = (await run(progressLoader, getRequest('/hoc-tap', learner.cookie))).body as typeof dashboard
  expect(after.assignments.find((item) => item.href === `/khoa-hoc/${COURSE}`)!.cell.state).toBe('done')
  expect(after.notice).toEqual({ overdue: 1, dueSoon: 0 })
  // Someone in no class sees neither.
  const loner = await person('LEARNER')
  expect((await run(progressLoader, getRequest('/hoc-tap', loner.cookie))).body).toMatchObject({ assignments: [], notice: null })
})

test('the import page previews without writing, refuses a list with errors, and confirms with slips', async () => {
  const { trainer, cls } = await classWith(0)
  const list = 'Họ và tên,Số điện thoại,Email,Đối tượng,Cơ quan\nNguyễn Văn Nam,0912 000 111,,người dân,\nTrần Thị Lan,,lan@example.com,công chức,UBND phường\n,0912000222,,,\n'
  const post = (fields: Record<string, string>) => run(importAction, formRequest(`/lop-hoc/${cls.id}/them-hoc-vien`, fields, trainer.cookie), { id: cls.id })
  const preview = await post({ intent: 'preview', text: list })
  expect(preview.status).toBe(400)
  expect(preview.body).toMatchObject({ step: 'preview', text: list, preview: { canImportAll: false, canImportValidRows: true, counts: { add: 2 } } })
  expect(await prisma.classMember.count({ where: { classId: cls.id } })).toBe(0)
  // "Import all" is refused while a row is wrong: nothing written.
  const refused = await post({ intent: 'apply', text: list })
  expect(refused.body).toMatchObject({ step: 'preview' })
  expect(await prisma.classMember.count({ where: { classId: cls.id } })).toBe(0)
  const done = await post({ intent: 'apply-valid', text: list })
  expect(done.headers.get('Cache-Control')).toBe('no-store')
  expect(done.body).toMatchObject({ step: 'done', counts: { created: 2, invited: 0 } })
  expect((done.body as { slips: unknown[] }).slips).toHaveLength(2)
  expect(await prisma.classMember.count({ where: { classId: cls.id } })).toBe(2)
  const empty = await post({ intent: 'preview', text: '   ' })
  expect(empty).toMatchObject({ status: 400, body: { step: 'input', fileError: 'classes.importEmpty' } })
  const other = await person('TRAINER', cls.organizationId)
  expect((await run(importAction, formRequest('/', { intent: 'preview', text: list }, other.cookie), { id: cls.id })).status).toBe(404)
})

test('a trainer downloads the class certificates as a ZIP of verifiable PDFs and a CSV list; nobody else can', async () => {
  const { trainer, cls, people } = await classWith(3)
  await prisma.assignment.create({ data: { classId: cls.id, kind: 'course', targetId: COURSE, dueAt: endOfVietnamDay(inDays(5)) } })
  await completeCourse(people[0]!.user.id)
  await completeCourse(people[1]!.user.id)
  const first = (await issueCertificate(people[0]!.user.id, COURSE))!
  const second = (await issueCertificate(people[1]!.user.id, COURSE))!
  await prisma.certificate.update({ where: { id: second.id }, data: { revokedAt: new Date(), revokedReason: 'Cấp nhầm' } })
  // Someone outside the class with a certificate is not in the archive.
  const outsider = await person('LEARNER', cls.organizationId)
  await completeCourse(outsider.user.id)
  await issueCertificate(outsider.user.id, COURSE)

  const page = await run(classLoader, getRequest(`/lop-hoc/${cls.id}`, trainer.cookie), { id: cls.id })
  expect(page.body).toMatchObject({ certificateCount: 1 })
  const csv = await run(certificatesLoader, getRequest('/', trainer.cookie), { id: cls.id, file: 'chung-nhan.csv' })
  const { records } = readCsvRecords(String(csv.body).replace(/^\uFEFF/, ''))
  expect(records.slice(1).map((record) => [record.fields[0], record.fields[3], record.fields[5]])).toEqual([
    [people[0]!.user.name, first.code, 'Hợp lệ'],
    [people[1]!.user.name, second.code, 'Đã thu hồi: Cấp nhầm'],
  ])
  const response = await certificatesLoader({ request: getRequest('/', trainer.cookie), params: { id: cls.id, file: 'chung-nhan.zip' }, context })
  expect(response.headers.get('Content-Type')).toBe('application/zip')
  const files = unzipSync(new Uint8Array(await response.arrayBuffer()))
  expect(Object.keys(files).sort()).toEqual(['danh-sach-chung-nhan.csv', `chung-nhan-${first.code}.pdf`].sort())
  const keys = fromJwks((await run(keysLoader, getRequest('/.well-known/hocso-certificate-keys.json'))).body)
  expect(await verifyFile(files[`chung-nhan-${first.code}.pdf`]!, keys)).toMatchObject({ ok: true, payload: { code: first.code } })

  const other = await person('TRAINER', cls.organizationId)
  expect((await run(certificatesLoader, getRequest('/', other.cookie), { id: cls.id, file: 'chung-nhan.zip' })).status).toBe(404)
  expect((await run(certificatesLoader, getRequest('/', people[0]!.cookie), { id: cls.id, file: 'chung-nhan.csv' })).status).toBe(403)
})

test("a member's learning outside the class's assignments shows nowhere: drill-down, matrix, exports, certificates", async () => {
  const { trainer, cls, people } = await classWith(1)
  const member = people[0]!
  const OTHER = 'chuyen-doi-so-cho-can-bo'
  const otherTitle = getCourse(OTHER)!.title
  const ASSIGNED_SIM = 'vneid-kich-hoat-tai-khoan'
  const OTHER_SIM = 'phan-anh-1022-theo-doi'
  const otherSimTitle = targetTitle('simulator', OTHER_SIM)
  await prisma.assignment.create({ data: { classId: cls.id, kind: 'course', targetId: COURSE, dueAt: endOfVietnamDay(inDays(5)) } })
  await prisma.assignment.create({ data: { classId: cls.id, kind: 'simulator', targetId: ASSIGNED_SIM, dueAt: endOfVietnamDay(inDays(5)) } })
  await completeCourse(member.user.id)
  await completeCourse(member.user.id, OTHER)
  const assigned = (await issueCertificate(member.user.id, COURSE))!
  const other = (await issueCertificate(member.user.id, OTHER))!
  const score = { steps: 5, firstTry: 5, mistakes: 0, hintsUsed: 0, seconds: 60, percent: 100, passed: true }
  await simulatorFinished({ userId: member.user.id }, { scenarioId: ASSIGNED_SIM, mode: 'check', startedAt: Date.now() - 60_000, score, steps: [] })
  await simulatorFinished({ userId: member.user.id }, { scenarioId: OTHER_SIM, mode: 'check', startedAt: Date.now() - 50_000, score, steps: [] })
  const leaks = (text: string) => [OTHER, otherTitle, other.code, OTHER_SIM, otherSimTitle].filter((needle) => text.includes(needle))

  const detail = await run(learnerLoader, getRequest('/', trainer.cookie), { id: cls.id, userId: member.user.id })
  const body = detail.body as { courses: { slug: string }[]; quizzes: { course: string }[]; simulators: { scenarioId: string }[] }
  expect(body.courses.map((course) => course.slug)).toEqual([COURSE])
  expect(body.quizzes.map((quiz) => quiz.course)).toEqual([getCourse(COURSE)!.title])
  expect(body.simulators.map((attempt) => attempt.scenarioId)).toEqual([ASSIGNED_SIM])
  expect(leaks(JSON.stringify(detail.body))).toEqual([])

  const matrix = await run(matrixLoader, getRequest(`/lop-hoc/${cls.id}/tien-do`, trainer.cookie), { id: cls.id })
  expect(leaks(JSON.stringify(matrix.body))).toEqual([])
  const csv = await run(exportLoader, getRequest('/', trainer.cookie), { id: cls.id, file: 'bang-tien-do.csv' })
  expect(leaks(String(csv.body))).toEqual([])
  const xlsx = await exportLoader({ request: getRequest('/', trainer.cookie), params: { id: cls.id, file: 'bang-tien-do.xlsx' }, context })
  const sheets = Object.values(unzipSync(new Uint8Array(await xlsx.arrayBuffer())))
    .map((bytes) => new TextDecoder().decode(bytes))
    .join('\n')
  expect(leaks(sheets)).toEqual([])

  expect((await run(classLoader, getRequest(`/lop-hoc/${cls.id}`, trainer.cookie), { id: cls.id })).body).toMatchObject({ certificateCount: 1 })
  const list = await run(certificatesLoader, getRequest('/', trainer.cookie), { id: cls.id, file: 'chung-nhan.csv' })
  const { records } = readCsvRecords(String(list.body).replace(/^\uFEFF/, ''))
  expect(records.slice(1).map((record) => record.fields[3])).toEqual([assigned.code])
  const zip = await certificatesLoader({ request: getRequest('/', trainer.cookie), params: { id: cls.id, file: 'chung-nhan.zip' }, context })
  expect(Object.keys(unzipSync(new Uint8Array(await zip.arrayBuffer()))).sort()).toEqual(['danh-sach-chung-nhan.csv', `chung-nhan-${assigned.code}.pdf`].sort())

  // With nothing assigned, nothing of the member's learning is shown at all.
  await prisma.assignment.deleteMany({ where: { classId: cls.id } })
  const bare = (await run(learnerLoader, getRequest('/', trainer.cookie), { id: cls.id, userId: member.user.id })).body as typeof body
  expect(bare).toMatchObject({ courses: [], quizzes: [], simulators: [] })
  // …and the page says the class has nothing assigned rather than "never studied"
  // of someone who finished the course.
  expect(bare).toMatchObject({ nothingAssigned: true, assignments: [] })
  expect(detail.body).toMatchObject({ nothingAssigned: false })
  expect((await run(classLoader, getRequest(`/lop-hoc/${cls.id}`, trainer.cookie), { id: cls.id })).body).toMatchObject({ certificateCount: 0 })
})

test("the matrix's batched standing equals the course page's, learner by learner", async () => {
  const { people } = await classWith(4)
  const [none, partial, done, ruled] = people.map((p) => p.user.id) as [string, string, string, string]
  const course = getCourse(COURSE)!
  await lessonCompleted({ userId: partial }, COURSE, course.lessons[0]!.slug, 'p1')
  await lessonCompleted({ userId: partial }, COURSE, course.lessons[2]!.slug, 'p2')
  await completeCourse(done)
  // A course whose rule also asks for a simulator: lessons and quiz alone stop short of 100.
  await completeCourse(ruled, 'lam-quen-vneid')
  const courses = [course, getCourse('lam-quen-vneid')!]
  const batched = await courseStandings([none, partial, done, ruled], courses)
  for (const userId of [none, partial, done, ruled]) {
    const facts = await learnerFacts(userId)
    for (const c of courses) {
      const single = courseStanding(c, facts)
      const many = batched.get(userId)?.get(c.slug)
      if (!single.started && !single.completedAt) expect(many).toBeUndefined()
      else expect(many).toEqual(single)
    }
  }
  expect(batched.get(ruled)!.get('lam-quen-vneid')!.percent).toBeLessThan(100)
  expect(batched.get(done)!.get(COURSE)!.percent).toBe(100)
})
