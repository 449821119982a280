import { readFileSync } from 'node:fs'
import { SETUP_LINK_FILE } from './support/global-setup'
import { expectNoAxeViolations, expect, openMenu, test } from './support/fixtures'

test('the operator creates the first administrator with the link printed at start-up', async ({ page, browser }) => {
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
  await expect(page.locator('.field__error', { hasText: 'Hãy nhập số điện thoại di động Việt Nam' })).toBeVisible()
  await expect(page.getByLabel('Họ và tên')).toHaveValue('Trần Văn Bình')

  await page.getByLabel('Số điện thoại hoặc email').fill('0987 654 321')
  await page.getByRole('button', { name: 'Tạo quản trị viên' }).click()
  await expect(page.getByRole('status')).toContainText('Đã tạo tài khoản quản trị viên')

  // The link works once only.
  const again = await page.goto(setupPath)
  expect(again?.status()).toBe(404)
  await expect(page.getByText('Đường dẫn thiết lập không đúng hoặc đã được dùng')).toBeVisible()

  // The administrator signs in and makes an account for someone with no email.
  await page.goto('/dang-nhap')
  await page.getByLabel('Số điện thoại hoặc email').fill('0987654321')
  await page.getByLabel('Mật khẩu').fill('một câu dài dễ nhớ')
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await page.waitForURL((url) => url.pathname !== '/dang-nhap')
  await openMenu(page)
  await page.getByRole('link', { name: 'Quản lý' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Người học')
  await expectNoAxeViolations(page)
  await page.getByRole('link', { name: 'Tạo tài khoản cho người học' }).click()
  await page.getByLabel('Họ và tên').fill('Đinh Văn Sáu')
  await page.getByLabel('Số điện thoại hoặc email').fill('0356 111 222')
  await page.getByLabel('Tỉnh/thành phố và xã/phường của bạn').selectOption({ label: 'Phường Bến Thành' })
  await page.getByRole('button', { name: 'Tạo tài khoản và in phiếu' }).click()
  const slip = page.getByRole('article', { name: 'Phiếu đăng nhập Học Số' })
  await expect(slip).toContainText('Đinh Văn Sáu')
  await expect(slip).toContainText('0356 111 222')
  const temporaryPassword = (await slip.locator('dd').nth(2).textContent())!.trim()
  expect(temporaryPassword).toMatch(/^\w{4}-\w{4}$/)
  await expectNoAxeViolations(page)

  // The learner, on their own phone, must choose a password before anything else.
  const learner = await browser.newContext({ baseURL: new URL(page.url()).origin })
  const learnerPage = await learner.newPage()
  await learnerPage.goto('/dang-nhap')
  await learnerPage.getByLabel('Số điện thoại hoặc email').fill('0356111222')
  await learnerPage.getByLabel('Mật khẩu').fill(temporaryPassword)
  await learnerPage.getByRole('button', { name: 'Đăng nhập' }).click()
  await expect(learnerPage).toHaveURL(/\/tai-khoan\/mat-khau$/)
  await expect(learnerPage.getByText('mật khẩu tạm do người hướng dẫn cấp')).toBeVisible()
  await learnerPage.getByLabel('Mật khẩu tạm (in trên phiếu)').fill(temporaryPassword)
  await learnerPage.getByLabel('Mật khẩu mới (bắt buộc)', { exact: true }).fill('Con mèo nhà tôi màu vàng')
  await learnerPage.getByLabel('Nhập lại mật khẩu mới').fill('Con mèo nhà tôi màu vàng')
  await learnerPage.getByRole('button', { name: 'Đổi mật khẩu' }).click()
  await expect(learnerPage.getByRole('status')).toContainText('Đã đổi mật khẩu')
  await learnerPage.goto('/tai-khoan')
  await expect(learnerPage.getByRole('heading', { level: 1 })).toHaveText('Tài khoản của tôi')
  // The learner reads a lesson: a statement in the log.
  await learnerPage.goto('/khoa-hoc/lam-quen-vneid')
  await learnerPage.getByRole('link', { name: 'Bắt đầu học' }).click()
  await learnerPage.getByRole('button', { name: /^Học xong — Bài tiếp theo/ }).click()
  await expect(learnerPage.getByText('Bài 2/')).toBeVisible()
  await learner.close()

  // A province's Learning Record Store gets a read-only token and pulls the log.
  await page.goto('/quan-ly/nguoi-dung')
  await page.getByRole('link', { name: 'Mã truy cập API' }).click()
  await page.getByRole('button', { name: 'Tạo mã' }).click()
  await expect(page.getByText('Vui lòng').first()).toBeVisible()
  await page.getByLabel('Tên gợi nhớ').fill('LRS của Sở Khoa học và Công nghệ')
  await page.getByRole('button', { name: 'Tạo mã' }).click()
  const token = await page.locator('#new-token').inputValue()
  expect(token.length).toBeGreaterThanOrEqual(32)
  await expectNoAxeViolations(page)
  const anonymous = await page.request.get('/api/xapi/statements', { headers: { Authorization: 'Bearer sai-ma' } })
  expect(anonymous.status()).toBe(401)
  const pulled = await page.request.get('/api/xapi/statements?ascending=true&limit=500', {
    headers: { Authorization: `Bearer ${token}`, 'X-Experience-API-Version': '1.0.3' },
  })
  expect(pulled.status()).toBe(200)
  expect(pulled.headers()['x-experience-api-version']).toBe('1.0.3')
  const body = (await pulled.json()) as { statements: { verb: { id: string }; object: { id: string }; actor: { account: { name: string } } }[] }
  expect(body.statements.some((statement) => statement.verb.id === 'http://adlnet.gov/expapi/verbs/completed' && statement.object.id.includes('/lesson/lam-quen-vneid/'))).toBe(true)
  // Learners are identified by an opaque id, never by name or phone.
  expect(JSON.stringify(body)).not.toContain('0356111222')
  expect(JSON.stringify(body)).not.toContain('Đinh Văn Sáu')
})
