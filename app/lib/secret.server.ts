import { randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { getEnv } from '~/env.server'

let cached: string | undefined

// The server's signing secret: from APP_SECRET, or generated once into a file
// beside the database so that `npm start` needs no configuration and the
// secret never sits in the repository.
export function appSecret(): string {
  if (cached) return cached
  const env = getEnv()
  if (env.APP_SECRET) return (cached = env.APP_SECRET)
  const file = path.join(path.dirname(path.resolve(env.DATABASE_URL.replace(/^file:/, ''))), 'app-secret')
  try {
    cached = readFileSync(file, 'utf8').trim()
  } catch {
    mkdirSync(path.dirname(file), { recursive: true })
    const secret = randomBytes(32).toString('hex')
    try {
      // 'wx': two processes starting at once must not overwrite each other's secret.
      writeFileSync(file, `${secret}\n`, { flag: 'wx', mode: 0o600 })
      chmodSync(file, 0o600)
    } catch {
      // Another process won the race; use its secret.
    }
    cached = readFileSync(file, 'utf8').trim()
  }
  if (cached.length < 32) throw new Error(`${file} holds a secret shorter than 32 characters; delete it to generate a new one.`)
  return cached
}
