import { copyFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, afterEach, beforeEach, vi } from 'vitest'

const tmpDir = path.resolve(__dirname, '..', '.tmp')
const databaseFile = path.join(
  tmpDir,
  `test-${process.env.VITEST_POOL_ID ?? '0'}-${process.pid}-${Math.random().toString(36).slice(2)}.db`,
)

// Set before any app module is imported, so db.server opens this file.
copyFileSync(path.join(tmpDir, 'template.db'), databaseFile)
process.env.DATABASE_URL = `file:${databaseFile}`
process.env.NODE_ENV = 'test'
process.env.CONTENT_BUILD_DIR = path.join(tmpDir, 'content')
process.env.LOG_FORMAT = 'json'

// An unexpected console.error is a bug the test should report, not hide.
beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error was called: ${args.map(String).join(' ')}`)
  })
})

afterEach(() => {
  vi.restoreAllMocks()
})

afterAll(async () => {
  const { prisma } = await import('~/db.server')
  await prisma.$disconnect()
})
