import { type HeadersFunction } from '@remix-run/node'

// Document responses take their headers from the deepest route's `headers`
// export, and a route without one gets the root's, which knows nothing of
// the route's own answer. Routes whose loader or action sets a cookie (a
// guest's progress), a cache rule or a Retry-After (a 429 must say when to
// come back) use this one so those, and the root's Vary and session
// refresh, all reach the browser.
export const forwardHeaders: HeadersFunction = ({ parentHeaders, loaderHeaders, actionHeaders }) => {
  const headers = new Headers()
  const vary = parentHeaders.get('Vary')
  if (vary) headers.set('Vary', vary)
  for (const source of [parentHeaders, loaderHeaders, actionHeaders]) {
    for (const cookie of source.getSetCookie()) headers.append('Set-Cookie', cookie)
  }
  for (const source of [loaderHeaders, actionHeaders]) {
    for (const name of ['Cache-Control', 'Retry-After']) {
      const value = source.get(name)
      if (value) headers.set(name, value)
    }
  }
  return headers
}
