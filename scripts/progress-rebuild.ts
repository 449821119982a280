// `npm run progress:rebuild`: recompute every learner's progress rows from the
// learning-event log (the source of truth), one learner per transaction, so
// it can run while the server is up.
//   npm run progress:rebuild             replace the rows
//   npm run progress:rebuild -- --check  compare only; exit 1 if any learner differs
import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { ensurePrismaClient, fail, loadEnvironment, sqlitePath } from './lib/prepare'

const { values } = parseArgs({ options: { check: { type: 'boolean' } }, allowPositionals: false })
const env = loadEnvironment({})
ensurePrismaClient()
if (!existsSync(sqlitePath(env.DATABASE_URL))) fail(`Database not found: ${sqlitePath(env.DATABASE_URL)}`)

const { checkProjections, rebuildProjections } = await import('../app/progress/rebuild.server')
const started = performance.now()
if (values.check) {
  const report = await checkProjections()
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  if (report.differing.length) {
    console.error(`✖ ${report.differing.length} of ${report.users} learners' rows differ from the log (${seconds} s):`)
    for (const id of report.differing.slice(0, 20)) console.error(`  - ${id}`)
    console.error('Run `npm run progress:rebuild` to replace them from the log.')
    process.exit(1)
  }
  console.log(`✔ ${report.users} learners: every progress row matches the log (${seconds} s).`)
} else {
  const report = await rebuildProjections({
    onProgress: (done) => process.stdout.write(`\r  ${done} learners…`),
  })
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(`\r✔ Rebuilt ${report.rows} rows for ${report.users} learners from ${report.events} events in ${seconds} s.`)
}
process.exit(0)
