import { readFileSync } from 'node:fs'
import { SETUP_LINK_FILE } from './support/global-setup'
import { expectNoAxeViolations, expect, test } from './support/fixtures'

test('the operator creates the first administrator with the link printed at start-up', async ({ page }) => {
  const link = readFileSync(SETUP_LINK_FILE, 'utf8').trim()
  const setupPath = new URL(link).pathname
  await page.goto(setupPath)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tạo tài khoản quản trị viên đầu tiên')
  await expectNoAxeViolations(page)

  // A mistake keeps what was typed and explains it next to the field.
  await page.getByLabel('Họ và tên').fill('Trần Văn Bình')
  await page.getByLabel('Số điện thoại hoặc email').fill('0212 34')
  await page.getByLabel('Mật khẩu').fill('một câu dài dễ nhớ')
  await page.getByRole('button', { name: 'Tạo quản trị viên' }).click()
  await expect(page.getByText('Hãy nhập số điện thoại di động Việt Nam')).toBeVisible()
  await expect(page.getByLabel('Họ và tên')).toHaveValue('Trần Văn Bình')

  await page.getByLabel('Số điện thoại hoặc email').fill('0987 654 321')
  await page.getByRole('button', { name: 'Tạo quản trị viên' }).click()
  await expect(page.getByRole('status')).toContainText('Đã tạo tài khoản quản trị viên')

  // The link works once only.
  const again = await page.goto(setupPath)
  expect(again?.status()).toBe(404)
  await expect(page.getByText('Đường dẫn thiết lập không đúng hoặc đã được dùng')).toBeVisible()
})
