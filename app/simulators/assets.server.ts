import { readFileSync } from 'node:fs'
import path from 'node:path'

// The enhancer is bundled by `npm start` / `npm run dev` (scripts/lib/prepare.ts)
// into client-build/; its file name carries a content hash for caching. When
// it has not been built (unit tests), pages still work as plain forms.
export const CLIENT_BUILD_DIR = 'client-build'

export function enhancerScriptPath(): string | null {
  try {
    const manifest = JSON.parse(readFileSync(path.resolve(process.cwd(), CLIENT_BUILD_DIR, 'manifest.json'), 'utf8')) as { simulator: string }
    return `/static/${manifest.simulator}`
  } catch {
    return null
  }
}
