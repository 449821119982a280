import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

// A small, valid content tree written to a temp folder; tests then break one
// thing at a time and check the message the author would see.
export function lessonFile(slug: string, body = 'Một đoạn văn ngắn.\n', title = `Bài ${slug}`) {
  return `---\nslug: ${slug}\ntitle: ${title}\nsummary: Tóm tắt bài.\nminutes: 6\nobjectives:\n  - Làm được một việc\n---\n\n${body}`
}

export const COURSE_YAML = `slug: khoa-thu
title: Khoá thử
summary: Một khoá học để thử.
audience: residents
order: 1
updated: 2026-11
outcomes:
  - Việc một
  - Việc hai
  - Việc ba
completion:
  lessons: all
  quizPassPercent: 80
certificate: true
`

export function quizYaml(count = 8, answer = 0) {
  const questions = Array.from(
    { length: count },
    (_, index) =>
      `  - id: cau-${index + 1}\n    prompt: Câu hỏi ${index + 1}?\n    choices:\n      - Đúng\n      - Sai\n    answer: ${index === 0 ? answer : 0}\n    explanation: Vì đúng là đúng.`,
  )
  return `questions:\n${questions.join('\n')}\n`
}

export function makeContent(overrides: Record<string, string | null> = {}) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'hoc-so-content-'))
  const contentDir = path.join(root, 'content')
  const publicDir = path.join(root, 'public')
  mkdirSync(path.join(publicDir, 'images'), { recursive: true })
  const files: Record<string, string | null> = {
    'courses/khoa-thu/course.yaml': COURSE_YAML,
    'courses/khoa-thu/01-bai-mot.mdx': lessonFile('bai-mot'),
    'courses/khoa-thu/02-bai-hai.mdx': lessonFile('bai-hai'),
    'courses/khoa-thu/03-bai-ba.mdx': lessonFile('bai-ba'),
    'courses/khoa-thu/04-bai-bon.mdx': lessonFile('bai-bon'),
    'courses/khoa-thu/quiz.yaml': quizYaml(),
    ...overrides,
  }
  for (const [name, text] of Object.entries(files)) {
    if (text === null) continue
    const file = path.join(contentDir, name)
    mkdirSync(path.dirname(file), { recursive: true })
    writeFileSync(file, text)
  }
  return { root, contentDir, publicDir }
}
