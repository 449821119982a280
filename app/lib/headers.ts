import { type HeadersFunction } from '@remix-run/node'

// Document responses take their headers from the deepest route's `headers`
// export. Routes whose loader or action sets a cookie (a guest's progress)
// use this one so the cookie, and the root's Vary and session refresh,
// all reach the browser.
export const forwardCookies: HeadersFunction = ({ parentHeaders, loaderHeaders, actionHeaders }) => {
  const headers = new Headers()
  const vary = parentHeaders.get('Vary')
  if (vary) headers.set('Vary', vary)
  for (const source of [parentHeaders, loaderHeaders, actionHeaders]) {
    for (const cookie of source.getSetCookie()) headers.append('Set-Cookie', cookie)
  }
  for (const source of [loaderHeaders, actionHeaders]) {
    const cache = source.get('Cache-Control')
    if (cache) headers.set('Cache-Control', cache)
  }
  return headers
}
