import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { getEnv } from '~/env.server'
import { foldVietnamese, searchTokens } from '~/lib/text'
import { type Catalog, type CatalogCourse, type CatalogLesson, type LessonBundle } from './build.server'
import { type Audience } from './schemas'

export type { Catalog, CatalogCourse, CatalogLesson, LessonBundle }

function buildDir() {
  return path.resolve(process.cwd(), getEnv().CONTENT_BUILD_DIR)
}

let cached: { mtimeMs: number; dir: string; catalog: Catalog; folded: string[]; foldedSimulators: string[] } | undefined
const bundles = new Map<string, LessonBundle>()

// Read once, re-read only when a new build replaced the file (development).
// In production content changes only with a restart, so the file is not even
// looked at again: a stat per call was ~2 % of the CPU of the progress API,
// which asks for a course once per event.
export function getCatalog(): Catalog {
  const dir = buildDir()
  if (cached && cached.dir === dir && getEnv().NODE_ENV === 'production') return cached.catalog
  const file = path.join(dir, 'catalog.json')
  let mtimeMs: number
  try {
    mtimeMs = statSync(file).mtimeMs
  } catch {
    throw new Error(`No compiled content at ${file}: run \`npm run content:build\` (npm start does it).`)
  }
  if (!cached || cached.mtimeMs !== mtimeMs || cached.dir !== dir) {
    const catalog = JSON.parse(readFileSync(file, 'utf8')) as Catalog
    cached = {
      mtimeMs,
      dir,
      catalog,
      folded: catalog.search.map((doc) => foldVietnamese(`${doc.title}\n${doc.courseTitle}\n${doc.text}`)),
      foldedSimulators: catalog.simulators.map((scenario) => foldVietnamese(`${scenario.title}\n${scenario.summary}`)),
    }
    bundles.clear()
  }
  return cached.catalog
}

export function listCourses(audience?: Audience): CatalogCourse[] {
  const courses = getCatalog().courses
  if (!audience || audience === 'both') return courses
  return courses.filter((course) => course.audience === audience || course.audience === 'both')
}

export function getCourse(slug: string): CatalogCourse | null {
  return getCatalog().courses.find((course) => course.slug === slug) ?? null
}

export function getLesson(courseSlug: string, lessonSlug: string) {
  const course = getCourse(courseSlug)
  if (!course) return null
  const index = course.lessons.findIndex((lesson) => lesson.slug === lessonSlug)
  if (index < 0) return null
  const key = `${courseSlug}/${lessonSlug}`
  let bundle = bundles.get(key)
  if (!bundle) {
    bundle = JSON.parse(readFileSync(path.join(buildDir(), 'lessons', courseSlug, `${lessonSlug}.json`), 'utf8')) as LessonBundle
    bundles.set(key, bundle)
  }
  return {
    course,
    lesson: course.lessons[index]!,
    previous: course.lessons[index - 1] ?? null,
    next: course.lessons[index + 1] ?? null,
    bundle,
    version: getCatalog().version,
  }
}

// A lesson or a simulator scenario: people search for "đăng ký tạm trú"
// wanting to practise it as often as to read about it.
export type SearchHit =
  | { kind: 'lesson'; href: string; course: string; courseTitle: string; lesson: string; title: string; snippet: string }
  | { kind: 'simulator'; href: string; id: string; title: string; snippet: string }

function scoreFor(tokens: string[], title: string, haystack: string): number {
  const folded = foldVietnamese(title)
  const phrase = tokens.join(' ')
  return (folded.includes(phrase) ? 100 : 0) + tokens.filter((token) => folded.includes(token)).length * 10 + (haystack.includes(phrase) ? 5 : 0)
}

// Every word of the query must appear (ignoring case and diacritics);
// matches in the title rank first.
export function searchLessons(query: string, limit = 20): SearchHit[] {
  const tokens = searchTokens(query)
  if (!tokens.length) return []
  const catalog = getCatalog()
  const { folded, foldedSimulators } = cached!
  const hits: { score: number; hit: SearchHit }[] = []
  catalog.search.forEach((doc, index) => {
    const haystack = folded[index]!
    if (!tokens.every((token) => haystack.includes(token))) return
    hits.push({
      score: scoreFor(tokens, doc.title, haystack),
      hit: {
        kind: 'lesson',
        href: `/khoa-hoc/${doc.course}/${doc.lesson}`,
        course: doc.course,
        courseTitle: doc.courseTitle,
        lesson: doc.lesson,
        title: doc.title,
        snippet: snippetFor(doc.text, tokens),
      },
    })
  })
  catalog.simulators.forEach((scenario, index) => {
    const haystack = foldedSimulators[index]!
    if (!tokens.every((token) => haystack.includes(token))) return
    hits.push({
      score: scoreFor(tokens, scenario.title, haystack),
      hit: { kind: 'simulator', href: `/mo-phong/${scenario.id}`, id: scenario.id, title: scenario.title, snippet: snippetFor(scenario.summary, tokens) },
    })
  })
  return hits
    .sort((a, b) => b.score - a.score || a.hit.title.localeCompare(b.hit.title, 'vi'))
    .slice(0, limit)
    .map(({ hit }) => hit)
}

function snippetFor(text: string, tokens: string[]): string {
  const sentences = text.split(/(?<=[.!?])\s+|\n+/).filter(Boolean)
  const best =
    sentences.find((sentence) => tokens.every((token) => foldVietnamese(sentence).includes(token))) ??
    sentences.find((sentence) => foldVietnamese(sentence).includes(tokens[0]!)) ??
    sentences[0] ??
    ''
  const tidy = tightenPunctuation(best)
  return tidy.length > 220 ? `${tidy.slice(0, 217)}…` : tidy
}

// Builds made before the compiler joined inline text without spaces hold
// "chữ ," (a space where **chữ** ended); a snippet never shows one.
export function tightenPunctuation(text: string): string {
  return text.replace(/\s+([,.;:!?…)\]”])/g, '$1').replace(/([([“])\s+/g, '$1')
}
