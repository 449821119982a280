import { once } from 'node:events'
import { createWriteStream, renameSync, rmSync } from 'node:fs'
import { statementPages } from './xapi.server'

// `npm run xapi:export`: every statement as one JSON array, written a page at
// a time so the log never has to fit in memory. The file appears under its
// name only when complete; an interrupted export leaves no half-file behind.
export async function writeStatementsFile(
  file: string,
  { siteUrl, since = null, pageSize = 1000, onProgress }: { siteUrl: string; since?: Date | null; pageSize?: number; onProgress?: (count: number) => void },
): Promise<{ count: number }> {
  const partial = `${file}.partial`
  const stream = createWriteStream(partial, { encoding: 'utf8' })
  const write = async (chunk: string) => {
    if (!stream.write(chunk)) await once(stream, 'drain')
  }
  let count = 0
  try {
    await write('[')
    for await (const page of statementPages({ since, pageSize, siteUrl })) {
      for (const statement of page) {
        await write(`${count === 0 ? '' : ','}\n${JSON.stringify(statement)}`)
        count += 1
      }
      onProgress?.(count)
    }
    await write('\n]\n')
    stream.end()
    await once(stream, 'finish')
    renameSync(partial, file)
    return { count }
  } catch (error) {
    stream.destroy()
    rmSync(partial, { force: true })
    throw error
  }
}
