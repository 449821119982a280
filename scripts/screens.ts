// `npm run screens`: phone screenshots for docs/screens/ — 360×740 with the
// large-text setting, the way the people this is for see it. Starts the
// production server with the e2e global setup (fresh database, build if
// stale) and drives Debian's Chromium through playwright-core.
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Page } from '@playwright/test'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const OUT = path.join(ROOT, 'docs', 'screens')
process.env.E2E_PORT ??= process.env.SCREENS_PORT ?? '3271'
const BASE = `http://localhost:${process.env.E2E_PORT}`

const { default: globalSetup } = await import('../tests/e2e/support/global-setup')
const stop = await globalSetup()
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
})

async function phone(javaScriptEnabled: boolean) {
  const context = await browser.newContext({
    baseURL: BASE,
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    locale: 'vi-VN',
    javaScriptEnabled,
  })
  await context.addCookies([{ name: 'hs_prefs', value: encodeURIComponent('lang=vi&text=large&contrast=normal'), url: BASE }])
  return context.newPage()
}

async function shot(page: Page, name: string) {
  await page.evaluate(() => document.fonts.ready)
  await page.screenshot({ path: path.join(OUT, `${name}.png`) })
  const header = await page.locator('header.site-header').boundingBox()
  console.log(`✔ docs/screens/${name}.png (header ${Math.round(header?.height ?? 0)} px)`)
}

try {
  mkdirSync(OUT, { recursive: true })
  const page = await phone(true)
  await page.goto('/')
  await shot(page, 'home')
  await page.locator('header details.menu summary').click()
  await shot(page, 'menu-open')
  await page.goto('/khoa-hoc/lam-quen-vneid/vneid-la-gi')
  await shot(page, 'lesson')
  await page.goto('/mo-phong/vneid-kich-hoat-tai-khoan?che-do=huong-dan')
  await page.evaluate(() => document.querySelector('.sim-task')?.scrollIntoView({ block: 'start' }))
  await shot(page, 'simulator-step')

  // Sign-up posted without JavaScript, consent left unticked.
  const noJs = await phone(false)
  await noJs.goto('/dang-ky')
  await noJs.getByLabel('Họ và tên').fill('Lê Thị Hoa')
  await noJs.getByLabel('Số điện thoại hoặc email').fill('0912 345 678')
  await noJs.getByLabel('Mật khẩu').fill('Bà đi chợ sáng thứ bảy')
  await noJs.getByRole('button', { name: 'Tạo tài khoản' }).click()
  await noJs.locator('.error-summary').waitFor()
  await shot(noJs, 'sign-up-with-errors')
} finally {
  await browser.close()
  await stop()
}
