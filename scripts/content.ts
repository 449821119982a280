// npm run content:check — validate every file under content/ and list each
//                          problem as file:line: reason (exit 1 if any).
// npm run content:build  — the same, then write the compiled lessons to
//                          CONTENT_BUILD_DIR (default content-build).
import path from 'node:path'
import { ROOT, loadEnvironment } from './lib/prepare'

const mode = process.argv[2] === 'build' ? 'build' : 'check'
const env = loadEnvironment({})
const { buildContent, formatProblems } = await import('../app/content/build.server')
const started = performance.now()
const { problems, catalog } = await buildContent({
  contentDir: path.join(ROOT, 'content'),
  publicDir: path.join(ROOT, 'public'),
  outDir: mode === 'build' ? path.resolve(ROOT, env.CONTENT_BUILD_DIR) : undefined,
  cacheDir: path.join(ROOT, '.cache', 'mdx'),
})
if (problems.length) {
  console.error(`✖ Nội dung có ${problems.length} lỗi / content has ${problems.length} problem(s):\n${formatProblems(problems)}`)
  process.exit(1)
}
const lessons = catalog!.courses.reduce((total, course) => total + course.lessons.length, 0)
const seconds = ((performance.now() - started) / 1000).toFixed(1)
console.log(`✔ Content ${mode === 'build' ? 'built' : 'checked'}: ${catalog!.courses.length} courses, ${lessons} lessons (${seconds} s)`)
