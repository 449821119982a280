import {
  type ActionFunctionArgs,
  type AppLoadContext,
  type EntryContext,
  type LoaderFunctionArgs,
  createReadableStreamFromReadable,
} from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { documentStream } from '~/document-stream.server'
import { log } from '~/log.server'
import { RequestInfoProvider } from '~/ui/request-context'
import './load-context'
// Issues certificates when a course is completed, on every path that records progress.
import '~/certificates/auto-issue.server'

export const streamTimeout = 5_000

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce
  // Bots and no-JS clients get the whole document at once; browsers get it streamed.
  const readyEvent = isbot(request.headers.get('user-agent') ?? '') ? 'onAllReady' : 'onShellReady'

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <RequestInfoProvider value={{ nonce, requestId: loadContext.requestId }}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </RequestInfoProvider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true
          // 64 KB pieces, without React 18's padding, closing tags last (document-stream.server.ts).
          const body = documentStream(64 * 1024)
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          )
          pipe(body)
        },
        onShellError(error: unknown) {
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          if (shellRendered) reportError(error, loadContext)
        },
      },
    )
    setTimeout(abort, streamTimeout + 1_000)
  })
}

function reportError(error: unknown, context: AppLoadContext | undefined) {
  const details =
    error instanceof Error ? { error: error.message, stack: error.stack } : { error: String(error) }
  log('error', 'unhandled error', { id: context?.requestId, ...details })
}

export function handleError(
  error: unknown,
  { request, context }: LoaderFunctionArgs | ActionFunctionArgs,
) {
  // Aborted requests (the learner navigated away) are not errors worth a log line.
  if (request.signal.aborted) return
  reportError(error, context)
}
