// `npm run admin:create`: create an administrator from the server's console,
// for operators who prefer not to use the one-time setup link.
//   npm run admin:create -- --name "Nguyễn Văn A" --login 0912345678
// The password is asked for without echo, or read from ADMIN_PASSWORD for automation.
import { createInterface } from 'node:readline/promises'
import { parseArgs } from 'node:util'
import { ensurePrismaClient, fail, loadEnvironment, migrateDatabase } from './lib/prepare'

const env = loadEnvironment({})
ensurePrismaClient()

const { values } = parseArgs({
  options: { name: { type: 'string' }, login: { type: 'string' } },
  allowPositionals: false,
})

async function ask(question: string, { secret = false } = {}): Promise<string> {
  if (!process.stdin.isTTY) fail(`Missing ${question.replace(/:\s*$/, '')}: pass it as an option.`)
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true })
  if (secret) {
    // Echo nothing while the password is typed.
    const output = rl as unknown as { _writeToOutput: (text: string) => void }
    output._writeToOutput = (text: string) => {
      if (text.startsWith(question)) process.stdout.write(question)
    }
  }
  const answer = await rl.question(question)
  rl.close()
  if (secret) process.stdout.write('\n')
  return answer
}

const name = values.name ?? (await ask('Full name: '))
const login = values.login ?? (await ask('Phone number or email: '))
const password = process.env.ADMIN_PASSWORD ?? (await ask('Password (12+ characters): ', { secret: true }))

const { SetupAdminSchema } = await import('../app/auth/schemas')
const { translator } = await import('../app/i18n')
const parsed = SetupAdminSchema.safeParse({ name, login, password })
if (!parsed.success) {
  const t = translator('en')
  fail(
    parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${t(issue.message as Parameters<typeof t>[0]) ?? issue.message}`)
      .join('\n'),
  )
}

await migrateDatabase(env)
const { createAdmin } = await import('../app/auth/setup.server')
const result = await createAdmin(parsed.data, { via: 'cli' })
if (!result.ok) {
  fail(result.reason === 'login-taken' ? 'An account with this login already exists.' : 'Invalid login.')
}
console.log(`✔ Administrator created for ${parsed.data.login}`)
process.exit(0)
