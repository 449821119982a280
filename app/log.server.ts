import { getEnv } from '~/env.server'

type Level = 'info' | 'warn' | 'error'

// One JSON object per line so log collectors can parse it; `pretty` is for
// people watching a terminal.
export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  const entry = { time: new Date().toISOString(), level, msg: message, ...fields }
  const stream = level === 'error' ? process.stderr : process.stdout
  if (getEnv().LOG_FORMAT === 'pretty') {
    const extras = Object.entries(fields)
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(' ')
    stream.write(`${entry.time} ${level.toUpperCase()} ${message}${extras ? ` ${extras}` : ''}\n`)
    return
  }
  stream.write(`${JSON.stringify(entry)}\n`)
}
