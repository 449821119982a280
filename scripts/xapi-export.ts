// `npm run xapi:export`: write every learning record as xAPI 1.0.3 statements
// (one JSON array) for a Learning Record Store that imports files.
//   npm run xapi:export -- --out lrs.json --since 2026-01-01T00:00:00+07:00
// Reads the database named by DATABASE_URL and never writes to it.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { ensurePrismaClient, fail, loadEnvironment, sqlitePath } from './lib/prepare'

const USAGE = [
  'Cách dùng / usage: npm run xapi:export -- [--out <tệp.json>] [--since <thời điểm ISO 8601>]',
  '  --out    tệp kết quả / output file (mặc định / default: xapi-statements-<ngày>.json)',
  '  --since  chỉ các câu lệnh lưu sau thời điểm này / only statements stored after this instant',
].join('\n')

const { values } = parseArgs({
  options: { out: { type: 'string', short: 'o' }, since: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  allowPositionals: false,
})
if (values.help) {
  console.log(USAGE)
  process.exit(0)
}

const env = loadEnvironment({})
ensurePrismaClient()
// Opening a missing SQLite file would create an empty one.
const databaseFile = sqlitePath(env.DATABASE_URL)
if (!existsSync(databaseFile)) fail(`Không thấy cơ sở dữ liệu / database not found: ${databaseFile}`)

const { siteUrl } = await import('../app/env.server')
const { parseStatementQuery } = await import('../app/progress/xapi-query')
const site = siteUrl(env)

let since: Date | null = null
if (values.since !== undefined) {
  // The same rules as the API's `since`, so a value that works there works here.
  const parsed = parseStatementQuery(new URLSearchParams({ since: values.since }), site)
  if (!parsed.ok) fail(`${parsed.reason}\n\n${USAGE}`)
  since = parsed.query.kind === 'list' ? parsed.query.since : null
}

if (!env.SITE_URL) {
  console.warn(
    `⚠ SITE_URL chưa đặt: mã hoạt động và người học sẽ mang địa chỉ ${site}.\n` +
      `  SITE_URL is not set: activity ids and learner accounts will use ${site}; set it to the public address.`,
  )
}
const { getCatalog } = await import('../app/content/catalog.server')
try {
  getCatalog()
} catch {
  console.warn(
    `ℹ Không có nội dung đã biên dịch trong ${env.CONTENT_BUILD_DIR}: tên hoạt động sẽ là mã (chạy npm run content:build để có tên).\n` +
      `  No compiled content in ${env.CONTENT_BUILD_DIR}: activity names fall back to ids.`,
  )
}

const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())
// Relative paths are meant from where the operator typed the command; npm
// runs scripts from the package folder and says where that was in INIT_CWD.
const out = path.resolve(process.env.INIT_CWD ?? process.cwd(), values.out ?? `xapi-statements-${today}.json`)

const { writeStatementsFile } = await import('../app/progress/xapi-export.server')
const { prisma } = await import('../app/db.server')
let reported = 0
try {
  const { count } = await writeStatementsFile(out, {
    siteUrl: site,
    since,
    onProgress: (done) => {
      if (done - reported >= 100_000) {
        reported = done
        console.log(`  … ${done.toLocaleString('vi-VN')}`)
      }
    },
  })
  console.log([`✔ Đã ghi ${count.toLocaleString('vi-VN')} câu lệnh xAPI vào ${out}`, `  Wrote ${count} xAPI statements to ${out}`].join('\n'))
} catch (error) {
  fail(`Xuất không thành công / export failed: ${error instanceof Error ? error.message : String(error)}`)
} finally {
  await prisma.$disconnect()
}
process.exit(0)
