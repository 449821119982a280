// @digitalbazaar/credentials-context ships no types; only the map is used.
declare module '@digitalbazaar/credentials-context' {
  export const contexts: ReadonlyMap<string, unknown>
}
