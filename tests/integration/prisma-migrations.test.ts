import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, expect, test } from 'vitest'
import {
  createMigration,
  deployMigrations,
  diffSchemaAgainstMigrations,
  migrationDirectoryName,
  migrationStatus,
} from '../../scripts/lib/prisma-migrations.mjs'

// A throw-away project of its own, so the test exercises the tooling and not
// the app's schema.
const dir = mkdtempSync(path.join(os.tmpdir(), 'hoc-so-migrations-'))
const schemaPath = path.join(dir, 'schema.prisma')
const migrationsDir = path.join(dir, 'migrations')
const devUrl = `file:${path.join(dir, 'dev.db')}`
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const BASE = `datasource db {\n  provider = "sqlite"\n}\n\nmodel Lesson {\n  id    String @id\n  title String\n}\n`
const WITH_MINUTES = BASE.replace('  title String\n', '  title String\n  minutes Int @default(5)\n')

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

test('migrations are written, checked against the schema and deployed the way Prisma does', async () => {
  writeFileSync(schemaPath, BASE)
  const paths = { schemaPath, migrationsDir }

  const first = await createMigration({ ...paths, name: 'Khởi tạo', databaseUrl: devUrl, now: new Date('2026-01-02T03:04:05Z') })
  expect(path.basename(first.directory!)).toBe('20260102030405_khoi_tao')
  expect(readFileSync(path.join(migrationsDir, 'migration_lock.toml'), 'utf8')).toContain('provider = "sqlite"')
  expect(await diffSchemaAgainstMigrations(paths)).toEqual({ inSync: true, script: expect.any(String) })

  // Nothing changed: nothing written.
  expect((await createMigration({ ...paths, name: 'again', databaseUrl: devUrl })).directory).toBeNull()

  writeFileSync(schemaPath, WITH_MINUTES)
  const drift = await diffSchemaAgainstMigrations(paths)
  expect(drift.inSync).toBe(false)
  expect(drift.script).toContain('minutes')

  await createMigration({ ...paths, name: 'add_minutes', databaseUrl: devUrl, now: new Date('2026-01-03T00:00:00Z') })
  expect((await diffSchemaAgainstMigrations(paths)).inSync).toBe(true)

  // A fresh database gets both, in order, with Prisma's checksums.
  const freshFile = path.join(dir, 'fresh.db')
  const freshUrl = `file:${freshFile}`
  expect((await migrationStatus({ ...paths, databaseUrl: freshUrl })).pending).toHaveLength(2)
  const { applied } = await deployMigrations({ ...paths, databaseUrl: freshUrl })
  const names = readdirSync(migrationsDir).filter((name) => !name.endsWith('.toml')).sort()
  expect(applied).toEqual(names)

  const db = new Database(freshFile, { readonly: true })
  const rows = db
    .prepare('SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name')
    .all() as { migration_name: string; checksum: string; finished_at: string | null; applied_steps_count: number }[]
  const columns = db.prepare('PRAGMA table_info("Lesson")').all() as { name: string }[]
  db.close()
  expect(rows.map((row) => row.migration_name)).toEqual(names)
  for (const row of rows) {
    expect(row.checksum).toBe(sha256(path.join(migrationsDir, row.migration_name, 'migration.sql')))
    expect(row.finished_at).not.toBeNull()
    expect(row.applied_steps_count).toBe(1)
  }
  expect(columns.map((column) => column.name)).toEqual(['id', 'title', 'minutes'])

  const status = await migrationStatus({ ...paths, databaseUrl: freshUrl })
  expect(status).toEqual({ applied: names, pending: [], failed: [], edited: [] })
  expect((await deployMigrations({ ...paths, databaseUrl: freshUrl })).applied).toEqual([])
})

test('a destructive change is refused unless data loss is accepted', async () => {
  const db = new Database(path.join(dir, 'dev.db'))
  db.prepare(`INSERT INTO "Lesson" (id, title, minutes) VALUES ('a', 'Bài 1', 7)`).run()
  db.close()
  writeFileSync(schemaPath, BASE)
  const paths = { schemaPath, migrationsDir }
  await expect(createMigration({ ...paths, name: 'drop_minutes', databaseUrl: devUrl })).rejects.toThrow(/destructive/)
  expect(readdirSync(migrationsDir).some((name) => name.endsWith('drop_minutes'))).toBe(false)
  const accepted = await createMigration({ ...paths, name: 'drop_minutes', databaseUrl: devUrl, acceptDataLoss: true })
  expect(accepted.directory).toMatch(/_drop_minutes$/)
})

test('migration names are made safe for folders', () => {
  expect(migrationDirectoryName('Thêm lớp học!', new Date('2026-11-23T07:00:00Z'))).toBe('20261123070000_them_lop_hoc')
  expect(() => migrationDirectoryName('!!!')).toThrow(/letters or digits/)
})
