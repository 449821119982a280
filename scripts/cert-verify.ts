// `npm run cert:verify -- <chung-nhan.pdf | huy-hieu.json | tệp.jwt> [--keys <keys.json>]`
// Checks a downloaded certificate or badge offline against the public keys:
// by default those of this installation (keys/ beside the database; nothing
// is generated), or a saved copy of /.well-known/hocso-certificate-keys.json.
// For a PDF it also compares what the page shows with what is signed. The
// signed facts are always printed beside the verdict.
// Exit code: 0 valid, 1 not valid (or the page could not be confirmed), 2 usage error.
import { existsSync, readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { loadEnvironment } from './lib/prepare'

const USAGE = [
  'Cách dùng / usage: npm run cert:verify -- <tệp.pdf | huy-hieu.json | tệp.jwt> [--keys <hocso-certificate-keys.json>]',
  '  --keys  bộ khoá công khai đã tải từ /.well-known/hocso-certificate-keys.json',
  '          (mặc định: khoá của máy chủ này, trong thư mục keys/ cạnh cơ sở dữ liệu)',
].join('\n')

function usage(message?: string): never {
  if (message) console.error(message)
  console.error(USAGE)
  process.exit(2)
}

let parsed
try {
  parsed = parseArgs({ options: { keys: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true })
} catch (error) {
  usage(error instanceof Error ? error.message : String(error))
}
const { values, positionals } = parsed
if (values.help) {
  console.log(USAGE)
  process.exit(0)
}
if (positionals.length !== 1) usage('Cần đúng một tệp để kiểm tra.')
const file = positionals[0]!
if (!existsSync(file)) usage(`Không thấy tệp: ${file}`)

loadEnvironment({})
const { fromJwks } = await import('../app/certificates/keys')
const { existingVerificationKeys } = await import('../app/certificates/keys.server')
const { verifyFile } = await import('../app/certificates/verify')
const { verificationReport } = await import('../app/certificates/report')

let keys
if (values.keys) {
  try {
    keys = fromJwks(JSON.parse(readFileSync(values.keys, 'utf8')))
  } catch {
    usage(`Không đọc được bộ khoá: ${values.keys}`)
  }
} else keys = existingVerificationKeys()
if (!keys.keys.length) usage('Không có khoá công khai nào để kiểm tra. Hãy tải /.well-known/hocso-certificate-keys.json và dùng --keys.')

const report = verificationReport(await verifyFile(readFileSync(file), keys))
console.log(report.lines.join('\n'))
process.exit(report.exitCode)
