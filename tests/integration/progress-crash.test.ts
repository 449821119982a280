import { spawn } from 'node:child_process'
import { copyFileSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { expect, test } from 'vitest'
import { createPrismaClient } from '~/db.server'
import { projectFromLog } from '~/progress/rebuild.server'

const ROOT = path.resolve(__dirname, '..', '..')
const TMP = path.resolve(__dirname, '..', '.tmp')
// Enough acknowledgements that the kill lands in the middle of steady writing.
const KILL_AFTER_ACKS = 600

// kill -9 in the middle of a burst of writes: every event the writer was
// told is stored must be in the log, the file must pass SQLite's integrity
// check, and the rows pages read must be exactly what the log implies. An
// acknowledgement sent before its transaction committed would show up as an
// acknowledged id missing from the log.
test('a crash during a write burst loses no acknowledged event and leaves a sound database', async () => {
  const file = path.join(TMP, `crash-${process.pid}-${Date.now()}.db`)
  copyFileSync(path.join(TMP, 'template.db'), file)
  // As in production (scripts/lib/prepare.ts): WAL, which the app's
  // connection then opens with synchronous=NORMAL.
  const setup = new Database(file)
  setup.pragma('journal_mode = WAL')
  setup.close()

  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests', 'support', 'crash-writer.ts')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: `file:${file}`, NODE_ENV: 'production', CONTENT_BUILD_DIR: process.env.CONTENT_BUILD_DIR },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const acknowledged: string[] = []
  let errors = ''
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()))
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)))
  let partial = ''
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n')
    partial = lines.pop() ?? ''
    for (const line of lines) if (line.startsWith('ack ')) acknowledged.push(line.slice(4))
    if (acknowledged.length >= KILL_AFTER_ACKS && child.exitCode === null && !child.killed) child.kill('SIGKILL')
  })
  expect(await exited, errors).toBe('SIGKILL')
  // Whatever reached the pipe before the kill counts as acknowledged.
  for (const line of partial.split('\n')) if (/^ack [0-9a-f-]{36}$/.test(line)) acknowledged.push(line.slice(4))
  expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS)

  const db = new Database(file)
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(db.pragma('foreign_key_check')).toEqual([])
    const stored = new Set(db.prepare('SELECT id FROM LearningEvent').pluck().all() as string[])
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([])
    // Writes were still going on: more was stored than acknowledged, or at
    // least as much.
    expect(stored.size).toBeGreaterThanOrEqual(acknowledged.length)
  } finally {
    db.close()
  }

  // The rows pages read are what a rebuild from the surviving log gives.
  const crashed = createPrismaClient(`file:${file}`)
  try {
    const users = await crashed.user.findMany({ select: { id: true } })
    expect(users.length).toBeGreaterThan(0)
    for (const { id } of users) {
      const expected = await projectFromLog(id, crashed)
      const lessons = await crashed.lessonProgress.findMany({ where: { userId: id }, orderBy: [{ courseSlug: 'asc' }, { lessonSlug: 'asc' }] })
      const courses = await crashed.courseProgress.findMany({ where: { userId: id }, orderBy: { courseSlug: 'asc' } })
      const byKey = <T,>(rows: T[], key: (row: T) => string) => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
      expect(lessons).toEqual(byKey([...expected.lessons.values()], (row) => `${row.courseSlug}/${row.lessonSlug}`))
      expect(courses).toEqual(byKey([...expected.courses.values()], (row) => row.courseSlug))
    }
  } finally {
    await crashed.$disconnect()
  }
}, 30_000)
