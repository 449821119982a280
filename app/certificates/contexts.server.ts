import { readFileSync } from 'node:fs'
import { contexts as w3cContexts } from '@digitalbazaar/credentials-context'
import { OB_CONTEXT, VC_CONTEXT } from './badge'

// The JSON-LD contexts a badge names, bundled with the application: the W3C
// VC 2.0 context from @digitalbazaar/credentials-context (the W3C's own
// file, W3C licence) and the Open Badges 3.0.3 context copied from 1EdTech.
// Nothing here fetches: a context not in this map is an error, so a verifier
// built on it works on a machine with no network (and cannot be pointed at a
// hostile context by a forged credential).
let bundled: ReadonlyMap<string, unknown> | undefined

function load(): ReadonlyMap<string, unknown> {
  bundled ??= new Map<string, unknown>([
    [VC_CONTEXT, w3cContexts.get(VC_CONTEXT)],
    [OB_CONTEXT, JSON.parse(readFileSync(new URL('./contexts/ob-v3p0-context-3.0.3.json', import.meta.url), 'utf8'))],
  ])
  return bundled
}

/** A JSON-LD document loader over the bundled contexts only. */
export function loadBundledContext(url: string): { contextUrl: null; documentUrl: string; document: unknown } {
  const document = load().get(url)
  if (!document) throw new Error(`JSON-LD context not bundled (and never fetched): ${url}`)
  return { contextUrl: null, documentUrl: url, document }
}

export function bundledContextUrls(): string[] {
  return [...load().keys()]
}
