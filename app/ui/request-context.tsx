import { createContext, useContext } from 'react'

export type RequestInfo = { nonce: string; requestId: string }

// The CSP nonce and the request id reach React through context: the nonce so
// that every inline script carries it, the id so the error page can show it.
const RequestInfoContext = createContext<RequestInfo>({ nonce: '', requestId: '' })

export const RequestInfoProvider = RequestInfoContext.Provider

export function useRequestInfo(): RequestInfo {
  return useContext(RequestInfoContext)
}
