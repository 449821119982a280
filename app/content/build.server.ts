import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { type CompiledLesson, compileLesson } from './compile.server'
import { type Course, type LessonFrontmatter, type Quiz } from './schemas'
import { type Problem, listSimulatorIds, readContentSource } from './source.server'
import { readScenarios } from '~/simulators/build.server'
import { type Scenario } from '~/simulators/schema'

// `npm run content:build` (and `npm start` when content changed) writes
// content-build/: a catalog with every course, lesson and quiz, and one JSON
// file per compiled lesson. Requests only ever read these files.
export type CatalogLesson = Omit<LessonFrontmatter, 'slug'> & { slug: string; position: number }
// `version` names this course's content alone (its course.yaml, its lessons'
// compiled code and its quiz): a certificate records it, and it changes only
// when that course changes, unlike the catalog-wide version.
export type CatalogCourse = Omit<Course, 'slug'> & { slug: string; version: string; minutes: number; lessons: CatalogLesson[]; quiz: Quiz }
export type SearchDocument = { course: string; lesson: string; title: string; courseTitle: string; text: string }
export type ScenarioSummary = { id: string; title: string; summary: string; system: string; device: string; minutes: number }
export type Catalog = { version: string; courses: CatalogCourse[]; search: SearchDocument[]; simulators: ScenarioSummary[] }
export type LessonBundle = CompiledLesson & { course: string; slug: string }

// Bump when the compiler or its checks change, so cached bundles are rebuilt.
const COMPILER_VERSION = '2'

function sha256(text: string) {
  return createHash('sha256').update(text).digest('hex')
}

function listImages(publicDir: string): string[] {
  const dir = path.join(publicDir, 'images')
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true }).map(String).sort()
}

export type BuildOptions = { contentDir: string; publicDir: string; outDir?: string; cacheDir?: string }

export async function buildContent({ contentDir, publicDir, outDir, cacheDir }: BuildOptions): Promise<{ problems: Problem[]; catalog: Catalog | null }> {
  const { courses, problems } = readContentSource(contentDir)
  const { scenarios, problems: scenarioProblems } = readScenarios(contentDir)
  problems.push(...scenarioProblems)
  const simulatorIds = listSimulatorIds(contentDir)
  for (const { course, slug } of courses) {
    for (const id of course?.completion.simulators ?? []) {
      if (!simulatorIds.has(id)) problems.push({ file: `content/courses/${slug}/course.yaml`, line: 1, message: `completion.simulators: không có bài mô phỏng “${id}”` })
    }
  }
  // What the checks depend on besides the lesson itself.
  const environment = sha256([COMPILER_VERSION, ...simulatorIds, ...listImages(publicDir)].join('\n'))
  const bundles: LessonBundle[] = []
  for (const { slug, lessons } of courses) {
    for (const lesson of lessons) {
      const key = sha256(`${environment}\n${lesson.body}`)
      const cacheFile = cacheDir ? path.join(cacheDir, `${key}.json`) : null
      let compiled: CompiledLesson | null = null
      if (cacheFile && existsSync(cacheFile)) compiled = JSON.parse(readFileSync(cacheFile, 'utf8')) as CompiledLesson
      else {
        const result = await compileLesson(lesson, { publicDir, simulatorIds })
        problems.push(...result.problems)
        compiled = result.compiled
        if (compiled && cacheFile) {
          mkdirSync(cacheDir!, { recursive: true })
          writeFileSync(cacheFile, JSON.stringify(compiled))
        }
      }
      if (compiled) bundles.push({ ...compiled, course: slug, slug: lesson.frontmatter.slug })
    }
  }
  if (problems.length) return { problems: sortProblems(problems), catalog: null }

  // No problems means every course.yaml and quiz.yaml parsed.
  const catalogCourses: CatalogCourse[] = courses.map(({ slug, course, lessons, quiz }) => ({
    ...course!,
    version: sha256(
      JSON.stringify({
        course,
        code: lessons
          .slice()
          .sort((a, b) => a.position - b.position)
          .map((lesson) => bundles.find((bundle) => bundle.course === slug && bundle.slug === lesson.frontmatter.slug)?.code ?? null),
        quiz,
      }),
    ).slice(0, 16),
    minutes: lessons.reduce((total, lesson) => total + lesson.frontmatter.minutes, 0),
    lessons: lessons
      .sort((a, b) => a.position - b.position)
      .map((lesson) => ({ ...lesson.frontmatter, position: lesson.position })),
    quiz: quiz!,
  }))
  const search: SearchDocument[] = catalogCourses.flatMap((course) =>
    course.lessons.map((lesson) => ({
      course: course.slug,
      lesson: lesson.slug,
      title: lesson.title,
      courseTitle: course.title,
      text: `${lesson.summary}\n${bundles.find((b) => b.course === course.slug && b.slug === lesson.slug)?.plainText ?? ''}`,
    })),
  )
  const version = sha256(JSON.stringify({ catalogCourses, code: bundles.map((bundle) => bundle.code), scenarios })).slice(0, 16)
  const simulators = scenarios.map(({ id, title, summary, system, device, minutes }) => ({ id, title, summary, system, device, minutes }))
  const catalog: Catalog = { version, courses: catalogCourses, search, simulators }

  if (outDir) writeBuild(outDir, catalog, bundles, scenarios)
  return { problems: [], catalog }
}

// Written to a fresh folder and swapped in, so a running server never reads
// half a build.
function writeBuild(outDir: string, catalog: Catalog, bundles: LessonBundle[], scenarios: Scenario[]) {
  const staging = `${outDir}.tmp-${process.pid}`
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(path.join(staging, 'simulators'), { recursive: true })
  for (const scenario of scenarios) writeFileSync(path.join(staging, 'simulators', `${scenario.id}.json`), JSON.stringify(scenario))
  for (const bundle of bundles) {
    const dir = path.join(staging, 'lessons', bundle.course)
    mkdirSync(dir, { recursive: true })
    writeFileSync(path.join(dir, `${bundle.slug}.json`), JSON.stringify(bundle))
  }
  mkdirSync(staging, { recursive: true })
  writeFileSync(path.join(staging, 'catalog.json'), JSON.stringify(catalog))
  const old = `${outDir}.old-${process.pid}`
  if (existsSync(outDir)) renameSync(outDir, old)
  mkdirSync(path.dirname(outDir), { recursive: true })
  renameSync(staging, outDir)
  rmSync(old, { recursive: true, force: true })
}

function sortProblems(problems: Problem[]) {
  return problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)
}

export function formatProblems(problems: Problem[]): string {
  return problems.map((problem) => `${problem.file}:${problem.line}: ${problem.message}`).join('\n')
}
