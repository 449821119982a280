import { E2E_PORT } from '../../playwright.config'
import { expectNoAxeViolations, expectNoHorizontalScroll, expect, openMenu, test } from './support/fixtures'

test('a first-time visitor sees the Vietnamese home page, safely served', async ({ page }) => {
  const response = await page.goto('/')
  expect(response?.status()).toBe(200)
  await expect(page).toHaveTitle(/Học Số/)
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tự mình làm được thủ tục trên điện thoại')
  await expect(page.getByText('MÔ PHỎNG — không phải ứng dụng thật')).toBeVisible()

  const headers = response!.headers()
  const csp = headers['content-security-policy'] ?? ''
  const nonce = csp.match(/'nonce-([^']+)'/)?.[1]
  expect(nonce).toBeTruthy()
  expect(csp).toContain("frame-ancestors 'none'")
  expect(headers['x-content-type-options']).toBe('nosniff')
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin')
  expect(headers['permissions-policy']).toContain('camera=()')
  // The home page needs no interactivity, so it ships no JavaScript (ADR 005).
  await expect(page.locator('script')).toHaveCount(0)

  await expectNoHorizontalScroll(page)
  await expectNoAxeViolations(page)
})

test('pages that hydrate carry this response\'s CSP nonce on every inline script', async ({ page }) => {
  const response = await page.goto('/khong-co-trang-nay')
  const nonce = response!.headers()['content-security-policy']?.match(/'nonce-([^']+)'/)?.[1]
  expect(nonce).toBeTruthy()
  const scripts = await page.locator('script').evaluateAll((nodes) =>
    nodes.map((node) => ({ inline: !(node as HTMLScriptElement).src, nonce: (node as HTMLScriptElement).nonce })),
  )
  expect(scripts.filter((script) => script.inline).length).toBeGreaterThan(0)
  for (const script of scripts.filter((s) => s.inline)) expect(script.nonce).toBe(nonce)
  // Hydration worked: client-side navigation happens without a document load.
  await page.getByRole('link', { name: 'Về trang chủ' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tự mình làm được thủ tục trên điện thoại')
})

test('the skip link takes keyboard users straight to the content', async ({ page }) => {
  await page.goto('/')
  await page.keyboard.press('Tab')
  const skip = page.getByRole('link', { name: 'Bỏ qua, đến nội dung chính' })
  await expect(skip).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.locator('main')).toBeFocused()
})

test('switching to English changes the page and is remembered', async ({ page }) => {
  await page.goto('/')
  await openMenu(page)
  await page.getByRole('button', { name: 'English' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Do your paperwork on your phone, by yourself')
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await openMenu(page)
  await page.getByRole('button', { name: 'Tiếng Việt' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi')
})

test('large text and high contrast persist across reloads and stay accessible', async ({ page }) => {
  await page.goto('/')
  const baseSize = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))
  await openMenu(page)
  const largeText = page.getByRole('button', { name: 'Chữ lớn' })
  await expect(largeText).toHaveAttribute('aria-pressed', 'false')
  await largeText.click()
  // The home page ships no JavaScript: each toggle is a page load, which closes the menu.
  await openMenu(page)
  await expect(page.getByRole('button', { name: 'Chữ lớn' })).toHaveAttribute('aria-pressed', 'true')
  await page.getByRole('button', { name: 'Tương phản cao' }).click()
  await expect(page.locator('html')).toHaveAttribute('data-contrast', 'high')

  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('data-text', 'large')
  await expect(page.locator('html')).toHaveAttribute('data-contrast', 'high')
  const largeSize = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))
  expect(largeSize).toBeGreaterThan(baseSize * 1.15)

  await page.goto('/khong-co-trang-nay')
  await expect(page.locator('html')).toHaveAttribute('data-text', 'large')
  await expectNoHorizontalScroll(page)
  await expectNoAxeViolations(page)
})

test('an unknown address gets a Vietnamese 404 page without technical details', async ({ page }) => {
  const response = await page.goto('/trang-khong-ton-tai')
  expect(response?.status()).toBe(404)
  await expect(page).toHaveTitle('Không tìm thấy trang')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Không tìm thấy trang này')
  await expect(page.getByRole('link', { name: 'Về trang chủ' })).toBeVisible()
  await expect(page.locator('body')).not.toContainText(/Error|stack|at \w+ \(/)
  await expectNoAxeViolations(page)
})

test('/healthz reports the database as reachable', async ({ request }) => {
  const response = await request.get('/healthz')
  expect(response.status()).toBe(200)
  expect(await response.json()).toMatchObject({ status: 'ok', database: 'ok' })
})

test('a form posted from another site is refused', async ({ request }) => {
  const response = await request.post('/preferences', {
    headers: { Origin: 'https://evil.example' },
    form: { text: 'large' },
  })
  expect(response.status()).toBe(403)
  expect(await response.text()).toContain('Yêu cầu bị từ chối')
})

test('malformed requests get a Vietnamese explanation, never a stack trace', async ({ page, request }) => {
  const badAddress = await request.get('/setup/%E0%A4%A')
  expect(badAddress.status()).toBe(400)
  expect(await badAddress.text()).toContain('Địa chỉ không hợp lệ')

  const garbage = {
    headers: { 'Content-Type': 'multipart/form-data; boundary=xx', Origin: `http://localhost:${E2E_PORT}` },
    data: 'not a form',
  }
  const badPreferences = await request.post('/preferences', garbage)
  expect(badPreferences.status()).toBe(400)
  expect(await badPreferences.text()).toContain('Yêu cầu không hợp lệ')

  const badBody = await request.post('/setup/abc', garbage)
  expect(badBody.status()).toBe(400)
  const html = await badBody.text()
  expect(html).toContain('Yêu cầu không hợp lệ')
  expect(html).toMatch(/Mã lỗi để báo cho người hỗ trợ: [0-9a-z]{10}/)
  expect(html).not.toMatch(/TypeError|at async|node_modules/)

  await page.goto('/')
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi')
})

test('an oversized form is refused in Vietnamese before it reaches the application', async ({ request }) => {
  const response = await request.post('/dang-nhap', {
    headers: { Origin: `http://localhost:${E2E_PORT}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    data: `login=${'a'.repeat(1_200_000)}`,
  })
  expect(response.status()).toBe(413)
  expect(await response.text()).toContain('Dữ liệu gửi lên quá lớn')
})
