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
  return () => rmSync(TMP_DIR, { recursive: true, force: true })
}
