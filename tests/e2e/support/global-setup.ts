import { spawn } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { E2E_PORT } from '../../../playwright.config'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
export const E2E_DIR = path.join(ROOT, 'tests', '.tmp-e2e')
export const SETUP_LINK_FILE = path.join(E2E_DIR, 'setup-link.txt')

// Starts the production server exactly as `npm start` does, on a fresh
// database, and keeps the first-run link it prints for the setup journey.
export default async function globalSetup() {
  rmSync(E2E_DIR, { recursive: true, force: true })
  mkdirSync(E2E_DIR, { recursive: true })
  const server = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/start.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(E2E_PORT),
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${path.join(E2E_DIR, 'e2e.db')}`,
      SITE_URL: `http://localhost:${E2E_PORT}`,
      LOG_FORMAT: 'json',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 180 s:\n${output}`)), 180_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const link = output.match(/https?:\/\/\S+\/setup\/[a-z2-7]+/)
      if (link) writeFileSync(SETUP_LINK_FILE, link[0])
      if (output.includes('Học Số is running')) {
        clearTimeout(timer)
        resolve()
      }
    }
    server.stdout.on('data', onData)
    server.stderr.on('data', onData)
    server.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code}:\n${output}`))
    })
  })
  await ready
  server.stdout.removeAllListeners('data')
  server.stderr.removeAllListeners('data')
  // Keep draining so a chatty server never blocks on a full pipe.
  server.stdout.resume()
  server.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString()
    if (text.includes('"level":"error"')) process.stderr.write(text)
  })
  return async () => {
    server.kill('SIGTERM')
  }
}
