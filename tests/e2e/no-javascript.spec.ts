import { expect, openMenu, test } from './support/fixtures'

test.use({ javaScriptEnabled: false })

test('without JavaScript the display options still work', async ({ page }) => {
  await page.goto('/')
  await openMenu(page)
  await page.getByRole('button', { name: 'Chữ lớn' }).click()
  await expect(page.locator('html')).toHaveAttribute('data-text', 'large')
  await openMenu(page)
  await page.getByRole('button', { name: 'English' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await openMenu(page)
  await expect(page.getByRole('button', { name: 'Large text' })).toHaveAttribute('aria-pressed', 'true')
})
