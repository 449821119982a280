import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { finishCourse, randomPhone } from './support/accounts'
import { expect, expectNoAxeViolations, expectNoHorizontalScroll, test } from './support/fixtures'

const COURSE = 'phan-anh-kien-nghi'
const COURSE_TITLE = 'Phản ánh, kiến nghị'
const HOLDER = 'Nguyễn Thị Ánh Tuyết'

test('a learner finishes a course, downloads the PDF, follows its QR code and sees "Hợp lệ"', async ({ page }) => {
  test.setTimeout(90_000)
  await page.goto('/dang-ky')
  await page.getByLabel('Họ và tên').fill(HOLDER)
  await page.getByLabel('Số điện thoại hoặc email').fill(randomPhone())
  await page.getByLabel('Mật khẩu').fill('Bà đi chợ sáng thứ bảy')
  await page.getByLabel(/Tôi đã đọc thông báo về quyền riêng tư/).check()
  await page.getByRole('button', { name: 'Tạo tài khoản' }).click()
  await expect(page).toHaveURL(/\/hoc-tap\?chao-mung=1$/)
  await finishCourse(page, COURSE)

  await page.goto('/hoc-tap')
  await page.getByRole('link', { name: `Xem chứng nhận “${COURSE_TITLE}”` }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Chứng nhận hoàn thành khoá học')
  await expect(page.getByRole('main').getByText(HOLDER)).toBeVisible()
  // The download list is a stack of actions: no bullet beside the PDF button.
  await expect(page.locator('.stack-list').first()).toHaveCSS('list-style-type', 'none')
  await expectNoAxeViolations(page)
  await expectNoHorizontalScroll(page)

  const downloadPromise = page.waitForEvent('download')
  await page.getByRole('link', { name: /Tải chứng nhận \(PDF/ }).click()
  const download = await downloadPromise
  expect(download.suggestedFilename()).toMatch(/^chung-nhan-HS-[A-Z0-9]{4}-[A-Z0-9]{4}\.pdf$/)
  const dir = mkdtempSync(path.join(tmpdir(), 'hocso-cert-'))
  const pdf = path.join(dir, 'certificate.pdf')
  await download.saveAs(pdf)
  // The text reads back with every Vietnamese mark, and the QR code holds the verify link.
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).normalize('NFC')
  expect(text).toContain(HOLDER)
  expect(text).toContain(COURSE_TITLE)
  execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', pdf, path.join(dir, 'page')])
  const link = execFileSync('zbarimg', ['-q', '--raw', path.join(dir, 'page.png')], { encoding: 'utf8' }).trim()
  expect(link).toMatch(/\/verify\/HS-[A-Z0-9]{4}-[A-Z0-9]{4}$/)

  const badgePromise = page.waitForEvent('download')
  await page.getByRole('link', { name: /Tải huy hiệu số/ }).click()
  const badge = await badgePromise
  writeFileSync(path.join(dir, 'name.txt'), badge.suggestedFilename())
  expect(badge.suggestedFilename()).toMatch(/\.json$/)

  // Anyone opening the QR link, signed in or not, sees the certificate is valid.
  await page.context().clearCookies()
  await page.goto(new URL(link).pathname)
  await expect(page.getByRole('heading', { name: 'Hợp lệ' })).toBeVisible()
  await expect(page.getByRole('main').getByText(HOLDER)).toBeVisible()
  await expectNoAxeViolations(page)
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('a code typed into the verify form is checked, and a mistyped code is explained', async ({ page }) => {
    await page.goto('/verify')
    await page.getByLabel('Mã chứng nhận').fill('hs 2345 6789')
    await page.getByRole('button', { name: 'Kiểm tra' }).click()
    await expect(page.getByText(/Mã không đúng dạng|Không tìm thấy/).first()).toBeVisible()
    await page.goto('/verify/HS-0000-OOOO')
    await expect(page.getByText('Mã không đúng dạng').first()).toBeVisible()
  })
})
