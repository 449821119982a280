// A QR code drawn as one SVG path: crisp at any print size, a few hundred
// bytes, and no image request. The matrix comes from the server (qrcode's
// `create`), so the library never reaches the browser bundle.
export type QrMatrix = { size: number; dark: string }

export function QrCode({ matrix, label, className }: { matrix: QrMatrix; label: string; className?: string }) {
  const quiet = 4
  const total = matrix.size + quiet * 2
  let path = ''
  for (let row = 0; row < matrix.size; row++) {
    for (let col = 0; col < matrix.size; col++) {
      if (matrix.dark[row * matrix.size + col] === '1') path += `M${col + quiet} ${row + quiet}h1v1h-1z`
    }
  }
  return (
    <svg viewBox={`0 0 ${total} ${total}`} role="img" aria-label={label} className={className} shapeRendering="crispEdges">
      <rect width={total} height={total} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  )
}
