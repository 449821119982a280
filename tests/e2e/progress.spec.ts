import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Page } from '@playwright/test'
import { parse } from 'yaml'
import { expectNoAxeViolations, expectNoHorizontalScroll, expect, openMenu, test } from './support/fixtures'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const PASSWORD = 'Bà đi chợ sáng thứ bảy'
const COURSE = 'phan-anh-kien-nghi'
const COURSE_TITLE = 'Phản ánh, kiến nghị'

function randomPhone() {
  return `09${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
}

function quizAnswers(course: string): number[] {
  const quiz = parse(readFileSync(path.join(ROOT, 'content', 'courses', course, 'quiz.yaml'), 'utf8')) as { questions: { answer: number }[] }
  return quiz.questions.map((question) => question.answer)
}

async function signUp(page: Page) {
  await page.goto('/dang-ky')
  await page.getByLabel('Họ và tên').fill('Lê Thị Thu')
  await page.getByLabel('Số điện thoại hoặc email').fill(randomPhone())
  await page.getByLabel('Mật khẩu').fill(PASSWORD)
  await page.getByLabel(/Tôi đã đọc thông báo về quyền riêng tư/).check()
  await page.getByRole('button', { name: 'Tạo tài khoản' }).click()
  await expect(page).toHaveURL(/\/hoc-tap\?chao-mung=1$/)
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('a guest reads two lessons, sees them on every page, and keeps them by signing up', async ({ page }) => {
    await page.goto(`/khoa-hoc/${COURSE}`)
    await page.getByRole('link', { name: 'Bắt đầu học' }).click()
    await expect(page.getByText('Bài 1/')).toBeVisible()
    // Learning without an account is allowed, and the page says what signing up adds.
    await expect(page.getByText('tiến độ chỉ được lưu trên máy này')).toBeVisible()
    await page.getByRole('button', { name: /^Học xong — Bài tiếp theo/ }).click()
    await expect(page.getByText('Bài 2/')).toBeVisible()
    // The next page says the lesson was saved, even without JavaScript.
    await expect(page.getByRole('status').filter({ hasText: /^Đã lưu: bạn đã học xong bài “.+”\.$/ })).toBeVisible()
    await page.getByRole('button', { name: /^Học xong — Bài tiếp theo/ }).click()
    await expect(page.getByText('Bài 3/')).toBeVisible()

    await page.goto(`/khoa-hoc/${COURSE}`)
    await expect(page.locator('.lesson-list li').nth(0)).toContainText('✓ Đã học')
    await expect(page.locator('.lesson-list li').nth(1)).toContainText('✓ Đã học')
    await expect(page.locator('.lesson-list li').nth(2)).toContainText('Chưa học')
    await expect(page.getByRole('progressbar', { name: `Tiến độ khoá ${COURSE_TITLE}` })).toBeVisible()

    await page.goto('/')
    const resume = page.getByRole('region', { name: 'Học tiếp' })
    await expect(resume).toContainText(COURSE_TITLE)
    await resume.getByRole('link', { name: /^Bài tiếp:/ }).click()
    await expect(page.getByText('Bài 3/')).toBeVisible()

    await page.goto('/hoc-tap')
    await expect(page.getByText('Đã học 2/6 bài')).toBeVisible()
    await page.getByRole('link', { name: 'Đăng ký để giữ tiến độ' }).click()
    await expect(page.getByText('Những bài bạn đã học trên máy này sẽ được lưu vào tài khoản mới.')).toBeVisible()
    await page.getByLabel('Họ và tên').fill('Lê Văn Nam')
    await page.getByLabel('Số điện thoại hoặc email').fill(randomPhone())
    await page.getByLabel('Mật khẩu').fill(PASSWORD)
    await page.getByLabel(/Tôi đã đọc thông báo về quyền riêng tư/).check()
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click()
    await expect(page).toHaveURL(/\/hoc-tap$/)
    // Now in the account: the same two lessons, and no more guest notice.
    await expect(page.getByText('Đã học 2/6 bài')).toBeVisible()
    await expect(page.getByText('tiến độ chỉ được lưu trên máy này')).toHaveCount(0)
    expect((await page.context().cookies()).some((cookie) => cookie.name === 'hs_guest')).toBe(false)
  })
})

test('a signed-in resident finishes a course: every lesson, the quiz, a kind word and the dashboard', async ({ page }) => {
  await signUp(page)
  await page.goto('/hoc-tap')
  await expect(page.getByText('Bạn chưa bắt đầu khoá học nào.')).toBeVisible()
  await expectNoAxeViolations(page)

  await page.goto(`/khoa-hoc/${COURSE}`)
  await page.getByRole('link', { name: 'Bắt đầu học' }).click()
  for (let lesson = 1; lesson < 6; lesson++) {
    await expect(page.getByText(`Bài ${lesson}/6`)).toBeVisible()
    await page.getByRole('button', { name: /^Học xong — Bài tiếp theo/ }).click()
  }
  await expect(page.getByText('Bài 6/6')).toBeVisible()
  await expect(page.getByRole('progressbar', { name: `Tiến độ khoá ${COURSE_TITLE}` })).toHaveAttribute('value', '71')
  await expectNoAxeViolations(page)
  await page.getByRole('button', { name: 'Học xong — Làm bài kiểm tra →' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bài kiểm tra cuối khoá')
  await expect(page.getByRole('status')).toHaveText(/^Đã lưu: bạn đã học xong bài “.+”\.$/)

  const answers = quizAnswers(COURSE)
  const groups = page.locator('fieldset.quiz__question')
  // First attempt: one wrong answer too many to pass.
  for (const [index, answer] of answers.entries()) {
    const radios = groups.nth(index).getByRole('radio')
    await radios.nth(index < 3 ? (answer + 1) % (await radios.count()) : answer).check()
  }
  await page.getByRole('button', { name: 'Nộp bài' }).click()
  await expect(page.getByRole('status')).toContainText('Chưa đạt')
  for (const [index, answer] of answers.entries()) await groups.nth(index).getByRole('radio').nth(answer).check()
  await page.getByRole('button', { name: 'Làm lại bài kiểm tra' }).click()
  const status = page.getByRole('status')
  await expect(status).toContainText('Chúc mừng, bạn đã đạt bài kiểm tra!')
  await expect(status).toContainText(`Bạn đã hoàn thành khoá học “${COURSE_TITLE}”`)
  await expectNoAxeViolations(page)

  await status.getByRole('link', { name: 'Việc học của tôi' }).click()
  const card = page.locator('.card', { has: page.getByRole('heading', { name: COURSE_TITLE }) })
  await expect(card).toContainText('Đã hoàn thành')
  await expect(card).toContainText('Hoàn thành ngày')
  await expect(card).toContainText('Bài kiểm tra: cao nhất 100%')
  await expect(card).toContainText('2 lần làm')
  await expect(page.getByText(/Thời gian đã học: (khoảng \d+ phút|chưa đến 1 phút)/)).toBeVisible()
  await expectNoAxeViolations(page)

  // A simulator attempt left unfinished is not counted.
  await page.goto('/mo-phong/vneid-kich-hoat-tai-khoan?che-do=luyen-tap')
  await expect(page.locator('.sim-task__instruction')).toBeVisible()
  await page.goto('/hoc-tap')
  await expect(page.getByText('Bạn chưa luyện tập bài mô phỏng nào.')).toBeVisible()

  // At 200% text on a 360-px screen the dashboard still fits.
  await page.setViewportSize({ width: 360, height: 740 })
  await openMenu(page)
  await page.getByRole('button', { name: 'Chữ lớn' }).click()
  await expect(page.locator('html')).toHaveAttribute('data-text', 'large')
  await expectNoHorizontalScroll(page)
})
