import { expectNoAxeViolations, expectNoHorizontalScroll, expect, openMenu, test } from './support/fixtures'

test('a resident finds a course, reads a lesson, opens a word explanation and moves on', async ({ page }) => {
  await page.goto('/')
  await openMenu(page)
  await page.getByRole('link', { name: 'Khoá học', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Các khoá học')
  await expectNoAxeViolations(page)
  await page.getByRole('link', { name: 'Cán bộ, công chức', exact: true }).click()
  await expect(page.getByRole('link', { name: 'Làm quen với VNeID' })).toHaveCount(0)
  await page.getByRole('link', { name: 'Tất cả' }).click()
  await page.getByRole('link', { name: 'Làm quen với VNeID' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Làm quen với VNeID')
  await expectNoAxeViolations(page)

  await page.getByRole('link', { name: 'Bắt đầu học' }).click()
  await expect(page.getByText('Bài 1/')).toBeVisible()
  // Lessons ship no framework JavaScript, only the small listen script.
  const scripts = await page.locator('script').evaluateAll((nodes) => nodes.map((node) => (node as HTMLScriptElement).src))
  expect(scripts).toEqual([expect.stringMatching(/\/listen\.js$/)])
  await expectNoHorizontalScroll(page)
  await expectNoAxeViolations(page)

  // A technical word opens its explanation in place, and is listed at the end.
  // It opens below the word (never over it), scrolls with the text, and
  // closes with its own button or Esc; the keyboard reaches all of it.
  const term = page.locator('.term__word').first()
  const word = (await term.textContent())!.trim()
  const pop = page.locator('.term__pop').first()
  await term.click()
  await expect(pop).toBeVisible()
  await expectNoAxeViolations(page)
  const wordBox = (await term.boundingBox())!
  const popBox = (await pop.boundingBox())!
  expect(popBox.y).toBeGreaterThanOrEqual(wordBox.y + wordBox.height)
  await page.mouse.wheel(0, 200)
  await expect.poll(async () => (await pop.boundingBox())!.y).toBeLessThan(popBox.y - 100)
  await pop.getByRole('button', { name: 'Đóng' }).click()
  await expect(pop).toBeHidden()
  await term.focus()
  await page.keyboard.press('Enter')
  await expect(pop).toBeVisible()
  await page.keyboard.press('Tab')
  await expect(pop.getByRole('button', { name: 'Đóng' })).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(pop).toBeHidden()
  await expect(page.getByRole('heading', { name: 'Giải thích từ ngữ' })).toBeVisible()
  await expect(page.locator('.glossary dt', { hasText: word }).first()).toBeVisible()

  // A quick check reveals its answer on demand.
  const check = page.locator('.check').first()
  await check.getByText('Xem đáp án').click()
  await expect(check.getByText('Đáp án đúng:')).toBeVisible()

  // Listening: Chromium here has no Vietnamese voice, and says so plainly.
  await page.getByRole('button', { name: 'Nghe bài học' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'chưa có giọng đọc tiếng Việt' })).toBeVisible()

  const nextLink = page.getByRole('link', { name: /^Bài tiếp theo/ })
  await nextLink.click()
  await expect(page.getByText('Bài 2/')).toBeVisible()
  await page.getByRole('link', { name: /^← Bài trước/ }).click()
  await expect(page.getByText('Bài 1/')).toBeVisible()
})

test('search finds a lesson typed without diacritics', async ({ page }) => {
  await page.goto('/tim-kiem')
  await page.getByLabel('Bạn muốn học về điều gì?').fill('dang ky tam tru')
  await page.getByRole('button', { name: 'Tìm' }).click()
  await expect(page.getByRole('status')).toContainText('Tìm thấy')
  await page.locator('.search-results a').first().click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/tạm trú/i)
  await expectNoAxeViolations(page)
})

test('the final quiz is graded with explanations, and a retry keeps nothing hidden', async ({ page }) => {
  await page.goto('/khoa-hoc/phan-anh-kien-nghi/kiem-tra')
  await expectNoAxeViolations(page)
  await page.getByRole('button', { name: 'Nộp bài' }).click()
  await expect(page.getByRole('alert')).toContainText('Bạn chưa trả lời câu 1')
  const groups = page.locator('fieldset.quiz__question')
  const count = await groups.count()
  for (let index = 0; index < count; index++) await groups.nth(index).getByRole('radio').first().check()
  await page.getByRole('button', { name: 'Nộp bài' }).click()
  await expect(page.getByRole('status')).toContainText(/Bạn trả lời đúng \d+\/\d+ câu/)
  await expect(page.locator('.quiz__feedback').first()).toBeVisible()
  await expectNoAxeViolations(page)
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('a course can be read, searched and its quiz taken', async ({ page }) => {
    await page.goto('/khoa-hoc/an-toan-tren-moi-truong-so')
    await page.getByRole('link', { name: 'Bắt đầu học' }).click()
    await expect(page.locator('.lesson-body')).not.toBeEmpty()
    // The listen button needs JavaScript and stays hidden without it.
    await expect(page.getByRole('button', { name: 'Nghe bài học' })).toBeHidden()
    await page.locator('.check').first().getByText('Xem đáp án').click()
    await expect(page.locator('.check').first().getByText('Đáp án đúng:')).toBeVisible()
    await page.getByRole('link', { name: /^Bài tiếp theo/ }).click()
    await expect(page.getByText('Bài 2/')).toBeVisible()

    await page.goto('/tim-kiem?q=OTP')
    await expect(page.getByRole('status')).toContainText('Tìm thấy')

    await page.goto('/khoa-hoc/an-toan-tren-moi-truong-so/kiem-tra')
    const groups = page.locator('fieldset.quiz__question')
    const count = await groups.count()
    for (let index = 0; index < count; index++) await groups.nth(index).getByRole('radio').nth(1).check()
    await page.getByRole('button', { name: 'Nộp bài' }).click()
    await expect(page.getByRole('status')).toContainText('Bạn trả lời đúng')
  })
})

test('lesson pages stay readable at 200% text size on a 360-px screen', async ({ page }) => {
  await page.goto('/khoa-hoc/lam-quen-vneid')
  await openMenu(page)
  await page.getByRole('button', { name: 'Chữ lớn' }).click()
  await page.getByRole('link', { name: 'Bắt đầu học' }).click()
  // Browser zoom on top of the large-text setting.
  await page.evaluate(() => {
    document.documentElement.style.fontSize = '200%'
  })
  await expectNoHorizontalScroll(page)
})
