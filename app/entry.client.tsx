import { RemixBrowser } from '@remix-run/react'
import { StrictMode, startTransition } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { RequestInfoProvider } from '~/ui/request-context'

// The server wrote the request id into the document; reading it back keeps
// hydration identical to what the server rendered.
const requestId = document.querySelector('meta[name="request-id"]')?.getAttribute('content') ?? ''

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RequestInfoProvider value={{ nonce: '', requestId }}>
        <RemixBrowser />
      </RequestInfoProvider>
    </StrictMode>,
  )
})
