import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'
import { buildContent } from '~/content/build.server'
import { COURSE_YAML, lessonFile, makeContent, quizYaml } from '../support/content-fixture'

async function problemsFor(overrides: Record<string, string | null>) {
  const { contentDir, publicDir } = makeContent(overrides)
  const { problems } = await buildContent({ contentDir, publicDir })
  return problems.map((problem) => `${problem.file}:${problem.line}: ${problem.message}`)
}

test('a valid course builds into a catalog with lessons, quiz and search text', async () => {
  const { contentDir, publicDir } = makeContent({
    'courses/khoa-thu/02-bai-hai.mdx': lessonFile(
      'bai-hai',
      '## Đăng ký tạm trú\n\nDùng <Term definition="Mã dùng một lần">OTP</Term> cẩn thận.\n\n<Callout type="warning">\n\nKhông đưa mã cho ai.\n\n</Callout>\n\n<Quiz question="Có nên đưa OTP?" choices={["Có", "Không"]} answer={1} explanation="Không bao giờ." />\n',
    ),
  })
  const { problems, catalog } = await buildContent({ contentDir, publicDir })
  expect(problems).toEqual([])
  const course = catalog!.courses[0]!
  expect(course).toMatchObject({ slug: 'khoa-thu', minutes: 24, audience: 'residents' })
  expect(course.lessons.map((lesson) => lesson.slug)).toEqual(['bai-mot', 'bai-hai', 'bai-ba', 'bai-bon'])
  expect(course.quiz.questions).toHaveLength(8)
  expect(catalog!.search.find((doc) => doc.lesson === 'bai-hai')!.text).toContain('Đăng ký tạm trú')
})

test('a missing title is reported with file and line', async () => {
  const problems = await problemsFor({
    'courses/khoa-thu/01-bai-mot.mdx': lessonFile('bai-mot').replace('title: Bài bai-mot\n', ''),
  })
  expect(problems).toEqual(['content/courses/khoa-thu/01-bai-mot.mdx:2: thiếu tiêu đề bài (title)'])
})

test('a duplicate lesson slug is reported', async () => {
  const problems = await problemsFor({ 'courses/khoa-thu/02-bai-hai.mdx': lessonFile('bai-mot') })
  expect(problems).toEqual(['content/courses/khoa-thu/02-bai-hai.mdx:2: slug “bai-mot” bị trùng với content/courses/khoa-thu/01-bai-mot.mdx'])
})

test('an unknown component or raw HTML is reported at its line', async () => {
  const problems = await problemsFor({
    'courses/khoa-thu/03-bai-ba.mdx': lessonFile('bai-ba', 'Đoạn một.\n\n<Video src="x.mp4" />\n\n<div>html</div>\n'),
  })
  expect(problems).toEqual([
    'content/courses/khoa-thu/03-bai-ba.mdx:12: thành phần <Video> không có trong danh sách cho phép (Callout, Steps, Step, Figure, Term, Quiz, Simulator)',
    'content/courses/khoa-thu/03-bai-ba.mdx:14: không dùng thẻ HTML <div> trong bài; hãy viết bằng Markdown',
  ])
})

test('a quiz answer out of range is reported, in quiz.yaml and inline', async () => {
  const problems = await problemsFor({
    'courses/khoa-thu/quiz.yaml': quizYaml(8, 5),
    'courses/khoa-thu/04-bai-bon.mdx': lessonFile('bai-bon', '<Quiz question="Hỏi?" choices={["A", "B"]} answer={2} explanation="Vì." />\n'),
  })
  expect(problems).toEqual([
    'content/courses/khoa-thu/04-bai-bon.mdx:10: <Quiz> answer={2} nằm ngoài danh sách choices (đếm từ 0)',
    'content/courses/khoa-thu/quiz.yaml:7: questions.0.answer: answer nằm ngoài danh sách choices (đếm từ 0)',
  ])
})

test('course-level rules: folder name, lesson count, quiz size, bad component attributes, unknown simulator', async () => {
  const problems = await problemsFor({
    'courses/khoa-thu/course.yaml': COURSE_YAML.replace('slug: khoa-thu', 'slug: khoa-khac').replace('audience: residents', 'audience: everyone'),
    'courses/khoa-thu/04-bai-bon.mdx': null,
    'courses/khoa-thu/quiz.yaml': quizYaml(3),
    'courses/khoa-thu/03-bai-ba.mdx': lessonFile('bai-ba', '<Callout type="info">x</Callout>\n\n<Simulator id="khong-co" />\n\n# Tiêu đề lớn\n'),
  })
  expect(problems).toContain('content/courses/khoa-thu/course.yaml:4: audience: audience phải là residents, civil-servants hoặc both')
  expect(problems).toContain('content/courses/khoa-thu:1: một khoá học có 4–8 bài, hiện có 3')
  expect(problems).toContain('content/courses/khoa-thu/quiz.yaml:2: questions: bài kiểm tra cần ít nhất 8 câu hỏi')
  expect(problems).toContain('content/courses/khoa-thu/03-bai-ba.mdx:10: <Callout type="info"> không hợp lệ; dùng tip, warning, danger')
  expect(problems).toContain('content/courses/khoa-thu/03-bai-ba.mdx:12: không có bài mô phỏng “khong-co” trong content/simulators')
  expect(problems).toContain('content/courses/khoa-thu/03-bai-ba.mdx:14: dùng ## cho tiêu đề trong bài (tiêu đề bài đã là title)')
})

test('text that is not NFC and MDX syntax errors are caught', async () => {
  const decomposed = 'Đăng ký'.normalize('NFD')
  const problems = await problemsFor({
    'courses/khoa-thu/01-bai-mot.mdx': lessonFile('bai-mot', `${decomposed}\n`),
    'courses/khoa-thu/02-bai-hai.mdx': lessonFile('bai-hai', 'Giá < 5 nghìn và {chưa đóng\n'),
  })
  expect(problems[0]).toBe('content/courses/khoa-thu/01-bai-mot.mdx:1: tệp chưa ở dạng Unicode NFC (gõ lại dấu tiếng Việt hoặc lưu lại với NFC)')
  expect(problems[1]).toMatch(/^content\/courses\/khoa-thu\/02-bai-hai\.mdx:10: MDX không hợp lệ: /)
  // A YAML value with ": " inside gets a hint.
  const colon = await problemsFor({
    'courses/khoa-thu/01-bai-mot.mdx': lessonFile('bai-mot').replace('  - Làm được một việc', '  - Bốn ý: chuyện gì, ở đâu'),
  })
  expect(colon[0]).toContain('hãy đặt cả câu trong ngoặc kép')
  expect(path.sep).toBeTruthy()
  expect(writeFileSync).toBeTruthy()
})

test('search text joins inline pieces as written: no space before the comma after a bold word or a term', async () => {
  const { contentDir, publicDir } = makeContent({
    'courses/khoa-thu/02-bai-hai.mdx': lessonFile(
      'bai-hai',
      'Bấm **“Tích hợp giấy tờ”**, rồi nhập mã <Term definition="Mã dùng một lần">OTP</Term>. Gõ `123` (ví dụ).\n\n- Mục một\n- Mục hai\n',
    ),
  })
  const { catalog } = await buildContent({ contentDir, publicDir })
  const text = catalog!.search.find((doc) => doc.lesson === 'bai-hai')!.text
  expect(text).toContain('Bấm “Tích hợp giấy tờ”, rồi nhập mã OTP. Gõ 123 (ví dụ).')
  expect(text).toContain('Mục một\nMục hai')
})
