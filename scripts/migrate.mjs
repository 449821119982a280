// Prisma Migrate for machines without the native schema engine
// (docs/decisions/003-prisma-migrations-offline.md):
//
//   node scripts/migrate.mjs deploy
//   node scripts/migrate.mjs status
//   node scripts/migrate.mjs diff [--exit-code]
//   node scripts/migrate.mjs dev --name <name> [--accept-data-loss]     (also --name=<name> or dev <name>)
//   node scripts/migrate.mjs resolve --rolled-back <name>
//
// Options for every command: --schema <file>, --migrations <dir> (defaults
// prisma/schema.prisma and prisma/migrations). DATABASE_URL comes from the
// environment or .env, default file:./data/hoc-so.db; relative paths are
// resolved against the repository root.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import {
  REPO_ROOT,
  createMigration,
  deployMigrations,
  diffSchemaAgainstMigrations,
  markMigrationRolledBack,
  migrationStatus,
  resolveDatabaseFile,
} from './lib/migrations.mjs'

const USAGE =
  'Usage: node scripts/migrate.mjs deploy | status | diff [--exit-code] | dev --name <name> [--accept-data-loss]' +
  ' | resolve --rolled-back <name>   [--schema <file>] [--migrations <dir>]'

const envFile = path.join(REPO_ROOT, '.env')
if (existsSync(envFile)) process.loadEnvFile(envFile)
const databaseUrl = process.env.DATABASE_URL || 'file:./data/hoc-so.db'

function display(file) {
  const relative = path.relative(process.cwd(), file)
  return !relative || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative
}

const where = () => display(resolveDatabaseFile(databaseUrl))

const list = (names) => names.join(', ')
const plural = (count, word) => `${count} ${word}${count === 1 ? '' : 's'}`

/** @returns {Promise<number>} the exit code */
async function run(argv) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string', short: 'n' },
      'exit-code': { type: 'boolean' },
      'accept-data-loss': { type: 'boolean' },
      'rolled-back': { type: 'string' },
      schema: { type: 'string' },
      migrations: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const [command, ...rest] = positionals
  const log = (line) => console.log(`  ${line}`)
  const paths = { schemaPath: values.schema, migrationsDir: values.migrations }

  if (values.help) {
    console.log(USAGE)
    return 0
  }
  switch (command) {
    case 'deploy': {
      const { applied } = await deployMigrations({ ...paths, databaseUrl, log })
      console.log(
        applied.length
          ? `✔ Applied ${plural(applied.length, 'migration')} to ${where()}.`
          : `✔ ${where()} is up to date: no pending migrations.`,
      )
      return 0
    }
    case 'status': {
      const status = await migrationStatus({ ...paths, databaseUrl })
      const problems = [
        status.failed.length && `✖ Failed: ${list(status.failed)} (see node scripts/migrate.mjs deploy).`,
        status.pending.length && `✖ Pending: ${list(status.pending)} (run npm run db:migrate).`,
        status.edited.length && `! Changed after being applied: ${list(status.edited)}.`,
        status.missingFromFolder.length &&
          `! Applied to the database but missing from the migrations folder: ${list(status.missingFromFolder)}.`,
      ].filter(Boolean)
      for (const line of problems) console.log(line)
      const clean = !status.pending.length && !status.failed.length
      if (clean) console.log(`✔ ${where()} is up to date: ${plural(status.applied.length, 'migration')} applied.`)
      return clean ? 0 : 1
    }
    case 'diff': {
      const { inSync, script } = await diffSchemaAgainstMigrations(paths)
      if (inSync) {
        console.log('✔ The schema and the migrations agree.')
        return 0
      }
      console.log('✖ The schema has changes that no migration contains; add one with npm run db:migrate:new -- <name>.')
      console.log(`\n${script.trimEnd()}\n`)
      return values['exit-code'] ? 2 : 0
    }
    case 'dev': {
      // `npm run db:migrate:new -- <name>` passes the name as a positional.
      const name = values.name ?? rest[0]
      if (!name) {
        console.error('✖ Name the migration: node scripts/migrate.mjs dev --name <name>   (e.g. add_organizations)')
        return 1
      }
      const { directory } = await createMigration({
        ...paths,
        name,
        databaseUrl,
        acceptDataLoss: values['accept-data-loss'],
        log,
      })
      console.log(
        directory
          ? `✔ Created ${display(directory)} and applied it to ${where()}.`
          : `✔ No schema change: no migration created; ${where()} is up to date.`,
      )
      return 0
    }
    case 'resolve': {
      const name = values['rolled-back']
      if (!name) {
        console.error('✖ Only --rolled-back <name> is supported: node scripts/migrate.mjs resolve --rolled-back <name>')
        return 1
      }
      await markMigrationRolledBack({ ...paths, databaseUrl, name })
      console.log(`✔ ${name} is marked as rolled back in ${where()}; the next deploy applies it again.`)
      return 0
    }
    default:
      console.error(command ? `✖ Unknown command "${command}".\n${USAGE}` : USAGE)
      return 1
  }
}

let exitCode
try {
  exitCode = await run(process.argv.slice(2))
} catch (error) {
  console.error(`✖ ${error instanceof Error ? error.message : String(error)}`)
  exitCode = 1
}
// Exit explicitly: nothing useful is left to run, and a PostgreSQL engine
// would otherwise hold the process for its 10 s advisory-lock timer.
process.exit(exitCode)
