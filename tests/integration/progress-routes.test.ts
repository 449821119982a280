import { expect, test, vi } from 'vitest'
import { getCourse } from '~/content/catalog.server'
import { prisma } from '~/db.server'
import { snapshotProjections, rebuildProjections } from '~/progress/rebuild.server'
import { action as deleteAction } from '~/routes/account-delete'
import { loader as dataLoader } from '~/routes/account-data'
import { loader as courseLoader } from '~/routes/course'
import { action as quizAction, loader as quizLoader } from '~/routes/course-quiz'
import { loader as homeLoader } from '~/routes/home'
import { action as lessonAction, loader as lessonLoader } from '~/routes/lesson'
import { action as loginAction } from '~/routes/login'
import { action as preferencesAction } from '~/routes/preferences'
import { loader as progressLoader } from '~/routes/progress'
import { action as signupAction } from '~/routes/signup'
import { action as simulatorAction, loader as simulatorLoader } from '~/routes/simulator'
import { getScenario } from '~/simulators/catalog.server'
import { type Action, advance, start } from '~/simulators/engine'
import { encodeState } from '~/simulators/state'
import { type Outcome, formRequest, getRequest, run, sessionCookieFrom } from '../support/http'

const COURSE = 'lam-quen-vneid'
const PASSWORD = 'Bà đi chợ sáng thứ bảy'
let counter = 0
const uniquePhone = () => `09${String(Date.now() % 1e6).padStart(6, '0')}${String(++counter % 100).padStart(2, '0')}`

function guestCookieFrom(outcome: Outcome): string {
  const cookie = outcome.headers.getSetCookie().find((value) => value.startsWith('hs_guest='))
  if (!cookie) throw new Error(`no guest cookie in ${outcome.headers.getSetCookie().join(' | ')}`)
  return cookie.split(';')[0]!
}

async function signUp(cookie?: string) {
  const login = uniquePhone()
  const outcome = await run(
    signupAction,
    formRequest('/dang-ky', { name: 'Trần Văn Bình', login, password: PASSWORD, kind: 'RESIDENT', consent: 'on' }, cookie),
  )
  expect(outcome.status).toBe(302)
  const user = await prisma.user.findFirstOrThrow({ where: { phone: `+84${login.slice(1)}` } })
  return { outcome, session: sessionCookieFrom(outcome), user, login }
}

function quizAnswers(courseSlug: string, correctCount: number) {
  const questions = getCourse(courseSlug)!.quiz.questions
  return Object.fromEntries(
    questions.map((question, index) => [question.id, String(index < correctCount ? question.answer : (question.answer + 1) % question.choices.length)]),
  )
}

const lessonUrl = (lesson: string) => `/khoa-hoc/${COURSE}/${lesson}`

test('a guest learns without an account, and signing up keeps it once', async () => {
  const course = getCourse(COURSE)!
  const [first, second] = course.lessons
  // A visitor with no progress gets no cookie, so the page stays cacheable.
  const visit = await run(lessonLoader, getRequest(lessonUrl(first!.slug)), { course: COURSE, lesson: first!.slug })
  expect(visit.headers.getSetCookie()).toEqual([])

  const done = await run(lessonAction, formRequest(lessonUrl(first!.slug), { formId: crypto.randomUUID() }), { course: COURSE, lesson: first!.slug })
  expect(done.status).toBe(302)
  // The next lesson says the click was saved (a query flag: no JavaScript, no session needed).
  expect(done.headers.get('Location')).toBe(`${lessonUrl(second!.slug)}?da-hoc=${first!.slug}`)
  let guest = guestCookieFrom(done)
  const next = await run(lessonLoader, getRequest(done.headers.get('Location')!, guest), { course: COURSE, lesson: second!.slug })
  expect((next.body as { savedLesson: string | null }).savedLesson).toBe(first!.title)
  // A flag naming no lesson of this course shows nothing.
  const bogus = await run(lessonLoader, getRequest(`${lessonUrl(second!.slug)}?da-hoc=khong-co`, guest), { course: COURSE, lesson: second!.slug })
  expect((bogus.body as { savedLesson: string | null }).savedLesson).toBeNull()

  const page = await run(courseLoader, getRequest(`/khoa-hoc/${COURSE}`, guest), { course: COURSE })
  const progress = (page.body as { progress: { completedLessons: string[]; next: { kind: string; slug?: string } } }).progress
  expect(progress.completedLessons).toEqual([first!.slug])
  expect(progress.next).toEqual({ kind: 'lesson', slug: second!.slug })

  const quiz = await run(quizAction, formRequest(`/khoa-hoc/${COURSE}/kiem-tra`, quizAnswers(COURSE, 4), guest), { course: COURSE })
  guest = guestCookieFrom(quiz)
  const home = await run(homeLoader, getRequest('/', guest))
  expect((home.body as { resume: { href: string } }).resume.href).toBe(lessonUrl(second!.slug))

  // A hand-edited cookie is ignored, not an error.
  const forged = guest.replace(/\.[^.]+$/, '.AAAAAAAAAAAAAAAAAAAAAA')
  const tampered = await run(courseLoader, getRequest(`/khoa-hoc/${COURSE}`, forged), { course: COURSE })
  expect((tampered.body as { progress: { completedLessons: string[] } }).progress.completedLessons).toEqual([])

  const { outcome, user, login } = await signUp(guest)
  expect(outcome.headers.getSetCookie().some((value) => value.startsWith('hs_guest=;') && value.includes('Max-Age=0'))).toBe(true)
  const rows = await prisma.courseProgress.findMany({ where: { userId: user.id } })
  expect(rows).toMatchObject([{ courseSlug: COURSE, lessonsCompleted: 1, quizBestPercent: Math.round((4 / course.quiz.questions.length) * 100) }])
  const merged = await prisma.learningEvent.count({ where: { actorId: user.id } })

  // The same cookie presented again (another tab, a retried login) adds nothing.
  const again = await run(loginAction, formRequest('/dang-nhap', { login, password: PASSWORD }, guest))
  expect(again.status).toBe(302)
  expect(await prisma.learningEvent.count({ where: { actorId: user.id } })).toBe(merged)
  expect((await prisma.courseProgress.findFirstOrThrow({ where: { userId: user.id } })).lessonsCompleted).toBe(1)
})

test('a signed-in learner completes a course once, sees it on the dashboard, and a rebuild reproduces every row', async () => {
  const course = getCourse(COURSE)!
  const { session, user } = await signUp()
  const params = (lesson: string) => ({ course: COURSE, lesson })

  // Opening a lesson twice in a row is one visit.
  const first = course.lessons[0]!.slug
  await run(lessonLoader, getRequest(lessonUrl(first), session), params(first))
  await run(lessonLoader, getRequest(lessonUrl(first), session), params(first))
  expect(await prisma.learningEvent.count({ where: { actorId: user.id, verb: 'experienced' } })).toBe(1)

  // A re-sent "done" post (same form id) counts once.
  const formId = crypto.randomUUID()
  await run(lessonAction, formRequest(lessonUrl(first), { formId }, session), params(first))
  await run(lessonAction, formRequest(lessonUrl(first), { formId }, session), params(first))
  expect(await prisma.learningEvent.count({ where: { actorId: user.id, verb: 'completed' } })).toBe(1)

  let last: Outcome | undefined
  for (const lesson of course.lessons) {
    last = await run(lessonAction, formRequest(lessonUrl(lesson.slug), { formId: crypto.randomUUID() }, session), params(lesson.slug))
  }
  // Every lesson read, quiz not passed yet: on to the quiz.
  const lastLesson = course.lessons.at(-1)!
  expect(last!.headers.get('Location')).toBe(`/khoa-hoc/${COURSE}/kiem-tra?da-hoc=${lastLesson.slug}`)
  const quizPage = await run(quizLoader, getRequest(last!.headers.get('Location')!, session), { course: COURSE })
  expect((quizPage.body as { savedLesson: string | null }).savedLesson).toBe(lastLesson.title)

  const failed = await run(quizAction, formRequest(`/khoa-hoc/${COURSE}/kiem-tra`, { ...quizAnswers(COURSE, 1), attempt: crypto.randomUUID() }, session), { course: COURSE })
  expect((failed.body as { completedCourse: boolean }).completedCourse).toBe(false)
  const answered = await prisma.learningEvent.count({ where: { actorId: user.id, verb: 'answered' } })
  expect(answered).toBe(course.quiz.questions.length)

  const attempt = crypto.randomUUID()
  const passForm = { ...quizAnswers(COURSE, course.quiz.questions.length), attempt, startedAt: String(Date.now() - 120_000) }
  const passed = await run(quizAction, formRequest(`/khoa-hoc/${COURSE}/kiem-tra`, passForm, session), { course: COURSE })
  // The rule also asks for the activation simulator passed in check mode.
  expect(course.completion.simulators).toEqual(['vneid-kich-hoat-tai-khoan'])
  expect((passed.body as { completedCourse: boolean }).completedCourse).toBe(false)
  const pending = await run(courseLoader, getRequest(`/khoa-hoc/${COURSE}`, session), { course: COURSE })
  expect(pending.body).toMatchObject({ progress: { next: { kind: 'simulator', id: 'vneid-kich-hoat-tai-khoan' }, nextHref: '/mo-phong/vneid-kich-hoat-tai-khoan?che-do=kiem-tra' } })
  // The same submission re-sent: nothing new.
  await run(quizAction, formRequest(`/khoa-hoc/${COURSE}/kiem-tra`, passForm, session), { course: COURSE })
  expect(await prisma.quizAttempt.count({ where: { userId: user.id } })).toBe(2)

  // A simulator finished with JavaScript posts the actions it took once; the server replays them.
  const scenario = getScenario('vneid-kich-hoat-tai-khoan')!
  let state = start(scenario, 'check', Date.now() - 60_000)
  const actions: Action[] = []
  for (let guard = 0; !state.done && guard < 50; guard++) {
    const step = scenario.steps.find((candidate) => candidate.id === state.stepId)!
    const value = step.expect.value && ('exact' in step.expect.value ? step.expect.value.exact : 'oneOf' in step.expect.value ? step.expect.value.oneOf[0] : undefined)
    const act: Action = { type: 'act', target: step.expect.target, value }
    actions.push(act)
    state = advance(scenario, state, act, Date.now())
  }
  const url = `/mo-phong/${scenario.id}?che-do=kiem-tra`
  const finish = { intent: 'complete', actions: JSON.stringify(actions), startedAt: String(state.startedAt) }
  // A forged final state with no actions, or actions that stop short, records nothing.
  // The action answers with a redirect to the result page; the course it completed rides along.
  const finishedCourse = (outcome: Outcome) => new URL(outcome.headers.get('Location')!, 'http://localhost').searchParams.get('hoan-thanh')
  const forged = { intent: 'complete', state: encodeState(state), actions: JSON.stringify(actions.slice(0, -1)), startedAt: String(state.startedAt) }
  const refused = await run(simulatorAction, formRequest(url, forged, session), { id: scenario.id })
  expect(refused.status).toBe(303)
  expect(refused.headers.get('Location')).toMatch(/#sim-task$/)
  expect(finishedCourse(refused)).toBeNull()
  expect(finishedCourse(await run(simulatorAction, formRequest(url, { intent: 'complete', state: encodeState(state) }, session), { id: scenario.id }))).toBeNull()
  expect(await prisma.simulatorAttempt.count({ where: { userId: user.id } })).toBe(0)
  // A practice run does not count towards the rule.
  expect(finishedCourse(await run(simulatorAction, formRequest(`/mo-phong/${scenario.id}?che-do=luyen-tap`, finish, session), { id: scenario.id }))).toBeNull()
  const finished = await run(simulatorAction, formRequest(url, finish, session), { id: scenario.id })
  expect(finished.headers.get('Location')).toMatch(/#sim-result$/)
  expect(finishedCourse(finished)).toBe(COURSE)
  // The result page it leads to shows the congratulations; showing it again records nothing.
  const resultPage = await run(simulatorLoader, getRequest(finished.headers.get('Location')!.split('#')[0]!, session), { id: scenario.id })
  expect(resultPage.body).toMatchObject({ completedCourse: { slug: COURSE }, state: { done: true } })
  const again = await run(simulatorAction, formRequest(url, finish, session), { id: scenario.id })
  expect(finishedCourse(again)).toBeNull()
  expect(await prisma.learningEvent.count({ where: { actorId: user.id, objectType: 'course' } })).toBe(1)
  const coursePage = await run(courseLoader, getRequest(`/khoa-hoc/${COURSE}?hoan-thanh=1`, session), { course: COURSE })
  expect(coursePage.body).toMatchObject({ justCompleted: true, progress: { status: { complete: true, percent: 100 } } })
  expect(await prisma.simulatorAttempt.findMany({ where: { userId: user.id, mode: 'check' } })).toMatchObject([{ scenarioId: scenario.id, passed: true, percent: 100 }])
  expect(await prisma.learningEvent.count({ where: { actorId: user.id, verb: 'responded' } })).toBe(state.records.length * 2)
  // Nothing typed is in the log.
  const log = JSON.stringify(await prisma.learningEvent.findMany({ where: { actorId: user.id } }))
  expect(log).not.toMatch(/000\d{9}/)

  const dashboard = await run(progressLoader, getRequest('/hoc-tap', session))
  const view = (dashboard.body as { view: { courses: { slug: string; complete: boolean; percent: number }[]; simulators: { id: string; passedCheck: boolean }[]; timeSpentSec: number } }).view
  expect(view.courses).toMatchObject([{ slug: COURSE, complete: true, percent: 100 }])
  expect(view.simulators).toMatchObject([{ id: scenario.id, passedCheck: true, attempts: 2 }])
  expect(view.timeSpentSec).toBeGreaterThan(0)

  const before = await snapshotProjections()
  await prisma.courseProgress.deleteMany({ where: { userId: user.id } })
  await prisma.quizAttempt.deleteMany({ where: { userId: user.id } })
  await rebuildProjections()
  expect(await snapshotProjections()).toEqual(before)
})

test('deleting an account keeps the log under a pseudonym and removes the rows pages read', async () => {
  const { session, user } = await signUp()
  const lesson = getCourse(COURSE)!.lessons[0]!.slug
  await run(lessonAction, formRequest(lessonUrl(lesson), { formId: crypto.randomUUID() }, session), { course: COURSE, lesson })
  const exported = await run(dataLoader, getRequest('/tai-khoan/du-lieu', session))
  expect((exported.body as { learningRecords: { verb: string }[] }).learningRecords).toMatchObject([{ verb: 'completed' }])

  const deleted = await run(deleteAction, formRequest('/tai-khoan/xoa', { password: PASSWORD, confirm: 'on' }, session))
  expect(deleted.status).toBe(200)
  expect(await prisma.learningEvent.count({ where: { actorId: user.id } })).toBe(0)
  const events = await prisma.learningEvent.findMany({ where: { actorId: { startsWith: 'deleted:' }, objectId: `${COURSE}/${lesson}` } })
  expect(events.length).toBeGreaterThanOrEqual(1)
  expect(await prisma.courseProgress.count({ where: { userId: user.id } })).toBe(0)
  expect(await prisma.lessonProgress.count({ where: { userId: user.id } })).toBe(0)
})

// One learner's morning, done once as a guest who then signs up and once
// signed in from the start, at the same (frozen) clock times: the account's
// rows must come out the same either way.
test("a guest's simulator and lessons join the account with the rows a signed-in learner gets; large text goes with the account", async () => {
  const course = getCourse(COURSE)!
  const [first, second] = course.lessons
  const scenario = getScenario('vneid-kich-hoat-tai-khoan')!
  // Whole seconds, as the guest cookie keeps them; not in the past, where the
  // login throttle would see earlier tests' attempts as still to come.
  const T0 = Math.ceil(Date.now() / 1000) * 1000 + 1000
  const at = (ms: number) => vi.setSystemTime(T0 + ms)
  const MIN = 60_000

  // Each step returns what the answer set, so the guest's cookies can follow.
  type Jar = Map<string, string>
  const header = (jar: Jar) => [...jar.entries()].map(([name, value]) => `${name}=${value}`).join('; ')
  const keep = (jar: Jar, outcome: Outcome) => {
    for (const cookie of outcome.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';')
      const index = pair.indexOf('=')
      const value = pair.slice(index + 1)
      if (value) jar.set(pair.slice(0, index), value)
      else jar.delete(pair.slice(0, index))
    }
    return outcome
  }
  async function morning(jar: Jar) {
    at(0)
    let state = start(scenario, 'check', T0 - 7_000)
    const actions: Action[] = []
    for (let guard = 0; !state.done && guard < 50; guard++) {
      const step = scenario.steps.find((candidate) => candidate.id === state.stepId)!
      const value = step.expect.value && ('exact' in step.expect.value ? step.expect.value.exact : 'oneOf' in step.expect.value ? step.expect.value.oneOf[0] : undefined)
      const act: Action = { type: 'act', target: step.expect.target, value }
      actions.push(act)
      state = advance(scenario, state, act, Date.now())
    }
    const finish = { intent: 'complete', actions: JSON.stringify(actions), startedAt: String(T0 - 7_000) }
    keep(jar, await run(simulatorAction, formRequest(`/mo-phong/${scenario.id}?che-do=kiem-tra`, finish, header(jar)), { id: scenario.id }))
    const open = async (lesson: string) => keep(jar, await run(lessonLoader, getRequest(lessonUrl(lesson), header(jar)), { course: COURSE, lesson }))
    at(10_000)
    await open(first!.slug)
    // Within half an hour: the same visit.
    at(20 * MIN)
    await open(first!.slug)
    at(40 * MIN)
    await open(first!.slug)
    at(41 * MIN)
    keep(jar, await run(lessonAction, formRequest(lessonUrl(first!.slug), { formId: crypto.randomUUID() }, header(jar)), { course: COURSE, lesson: first!.slug }))
    at(42 * MIN)
    await open(second!.slug)
    at(44 * MIN)
    const answers = { ...quizAnswers(COURSE, 3), attempt: crypto.randomUUID(), startedAt: String(T0 + 43 * MIN) }
    keep(jar, await run(quizAction, formRequest(`/khoa-hoc/${COURSE}/kiem-tra`, answers, header(jar)), { course: COURSE }))
  }
  const rowsOf = async (userId: string) => ({
    simulators: (await prisma.simulatorAttempt.findMany({ where: { userId }, orderBy: { completedAt: 'asc' } })).map(({ id: _id, userId: _user, ...row }) => row),
    lessons: (await prisma.lessonProgress.findMany({ where: { userId }, orderBy: { lessonSlug: 'asc' } })).map(({ userId: _user, ...row }) => row),
    courses: (await prisma.courseProgress.findMany({ where: { userId } })).map(({ userId: _user, ...row }) => row),
    quizzes: (await prisma.quizAttempt.findMany({ where: { userId } })).map(({ id: _id, userId: _user, ...row }) => row),
  })

  vi.useFakeTimers({ toFake: ['Date'] })
  try {
    // Signed in from the start.
    at(-MIN)
    const member = await signUp()
    const memberJar: Jar = new Map([[member.session.split('=')[0]!, member.session.slice(member.session.indexOf('=') + 1)]])
    await morning(memberJar)

    // The same as a guest, who also chooses large text, then signs up.
    const guestJar: Jar = new Map()
    at(-MIN)
    keep(guestJar, await run(preferencesAction, formRequest('/preferences', { text: 'large', redirectTo: '/' })))
    await morning(guestJar)
    expect(guestJar.get('hs_guest')).toMatch(/^v2/)
    at(50 * MIN)
    const joined = await signUp(header(guestJar))
    expect(joined.outcome.headers.getSetCookie().some((value) => value.startsWith('hs_guest=;'))).toBe(true)

    const expected = await rowsOf(member.user.id)
    // What the learner saw: every step right first time, 7 s; the lesson opened, re-opened, read in a minute.
    expect(expected.simulators).toEqual([
      expect.objectContaining({ mode: 'check', steps: 13, firstTry: 13, mistakes: 0, percent: 100, durationSec: 7, passed: true, completedAt: new Date(T0) }),
    ])
    expect(expected.lessons).toEqual(
      expect.arrayContaining([
        { courseSlug: COURSE, lessonSlug: first!.slug, firstOpenedAt: new Date(T0 + 10_000), lastOpenedAt: new Date(T0 + 40 * MIN), completedAt: new Date(T0 + 41 * MIN), timeSpentSec: 60 },
        { courseSlug: COURSE, lessonSlug: second!.slug, firstOpenedAt: new Date(T0 + 42 * MIN), lastOpenedAt: new Date(T0 + 42 * MIN), completedAt: null, timeSpentSec: 0 },
      ]),
    )
    expect(expected.quizzes).toEqual([expect.objectContaining({ correct: 3, total: course.quiz.questions.length, createdAt: new Date(T0 + 44 * MIN) })])
    expect(expected.courses).toEqual([expect.objectContaining({ lessonsCompleted: 1, lastLessonSlug: second!.slug, timeSpentSec: 60 + 60 })])
    expect(await rowsOf(joined.user.id)).toEqual(expected)

    // Large text chosen as a guest is on the account…
    const account = await prisma.user.findUniqueOrThrow({ where: { id: joined.user.id } })
    expect({ textSize: account.textSize, contrast: account.contrast, locale: account.locale }).toEqual({ textSize: 'large', contrast: 'normal', locale: 'vi' })
    // …so another phone, with no choice of its own yet, starts with it at login;
    const phone = await run(loginAction, formRequest('/dang-nhap', { login: joined.login, password: PASSWORD }))
    expect(phone.status, JSON.stringify(phone.body)).toBe(302)
    const prefs = phone.headers.getSetCookie().find((value) => value.startsWith('hs_prefs='))
    expect(decodeURIComponent(prefs ?? '')).toContain('text=large')
    // a phone that has its own choice keeps it.
    const own = await run(loginAction, formRequest('/dang-nhap', { login: joined.login, password: PASSWORD }, 'hs_prefs=lang%3Dvi%26text%3Dnormal%26contrast%3Dnormal'))
    expect(own.headers.getSetCookie().some((value) => value.startsWith('hs_prefs='))).toBe(false)
    // Changed later from the preferences bar while signed in, the account follows.
    await run(preferencesAction, formRequest('/preferences', { contrast: 'high', redirectTo: '/' }, sessionCookieFrom(own)))
    expect((await prisma.user.findUniqueOrThrow({ where: { id: joined.user.id } })).contrast).toBe('high')
  } finally {
    vi.useRealTimers()
  }
})
