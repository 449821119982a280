import { mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { deployMigrations } from '../../scripts/lib/migrations.mjs'

export const TMP_DIR = path.resolve(__dirname, '..', '.tmp')
export const TEMPLATE_DB = path.join(TMP_DIR, 'template.db')

// Built once per run from the real migrations, so integration tests exercise
// exactly the schema production gets; each test file then copies it.
export default async function globalSetup() {
  rmSync(TMP_DIR, { recursive: true, force: true })
  mkdirSync(TMP_DIR, { recursive: true })
  await deployMigrations({ databaseUrl: `file:${TEMPLATE_DB}` })
  // The real curriculum, compiled once per run (cached by content hash).
  const root = path.resolve(__dirname, '..', '..')
  const { buildContent, formatProblems } = await import('../../app/content/build.server')
  const { problems } = await buildContent({
    contentDir: path.join(root, 'content'),
    publicDir: path.join(root, 'public'),
    outDir: path.join(TMP_DIR, 'content'),
    cacheDir: path.join(root, '.cache', 'mdx'),
  })
  if (problems.length) throw new Error(`content has problems:\n${formatProblems(problems)}`)
  return () => rmSync(TMP_DIR, { recursive: true, force: true })
}
