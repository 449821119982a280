import { type BrowserContext, type Page } from '@playwright/test'
import { expectNoAxeViolations, expectNoHorizontalScroll, expect, test } from './support/fixtures'

// The people this is for use cheap 360-px phones with the large-text setting.
async function largeText(context: BrowserContext, baseURL: string | undefined) {
  await context.addCookies([
    { name: 'hs_prefs', value: encodeURIComponent('lang=vi&text=large&contrast=normal'), url: baseURL! },
  ])
}

const PAGES = [
  ['the home page', '/'],
  ['a lesson', '/khoa-hoc/lam-quen-vneid/vneid-la-gi'],
  ['sign-up', '/dang-ky'],
] as const

for (const [name, path] of PAGES) {
  test(`${name} starts on the first screen at 360×740 with large text`, async ({ page, context, baseURL }) => {
    await largeText(context, baseURL)
    await page.goto(path)
    await expect(page.locator('html')).toHaveAttribute('data-text', 'large')
    const header = await page.locator('header.site-header').boundingBox()
    expect(header!.height).toBeLessThanOrEqual(120)
    const heading = page.getByRole('heading', { level: 1 })
    const box = await heading.boundingBox()
    expect(box!.y + box!.height).toBeLessThanOrEqual(740)
    await expectNoHorizontalScroll(page)
  })
}

async function fillSignUpWithoutConsent(page: Page) {
  await page.getByLabel('Họ và tên').fill('Lê Thị Hoa')
  await page.getByLabel('Số điện thoại hoặc email').fill(`09${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`)
  await page.getByLabel('Mật khẩu').fill('Bà đi chợ sáng thứ bảy')
  await page.getByRole('button', { name: 'Tạo tài khoản' }).click()
}

test('the menu is one button that opens from the keyboard and holds the links and display options', async ({
  page,
  context,
  baseURL,
}) => {
  await largeText(context, baseURL)
  await page.goto('/')
  const menu = page.locator('header details.menu')
  const button = menu.locator('summary')
  await expect(button).toHaveText('Trình đơn')
  await expect(page.getByRole('link', { name: 'Khoá học', exact: true })).toBeHidden()
  await page.keyboard.press('Tab') // skip link
  await page.keyboard.press('Tab') // the site's name
  await page.keyboard.press('Tab')
  await expect(button).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(menu).toHaveAttribute('open', '')
  await page.keyboard.press('Tab')
  await expect(page.getByRole('link', { name: 'Trang chủ' })).toBeFocused()
  const nav = page.getByRole('navigation', { name: 'Điều hướng chính' })
  await expect(nav.getByRole('link', { name: 'Khoá học', exact: true })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Chữ lớn' })).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByRole('button', { name: 'Tương phản cao' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'English' })).toBeVisible()
  await expectNoHorizontalScroll(page)
  await expectNoAxeViolations(page)
  // A link followed in the page closes the menu, as a page load would.
  await nav.getByRole('link', { name: 'Khoá học', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Các khoá học')
  await expect(menu).not.toHaveAttribute('open', '')
})

test('on a wide screen the links show in the header without the menu button', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 })
  await page.goto('/')
  await expect(page.locator('header details.menu summary')).toBeHidden()
  await expect(page.getByRole('link', { name: 'Khoá học', exact: true })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Chữ lớn' })).toBeVisible()
  await expectNoAxeViolations(page)
})

test('a failed sign-up shows the error summary, focused, with links to the fields', async ({ page, context, baseURL }) => {
  await largeText(context, baseURL)
  await page.goto('/dang-ky')
  await expect(page.getByText('Họ và tên (bắt buộc)')).toBeVisible()
  await fillSignUpWithoutConsent(page)
  const summary = page.locator('.error-summary')
  await expect(summary).toBeFocused()
  await expect(summary.getByRole('heading', { name: 'Có lỗi cần sửa' })).toBeVisible()
  await summary.getByRole('link', { name: 'Vui lòng đánh dấu ô đồng ý để tiếp tục.' }).click()
  await expect(page.getByLabel(/Tôi đã đọc thông báo về quyền riêng tư/)).toBeFocused()
  await expect(page.getByLabel(/Tôi đã đọc thông báo về quyền riêng tư/)).toBeInViewport()
  await expectNoAxeViolations(page)

  // Empty fields are named in the summary.
  await page.getByLabel('Họ và tên').fill('')
  await page.getByRole('button', { name: 'Tạo tài khoản' }).click()
  await expect(summary).toBeFocused()
  await summary.getByRole('link', { name: 'Họ và tên: Vui lòng điền vào ô này.' }).click()
  await expect(page.getByLabel('Họ và tên')).toBeFocused()
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('a failed sign-up opens at the error summary, and its links lead to the fields', async ({ page, context, baseURL }) => {
    await largeText(context, baseURL)
    await page.goto('/dang-ky')
    await fillSignUpWithoutConsent(page)
    const summary = page.locator('.error-summary')
    await expect(summary.getByRole('heading', { name: 'Có lỗi cần sửa' })).toBeVisible()
    // The answer renders the summary with autofocus: the browser focuses it and scrolls to it.
    await expect(summary).toBeFocused()
    await expect(summary).toBeInViewport()
    const link = summary.getByRole('link', { name: 'Vui lòng đánh dấu ô đồng ý để tiếp tục.' })
    const consent = page.getByLabel(/Tôi đã đọc thông báo về quyền riêng tư/)
    expect(await link.getAttribute('href')).toBe(`#${await consent.getAttribute('id')}`)
    await link.click()
    expect(new URL(page.url()).hash).toBe(`#${await consent.getAttribute('id')}`)
    await expect(consent).toBeInViewport()
    await expect(page.locator('.field__error', { hasText: 'Vui lòng đánh dấu ô đồng ý để tiếp tục.' })).toBeVisible()
  })

  test('a failed login lists the form-level error in the summary', async ({ page }) => {
    await page.goto('/dang-nhap')
    await page.getByLabel('Số điện thoại hoặc email').fill('0900000001')
    await page.getByLabel('Mật khẩu').fill('không phải mật khẩu')
    await page.getByRole('button', { name: 'Đăng nhập' }).click()
    const summary = page.locator('.error-summary')
    await expect(summary).toContainText('Số điện thoại/email hoặc mật khẩu không đúng.')
    await expect(summary).toBeFocused()
  })
})
