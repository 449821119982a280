import AxeBuilder from '@axe-core/playwright'
import { test as base, expect, type Page } from '@playwright/test'

// Every page is checked for requests that leave the site: the product must
// work on machines and networks that reach nothing else.
export const test = base.extend<{ offsiteRequests: string[] }>({
  offsiteRequests: [
    async ({ page }, use) => {
      const offsite: string[] = []
      page.on('request', (request) => {
        const url = new URL(request.url())
        if (!['localhost', '127.0.0.1'].includes(url.hostname) && url.protocol.startsWith('http')) {
          offsite.push(request.url())
        }
      })
      await use(offsite)
      expect(offsite, 'requests to other sites').toEqual([])
    },
    { auto: true },
  ],
})

export { expect }

export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze()
  const summary = results.violations.map(
    (violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
  )
  expect(summary).toEqual([])
}

// The header's links and display options sit behind the "Trình đơn" button
// on a phone; open it (if it is not open already) before using them.
export async function openMenu(page: Page) {
  const menu = page.locator('header details.menu')
  if ((await menu.getAttribute('open')) === null) await menu.locator('summary').click()
  await expect(menu).toHaveAttribute('open', '')
  return menu
}

export async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow).toBeLessThanOrEqual(0)
}
