// Generates the Prisma client without letting the CLI download engines.
// `generate` and `validate` never run the schema engine, so pointing the CLI
// at /bin/false stops it from downloading one; where a native engine is
// installed, set PRISMA_SCHEMA_ENGINE_BINARY yourself and this keeps it.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const prismaBin = path.join(root, 'node_modules', 'prisma', 'build', 'index.js')
if (!existsSync(prismaBin)) {
  console.error('prisma-generate: node_modules/prisma is missing; run `npm install` first.')
  process.exit(1)
}
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY:
    process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/false',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
}
const result = spawnSync(process.execPath, [prismaBin, 'generate'], { cwd: root, env, stdio: 'inherit' })
process.exit(result.status ?? 1)
