import { existsSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { parseYaml } from '~/lib/yaml.server'
import {
  type Course,
  CourseSchema,
  type LessonFrontmatter,
  LessonFrontmatterSchema,
  type Quiz,
  QuizSchema,
} from './schemas'

// Reading content/ into typed values, with every problem reported as
// file + line + a sentence an author can act on.
export type { Problem } from '~/lib/yaml.server'
import { type Problem } from '~/lib/yaml.server'

export type LessonSource = {
  file: string
  position: number
  frontmatter: LessonFrontmatter
  body: string
  // Line in the file where `body` starts, so compile errors point at the file.
  bodyStartLine: number
  source: string
}

export type CourseSource = {
  slug: string
  dir: string
  // null when course.yaml is invalid; its lessons are still checked.
  course: Course | null
  lessons: LessonSource[]
  quiz: Quiz | null
}

const LESSON_FILE = /^(\d{2})-[a-z0-9-]+\.mdx$/

function relative(root: string, file: string) {
  return path.relative(path.dirname(root), file).split(path.sep).join('/')
}

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/

export function splitFrontmatter(source: string): { yaml: string; body: string; bodyStartLine: number } | null {
  const match = source.match(FRONTMATTER)
  if (!match) return null
  const consumedLines = match[0].split('\n').length - (match[0].endsWith('\n') ? 1 : 0)
  return { yaml: match[1] ?? '', body: source.slice(match[0].length), bodyStartLine: consumedLines + 1 }
}

function readLesson(file: string, display: string, position: number, problems: Problem[]): LessonSource | null {
  const source = readFileSync(file, 'utf8')
  if (source !== source.normalize('NFC')) {
    problems.push({ file: display, line: 1, message: 'tệp chưa ở dạng Unicode NFC (gõ lại dấu tiếng Việt hoặc lưu lại với NFC)' })
  }
  const parts = splitFrontmatter(source)
  if (!parts) {
    problems.push({ file: display, line: 1, message: 'thiếu phần đầu (frontmatter) giữa hai dòng ---' })
    return null
  }
  const { value, problems: found } = parseYaml(parts.yaml, LessonFrontmatterSchema, display, 1)
  problems.push(...found)
  if (!value) return null
  return { file: display, position, frontmatter: value, body: parts.body, bodyStartLine: parts.bodyStartLine, source }
}

export function readContentSource(contentDir: string): { courses: CourseSource[]; problems: Problem[] } {
  const problems: Problem[] = []
  const coursesDir = path.join(contentDir, 'courses')
  if (!existsSync(coursesDir)) {
    return { courses: [], problems: [{ file: relative(contentDir, coursesDir), line: 1, message: 'không có thư mục courses' }] }
  }
  const courses: CourseSource[] = []
  for (const entry of readdirSync(coursesDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory()) continue
    const dir = path.join(coursesDir, entry.name)
    const courseFile = path.join(dir, 'course.yaml')
    const display = (file: string) => relative(contentDir, file)
    if (!existsSync(courseFile)) {
      problems.push({ file: display(dir), line: 1, message: 'thiếu tệp course.yaml' })
      continue
    }
    const { value: course, problems: courseProblems } = parseYaml(readFileSync(courseFile, 'utf8'), CourseSchema, display(courseFile))
    problems.push(...courseProblems)
    if (course && course.slug !== entry.name) {
      problems.push({ file: display(courseFile), line: 1, message: `slug “${course.slug}” phải trùng tên thư mục “${entry.name}”` })
    }

    const lessons: LessonSource[] = []
    const slugs = new Map<string, string>()
    let lessonFiles = 0
    for (const name of readdirSync(dir).sort()) {
      if (name === 'course.yaml' || name === 'quiz.yaml') continue
      const file = path.join(dir, name)
      if (!LESSON_FILE.test(name)) {
        problems.push({ file: display(file), line: 1, message: 'tên tệp bài học phải có dạng 01-ten-bai.mdx' })
        continue
      }
      lessonFiles += 1
      const lesson = readLesson(file, display(file), Number(name.slice(0, 2)), problems)
      if (!lesson) continue
      // /khoa-hoc/<course>/kiem-tra is the course quiz.
      if (lesson.frontmatter.slug === 'kiem-tra') {
        problems.push({ file: lesson.file, line: 2, message: 'slug “kiem-tra” dành cho bài kiểm tra cuối khoá; hãy chọn slug khác' })
        continue
      }
      const earlier = slugs.get(lesson.frontmatter.slug)
      if (earlier) {
        problems.push({ file: lesson.file, line: 2, message: `slug “${lesson.frontmatter.slug}” bị trùng với ${earlier}` })
        continue
      }
      slugs.set(lesson.frontmatter.slug, lesson.file)
      lessons.push(lesson)
    }
    if (lessonFiles < 4 || lessonFiles > 8) {
      problems.push({ file: display(dir), line: 1, message: `một khoá học có 4–8 bài, hiện có ${lessonFiles}` })
    }
    const positions = lessons.map((lesson) => lesson.position)
    if (new Set(positions).size !== positions.length) {
      problems.push({ file: display(dir), line: 1, message: 'hai bài học có cùng số thứ tự' })
    }

    const quizFile = path.join(dir, 'quiz.yaml')
    let quiz: Quiz | null = null
    if (!existsSync(quizFile)) problems.push({ file: display(dir), line: 1, message: 'thiếu tệp quiz.yaml' })
    else {
      const parsed = parseYaml(readFileSync(quizFile, 'utf8'), QuizSchema, display(quizFile))
      problems.push(...parsed.problems)
      quiz = parsed.value
    }
    courses.push({ slug: course?.slug ?? entry.name, dir, course, lessons, quiz })
  }
  const orders = new Map<number, string>()
  for (const { course } of courses) {
    if (!course) continue
    const other = orders.get(course.order)
    if (other) problems.push({ file: `content/courses/${course.slug}/course.yaml`, line: 1, message: `order ${course.order} trùng với khoá “${other}”` })
    orders.set(course.order, course.slug)
  }
  return { courses: courses.sort((a, b) => (a.course?.order ?? 0) - (b.course?.order ?? 0)), problems }
}

export function listSimulatorIds(contentDir: string): Set<string> {
  const dir = path.join(contentDir, 'simulators')
  if (!existsSync(dir)) return new Set()
  return new Set(
    readdirSync(dir)
      .filter((name) => name.endsWith('.yaml'))
      .map((name) => name.replace(/\.yaml$/, '')),
  )
}
