// What the HTTP server hands to every loader, action and to entry.server.
export type RequestContext = {
  cspNonce: string
  requestId: string
  // The client's address as Express sees it (X-Forwarded-For only with TRUST_PROXY).
  clientIp: string | null
}

declare module '@remix-run/node' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- module augmentation needs an interface
  interface AppLoadContext extends RequestContext {}
}
