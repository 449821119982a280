// `npm run org:import -- <file.csv>`: load organisations (provinces, wards,
// communes, special zones, agencies) into the database named by DATABASE_URL.
//   npx tsx scripts/org-import.ts prisma/seed/organizations.csv
// The file is checked as a whole first: if any line is wrong, nothing is written.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { ensurePrismaClient, fail, loadEnvironment, migrateDatabase } from './lib/prepare'

const USAGE = 'Cách dùng / usage: npx tsx scripts/org-import.ts <tệp.csv / file.csv>'

const { positionals, values } = parseArgs({
  options: { help: { type: 'boolean', short: 'h' } },
  allowPositionals: true,
})

if (values.help) {
  console.log(USAGE)
  process.exit(0)
}
if (positionals.length !== 1) fail(USAGE)

// Relative paths are meant from where the operator typed the command.
const file = path.resolve(positionals[0]!)
if (!existsSync(file)) fail(`Không tìm thấy tệp / file not found: ${file}`)

const env = loadEnvironment({})
ensurePrismaClient()
await migrateDatabase(env)

const { importOrganizations } = await import('../app/auth/organizations.server')
const { prisma } = await import('../app/db.server')
const result = await importOrganizations(readFileSync(file, 'utf8'), { actorId: null })
await prisma.$disconnect()

if (!result.ok) {
  for (const error of result.errors) console.error(error.message)
  fail(
    `Tệp có ${result.errors.length} lỗi, chưa ghi gì vào cơ sở dữ liệu.\n` +
      `  The file has ${result.errors.length} error(s); nothing was written.`,
  )
}

const { created, updated, unchanged } = result
console.log(
  [
    `✔ Đã nhập danh sách đơn vị: ${created} tạo mới, ${updated} cập nhật, ${unchanged} không đổi.`,
    `  Organisations imported: ${created} created, ${updated} updated, ${unchanged} unchanged.`,
  ].join('\n'),
)
process.exit(0)
