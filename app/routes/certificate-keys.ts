import { publishedKeys } from '~/certificates/verify.server'

// The public keys that verify certificates (Ed25519) and badges (RS256),
// current and retired, for anyone to download and check files offline.
export async function loader() {
  return new Response(JSON.stringify(publishedKeys(), null, 2), {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'public, max-age=3600', 'Access-Control-Allow-Origin': '*' },
  })
}
