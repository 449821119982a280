import { expect, test } from 'vitest'
import { getCatalog } from '~/content/catalog.server'
import { loader as courseLoader } from '~/routes/course'
import { action as quizAction, loader as quizLoader } from '~/routes/course-quiz'
import { loader as coursesLoader } from '~/routes/courses'
import { loader as homeLoader } from '~/routes/home'
import { loader as lessonLoader } from '~/routes/lesson'
import { loader as searchLoader } from '~/routes/search'
import { formRequest, getRequest, run } from '../support/http'

type Course = { slug: string; audience: string; lessons: { slug: string; title: string }[] }

test('the catalogue lists all five courses and filters by audience', async () => {
  const all = (await run(coursesLoader, getRequest('/khoa-hoc'))).body as { courses: Course[] }
  expect(all.courses.map((course) => course.slug)).toEqual([
    'lam-quen-vneid',
    'dich-vu-cong-truc-tuyen',
    'phan-anh-kien-nghi',
    'an-toan-tren-moi-truong-so',
    'chuyen-doi-so-cho-can-bo',
  ])
  const residents = (await run(coursesLoader, getRequest('/khoa-hoc?doi-tuong=nguoi-dan'))).body as { courses: Course[] }
  expect(residents.courses.every((course) => course.audience !== 'civil-servants')).toBe(true)
  expect(residents.courses.map((course) => course.slug)).not.toContain('chuyen-doi-so-cho-can-bo')
  const civil = (await run(coursesLoader, getRequest('/khoa-hoc?doi-tuong=can-bo'))).body as { courses: Course[] }
  expect(civil.courses.map((course) => course.slug)).toContain('chuyen-doi-so-cho-can-bo')
  expect(civil.courses.map((course) => course.slug)).not.toContain('lam-quen-vneid')
  const ignored = (await run(coursesLoader, getRequest('/khoa-hoc?doi-tuong=xyz'))).body as { courses: Course[] }
  expect(ignored.courses).toHaveLength(5)
  const home = (await run(homeLoader, getRequest('/'))).body as { courses: Course[] }
  expect(home.courses).toHaveLength(5)
})

test('every course has 4–8 lessons of 5–10 minutes and a quiz of 8+ questions', () => {
  for (const course of getCatalog().courses) {
    expect(course.lessons.length, course.slug).toBeGreaterThanOrEqual(4)
    expect(course.lessons.length, course.slug).toBeLessThanOrEqual(8)
    for (const lesson of course.lessons) {
      expect(lesson.minutes).toBeGreaterThanOrEqual(5)
      expect(lesson.minutes).toBeLessThanOrEqual(10)
    }
    expect(course.quiz.questions.length, course.slug).toBeGreaterThanOrEqual(8)
  }
})

test('a course page and its lessons, with previous and next', async () => {
  const course = (await run(courseLoader, getRequest('/khoa-hoc/lam-quen-vneid'), { course: 'lam-quen-vneid' })).body as {
    course: Course & { minutes: number; outcomes: string[] }
    quizCount: number
  }
  expect(course.course.outcomes.length).toBeGreaterThanOrEqual(3)
  expect(course.quizCount).toBeGreaterThanOrEqual(8)
  const [first, second] = course.course.lessons
  const lesson = (await run(lessonLoader, getRequest(`/khoa-hoc/lam-quen-vneid/${first!.slug}`), { course: 'lam-quen-vneid', lesson: first!.slug })).body as {
    previous: unknown
    next: { slug: string }
    code: string
    glossary: { word: string; definition: string }[]
  }
  expect(lesson.previous).toBeNull()
  expect(lesson.next.slug).toBe(second!.slug)
  expect(lesson.code.length).toBeGreaterThan(100)
  expect(lesson.glossary.length).toBeGreaterThan(0)

  expect((await run(courseLoader, getRequest('/khoa-hoc/khong-co'), { course: 'khong-co' })).status).toBe(404)
  expect((await run(lessonLoader, getRequest('/khoa-hoc/lam-quen-vneid/khong-co'), { course: 'lam-quen-vneid', lesson: 'khong-co' })).status).toBe(404)
})

test('search ignores diacritics and case: "dang ky tam tru" finds the temporary residence lesson', async () => {
  const plain = (await run(searchLoader, getRequest('/tim-kiem?q=dang+ky+tam+tru'))).body as { hits: { title: string; course: string }[] }
  expect(plain.hits.length).toBeGreaterThan(0)
  expect(plain.hits[0]!.title.toLowerCase()).toContain('tạm trú')
  const shouting = (await run(searchLoader, getRequest('/tim-kiem?q=ĐĂNG%20KÝ%20TẠM%20TRÚ'))).body as { hits: { title: string }[] }
  expect(shouting.hits[0]!.title).toBe(plain.hits[0]!.title)
  const none = (await run(searchLoader, getRequest('/tim-kiem?q=zzzzqqq'))).body as { hits: unknown[] }
  expect(none.hits).toEqual([])
  const empty = (await run(searchLoader, getRequest('/tim-kiem?q='))).body as { hits: unknown[] }
  expect(empty.hits).toEqual([])
})

test('search finds simulators too, with or without diacritics, linking to /mo-phong/<id>', async () => {
  for (const q of ['kích hoạt tài khoản định danh', 'kich hoat tai khoan dinh danh']) {
    const found = (await run(searchLoader, getRequest(`/tim-kiem?${new URLSearchParams({ q })}`))).body as { hits: { kind: string; href: string; title: string }[] }
    expect(found.hits).toContainEqual(expect.objectContaining({ kind: 'simulator', href: '/mo-phong/vneid-kich-hoat-tai-khoan' }))
  }
  const both = (await run(searchLoader, getRequest('/tim-kiem?q=dang+ky+tam+tru'))).body as { hits: { kind: string; href: string }[] }
  expect(both.hits.map((hit) => hit.kind)).toEqual(expect.arrayContaining(['lesson', 'simulator']))
  expect(both.hits.map((hit) => hit.href)).toContain('/mo-phong/vneid-dang-ky-tam-tru')
})

test('search snippets never put a space before punctuation ("chữ ,")', async () => {
  let snippets = 0
  for (const q of ['bam', 'chon', 'VNeID', 'OTP', 'ho so', 'mat khau']) {
    const found = (await run(searchLoader, getRequest(`/tim-kiem?q=${encodeURIComponent(q)}`))).body as { hits: { snippet: string }[] }
    for (const { snippet } of found.hits) {
      snippets += 1
      expect(snippet, q).not.toMatch(/\s[,.;:!?)”]/)
      expect(snippet, q).not.toMatch(/[(“]\s/)
    }
  }
  expect(snippets).toBeGreaterThan(10)
})

test('the course quiz grades answers, explains each one, and keeps choices when incomplete', async () => {
  const course = getCatalog().courses[0]!
  const page = (await run(quizLoader, getRequest(`/khoa-hoc/${course.slug}/kiem-tra`), { course: course.slug })).body as {
    questions: { id: string; choices: string[] }[]
  }
  // The answers never reach the page before submitting.
  expect(JSON.stringify(page)).not.toContain('"answer"')
  expect(JSON.stringify(page)).not.toContain('explanation')

  const right = Object.fromEntries(course.quiz.questions.map((question) => [question.id, String(question.answer)]))
  const passed = await run(quizAction, formRequest(`/khoa-hoc/${course.slug}/kiem-tra`, right), { course: course.slug })
  expect(passed.body).toMatchObject({ status: 'graded', grade: { passed: true, percent: 100 } })

  const wrong = Object.fromEntries(course.quiz.questions.map((question) => [question.id, String((question.answer + 1) % question.choices.length)]))
  const failed = await run(quizAction, formRequest(`/khoa-hoc/${course.slug}/kiem-tra`, wrong), { course: course.slug })
  expect(failed.body).toMatchObject({ status: 'graded', grade: { passed: false, correct: 0 } })
  expect((failed.body as { feedback: { explanation: string }[] }).feedback[0]!.explanation.length).toBeGreaterThan(5)

  const [firstId] = Object.keys(right)
  const partial = await run(quizAction, formRequest(`/khoa-hoc/${course.slug}/kiem-tra`, { [firstId!]: right[firstId!]! }), { course: course.slug })
  expect(partial.status).toBe(400)
  expect(partial.body).toMatchObject({ status: 'incomplete', chosen: { [firstId!]: Number(right[firstId!]) } })
})
