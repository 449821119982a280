import http from 'node:http'

export type RawReply = { status: number; headers: http.IncomingHttpHeaders; body: string; ms: number }

// A request as a client on the wire sends it: any Host, Origin or
// X-Forwarded-Host, and a body in chunks of chosen sizes (chunked, no
// Content-Length) that stops being sent once the server has answered or
// closed. fetch() can set neither Host nor a body's chunking.
export function rawRequest(
  base: string,
  { method = 'POST', path, headers = {}, chunks = [] }: { method?: string; path: string; headers?: Record<string, string>; chunks?: Iterable<Buffer> },
): Promise<RawReply> {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    let answered = false
    const request = http.request(`${base}${path}`, { method, headers, agent: false }, (response) => {
      answered = true
      const parts: Buffer[] = []
      response.on('data', (part: Buffer) => parts.push(part))
      response.on('error', () => {})
      response.on('close', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(parts).toString('utf8'), ms: Date.now() - started }),
      )
    })
    request.on('error', (error) => {
      // A server that refuses a body closes the connection while we still send.
      if (!answered) reject(error)
    })
    const iterator = chunks[Symbol.iterator]()
    const pump = () => {
      while (!answered && !request.destroyed) {
        const next = iterator.next()
        if (next.done) return void request.end()
        if (!request.write(next.value)) return void request.once('drain', pump)
      }
    }
    pump()
  })
}
