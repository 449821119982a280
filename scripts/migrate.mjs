// Command line for the project's migrations (docs/decisions/003):
//   node scripts/migrate.mjs deploy | status | diff [--exit-code] | dev --name <name> [--accept-data-loss]
// DATABASE_URL defaults to file:./data/hoc-so.db, relative to the project folder.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import {
  ROOT,
  createMigration,
  deployMigrations,
  diffSchemaAgainstMigrations,
  migrationStatus,
} from './lib/prisma-migrations.mjs'

if (existsSync(path.join(ROOT, '.env'))) process.loadEnvFile(path.join(ROOT, '.env'))
const databaseUrl = process.env.DATABASE_URL || 'file:./data/hoc-so.db'

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: 'string' },
    'exit-code': { type: 'boolean' },
    'accept-data-loss': { type: 'boolean' },
  },
})
const [command, ...rest] = positionals
const log = (line) => console.log(`  ${line}`)

async function run() {
  switch (command) {
    case 'deploy': {
      const { applied } = await deployMigrations({ databaseUrl, log })
      console.log(applied.length ? `✔ Applied ${applied.length} migration(s).` : '✔ No pending migrations.')
      return 0
    }
    case 'status': {
      const status = await migrationStatus({ databaseUrl })
      console.log(`Applied: ${status.applied.length ? status.applied.join(', ') : 'none'}`)
      if (status.pending.length) console.log(`Pending: ${status.pending.join(', ')} (run npm run db:migrate)`)
      if (status.failed.length) console.log(`Failed: ${status.failed.join(', ')}`)
      if (status.edited.length) console.log(`Edited after being applied: ${status.edited.join(', ')}`)
      const clean = !status.pending.length && !status.failed.length
      console.log(clean ? '✔ Database schema is up to date.' : '✖ Database needs attention.')
      return clean ? 0 : 1
    }
    case 'diff': {
      const { inSync, script } = await diffSchemaAgainstMigrations()
      if (inSync) {
        console.log('✔ prisma/schema.prisma and prisma/migrations agree.')
        return 0
      }
      console.log('✖ prisma/schema.prisma has changes that no migration contains:\n')
      console.log(script)
      console.log('Create the migration with: npm run db:migrate:new -- <name>')
      return values['exit-code'] ? 2 : 0
    }
    case 'dev': {
      const name = values.name ?? rest[0]
      if (!name) {
        console.error('Usage: npm run db:migrate:new -- <name>   (e.g. add_organizations)')
        return 1
      }
      const { directory } = await createMigration({
        name,
        databaseUrl,
        acceptDataLoss: values['accept-data-loss'],
        log,
      })
      console.log(directory ? '✔ Migration created and applied.' : '✔ Nothing to migrate.')
      return 0
    }
    default:
      console.error('Usage: node scripts/migrate.mjs deploy | status | diff [--exit-code] | dev --name <name>')
      return 1
  }
}

try {
  process.exitCode = await run()
} catch (error) {
  console.error(`✖ ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
}
// The engine may leave timers behind; nothing else is pending by now.
process.exit(process.exitCode)
