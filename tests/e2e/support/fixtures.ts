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

export async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow).toBeLessThanOrEqual(0)
}
