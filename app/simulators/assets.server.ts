import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'

// The enhancer is bundled by `npm start` / `npm run dev` (scripts/lib/prepare.ts)
// into client-build/; its file name carries a content hash for caching. When
// it has not been built (unit tests), pages still work as plain forms.
export const CLIENT_BUILD_DIR = 'client-build'

let cached: { mtimeMs: number; path: string } | undefined

export function enhancerScriptPath(): string | null {
  const file = path.resolve(process.cwd(), CLIENT_BUILD_DIR, 'manifest.json')
  try {
    // Re-read only when a rebuild replaced the manifest.
    const { mtimeMs } = statSync(file)
    if (cached?.mtimeMs !== mtimeMs) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { simulator: string }
      cached = { mtimeMs, path: `/static/${manifest.simulator}` }
    }
    return cached.path
  } catch {
    return null
  }
}
