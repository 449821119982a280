import { expectNoAxeViolations, expectNoHorizontalScroll, expect, openMenu, test } from './support/fixtures'

const PASSWORD = 'Bà đi chợ sáng thứ bảy'
const NEW_PASSWORD = 'Ông đi câu cá chiều chủ nhật'

function randomPhone() {
  return `09${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
}

test('a resident signs up with a phone number, logs out, logs in, changes password, and the old session ends', async ({
  page,
  browser,
}) => {
  // A long journey (two devices, four axe checks, welcome page included).
  test.setTimeout(60_000)
  const phone = randomPhone()
  await page.goto('/')
  await openMenu(page)
  await page.getByRole('link', { name: 'Đăng ký' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tạo tài khoản Học Số')
  await expectNoAxeViolations(page)

  // A mistake first: the typed values stay, the error sits next to the field, in Vietnamese.
  await page.getByLabel('Họ và tên').fill('Phạm Thị Mai')
  await page.getByLabel('Số điện thoại hoặc email').fill(phone.replace(/^(\d{4})(\d{3})(\d{3})$/, '$1 $2 $3'))
  await page.getByLabel('Mật khẩu').fill('12345678')
  await page.getByRole('button', { name: 'Tạo tài khoản' }).click()
  await expect(page.locator('.field__error', { hasText: 'Vui lòng đánh dấu ô đồng ý để tiếp tục.' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Vui lòng đánh dấu ô đồng ý để tiếp tục.' })).toBeVisible()
  await expect(page.getByLabel('Họ và tên')).toHaveValue('Phạm Thị Mai')

  await page.getByLabel('Mật khẩu').fill(PASSWORD)
  await page.getByLabel(/Tôi đã đọc thông báo về quyền riêng tư/).check()
  await page.getByRole('button', { name: 'Tạo tài khoản' }).click()
  // A welcome by name and the next step, not the profile form.
  await expect(page).toHaveURL(/\/hoc-tap\?chao-mung=1$/)
  await expect(page.getByRole('status')).toContainText('Chào mừng Phạm Thị Mai đến với Học Số!')
  await expect(page.getByRole('status')).toContainText('Bước tiếp theo')
  await expectNoAxeViolations(page)
  await page.getByRole('status').getByRole('link', { name: 'Tài khoản của tôi' }).click()
  await expect(page).toHaveURL(/\/tai-khoan$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tài khoản của tôi')
  await expect(page.getByLabel('Số điện thoại hoặc email')).toHaveValue(phone.replace(/^(\d{4})(\d{3})(\d{3})$/, '$1 $2 $3'))
  await expectNoHorizontalScroll(page)
  await expectNoAxeViolations(page)

  // A second device signed in to the same account.
  const otherDevice = await browser.newContext({ baseURL: page.url().replace(/\/tai-khoan$/, '') })
  const otherPage = await otherDevice.newPage()
  await otherPage.goto('/dang-nhap')
  await otherPage.getByLabel('Số điện thoại hoặc email').fill(`+84${phone.slice(1)}`)
  await otherPage.getByLabel('Mật khẩu').fill(PASSWORD)
  await otherPage.getByRole('button', { name: 'Đăng nhập' }).click()
  await expect(otherPage).toHaveURL(/\/tai-khoan$/)

  await openMenu(page)
  await page.getByRole('button', { name: 'Đăng xuất', exact: true }).click()
  await page.waitForURL((url) => url.pathname !== '/tai-khoan')
  await openMenu(page)
  await expect(page.getByRole('link', { name: 'Đăng nhập' })).toBeVisible()

  await page.getByRole('link', { name: 'Đăng nhập' }).click()
  await expectNoAxeViolations(page)
  await page.getByLabel('Số điện thoại hoặc email').fill(phone)
  await page.getByLabel('Mật khẩu').fill('sai mật khẩu rồi')
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await expect(page.getByText('Số điện thoại/email hoặc mật khẩu không đúng.')).toBeVisible()
  await page.getByLabel('Mật khẩu').fill(PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await expect(page).toHaveURL(/\/tai-khoan$/)

  await page.getByRole('link', { name: 'Đổi mật khẩu' }).click()
  await page.getByLabel('Mật khẩu hiện tại').fill(PASSWORD)
  await page.getByLabel('Mật khẩu mới (bắt buộc)', { exact: true }).fill(NEW_PASSWORD)
  await page.getByLabel('Nhập lại mật khẩu mới').fill(NEW_PASSWORD)
  await page.getByRole('button', { name: 'Đổi mật khẩu' }).click()
  await expect(page.getByRole('status')).toContainText('Đã đổi mật khẩu')

  // The other device is signed out.
  await otherPage.goto('/tai-khoan')
  await expect(otherPage).toHaveURL(/\/dang-nhap\?redirectTo=%2Ftai-khoan/)
  await otherDevice.close()
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('sign-up errors and success work as plain form posts', async ({ page }) => {
    const phone = randomPhone()
    await page.goto('/dang-ky')
    await page.getByLabel('Họ và tên').fill('Hoàng Văn Tư')
    await page.getByLabel('Số điện thoại hoặc email').fill(phone)
    await page.getByLabel('Mật khẩu').fill('matkhau123')
    await page.getByLabel(/Tôi đã đọc thông báo về quyền riêng tư/).check()
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click()
    await expect(page.locator('.field__error', { hasText: 'Mật khẩu này quá phổ biến' })).toBeVisible()
    await expect(page.getByLabel('Số điện thoại hoặc email')).toHaveValue(phone)
    await expect(page.getByLabel('Mật khẩu')).toHaveValue('')
    await page.getByLabel('Mật khẩu').fill(PASSWORD)
    await page.getByLabel(/Tôi đã đọc thông báo về quyền riêng tư/).check()
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Việc học của tôi')
    await expect(page.getByRole('status')).toContainText('Chào mừng Hoàng Văn Tư đến với Học Số!')
  })
})

test('the privacy notice says what is kept and what never is', async ({ page }) => {
  await page.goto('/quyen-rieng-tu')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thông báo về quyền riêng tư')
  await expect(page.getByRole('heading', { name: 'Chúng tôi không bao giờ thu thập' })).toBeVisible()
  await expect(page.locator('script')).toHaveCount(0)
  await expectNoAxeViolations(page)
})
