import { Transform } from 'node:stream'

// React 18's renderToPipeableStream encodes text into a 2 KB view and, when a
// multi-byte character does not fit in the bytes left, hands over the *whole*
// view — its unwritten tail included — and starts a new one (react-dom
// 18.3.1, writeStringChunk: `writeToDestination(destination, currentView)`;
// react #24985, #31134; fixed in React 19). That tail is 1–3 zero bytes, so
// every document longer than 2 KB had a U+0000 wherever a Vietnamese letter
// met a 2 KB boundary ("Số điện tho\0ại"). A full view of real HTML never
// ends in a zero byte (HTML text holds no U+0000), so the zeros at the end
// of a VIEW_SIZE piece are exactly that padding.
export const REACT_VIEW_SIZE = 2048
const MAX_PADDING = 3

export function withoutReactPadding(chunk: Buffer): Buffer {
  if (chunk.length !== REACT_VIEW_SIZE || chunk[chunk.length - 1] !== 0) return chunk
  let end = chunk.length
  while (end > chunk.length - MAX_PADDING && chunk[end - 1] === 0) end -= 1
  return chunk.subarray(0, end)
}

// React 18 closes <body> and <html> as soon as the root element is done, and
// what Remix renders beside the document afterwards (the Suspense boundary
// of its single-fetch stream transfer and the <script> tags that carry the
// loader data) then lands after </html>: invalid HTML ("Stray start tag
// script"). React 19 holds the closing tags back to the very end; so does
// this stream.
const DOCUMENT_END = Buffer.from('</body></html>')

/**
 * The document stream as it leaves React: padding removed, the closing tags
 * moved to the end, and React's 2 KB pieces gathered into `size` ones. Each
 * piece would otherwise cross a web stream, the Express adapter and the gzip
 * middleware on its own: a 450 KB class matrix spent ~40 ms in that
 * per-piece overhead (docs/performance.md). Pages stream nothing later, so
 * nothing waits on this.
 */
export function documentStream(size: number): Transform {
  let pending: Buffer[] = []
  let length = 0
  let closed = false

  function take(): Buffer {
    let piece = Buffer.concat(pending, length)
    pending = []
    length = 0
    if (!closed) {
      const at = piece.indexOf(DOCUMENT_END)
      if (at !== -1) {
        closed = true
        piece = Buffer.concat([piece.subarray(0, at), piece.subarray(at + DOCUMENT_END.length)])
      }
    }
    return piece
  }

  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const bytes = withoutReactPadding(chunk)
      pending.push(bytes)
      length += bytes.length
      if (length >= size) {
        const piece = take()
        // Keep back what could be the start of the closing tags split across pieces.
        const keep = closed ? 0 : Math.min(piece.length, DOCUMENT_END.length - 1)
        if (keep) {
          pending = [piece.subarray(piece.length - keep)]
          length = keep
        }
        this.push(piece.subarray(0, piece.length - keep))
      }
      done()
    },
    flush(done) {
      const piece = closed || length ? take() : Buffer.alloc(0)
      const last = closed ? Buffer.concat([piece, DOCUMENT_END]) : piece
      if (last.length) this.push(last)
      done()
    },
  })
}
