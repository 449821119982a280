// `npm test`: every check CI runs, in order from cheapest to slowest, stopping
// at the first failure so the cause is at the bottom of the output.
import { spawnSync } from 'node:child_process'

const steps = [
  ['Prisma client', ['node', 'scripts/prisma-generate.mjs']],
  ['Type check', ['npx', 'tsc', '--noEmit']],
  ['Lint', ['npx', 'eslint', '.', '--max-warnings', '0']],
  ['Schema matches migrations', ['node', 'scripts/migrate.mjs', 'diff', '--exit-code']],
  ['Content check', ['npx', 'tsx', 'scripts/content.ts', 'check']],
  ['Unit and integration tests', ['npx', 'vitest', 'run']],
  ['End-to-end tests', ['npx', 'playwright', 'test']],
]

const only = process.argv.slice(2)
for (const [name, [command, ...args]] of steps) {
  if (only.length && !only.some((word) => name.toLowerCase().includes(word.toLowerCase()))) continue
  console.log(`\n▶ ${name}: ${[command, ...args].join(' ')}`)
  const started = Date.now()
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env })
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  if (result.status !== 0) {
    console.error(`\n✖ ${name} failed after ${seconds} s`)
    process.exit(result.status ?? 1)
  }
  console.log(`✔ ${name} (${seconds} s)`)
}
