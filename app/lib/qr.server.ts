import QRCode from 'qrcode'
import { type QrMatrix } from '~/ui/qr-code'

/** The modules of a QR code for text, packed as a string of 0/1 for the page. */
export function qrMatrix(text: string): QrMatrix {
  // Level M survives a poster folded or scuffed on a notice board.
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' })
  let dark = ''
  for (let i = 0; i < modules.data.length; i++) dark += modules.data[i] ? '1' : '0'
  return { size: modules.size, dark }
}
