import { getEnv } from '~/env.server'

type Level = 'info' | 'warn' | 'error'

// Writing to a pipe is a blocking system call per write on Linux; one per
// request cost more CPU than serving a cached lesson. Info lines are
// gathered and written once per event-loop turn; errors go out at once.
let pending = ''
let scheduled = false

function flush() {
  scheduled = false
  if (!pending) return
  const chunk = pending
  pending = ''
  process.stdout.write(chunk)
}

process.once('exit', flush)

function format(level: Level, message: string, fields: Record<string, unknown>): string {
  const time = new Date().toISOString()
  if (getEnv().LOG_FORMAT === 'pretty') {
    const extras = Object.entries(fields)
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(' ')
    return `${time} ${level.toUpperCase()} ${message}${extras ? ` ${extras}` : ''}\n`
  }
  // One JSON object per line, for log collectors.
  return `${JSON.stringify({ time, level, msg: message, ...fields })}\n`
}

export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  const line = format(level, message, fields)
  if (level === 'error') {
    flush()
    process.stderr.write(line)
    return
  }
  pending += line
  if (pending.length > 64 * 1024) flush()
  else if (!scheduled) {
    scheduled = true
    setImmediate(flush)
  }
}
