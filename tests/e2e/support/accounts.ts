import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Page } from '@playwright/test'
import { parse } from 'yaml'
import { expect } from './fixtures'
import { E2E_DIR } from './global-setup'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
export const STAFF_PASSWORD = 'Tổ công nghệ số phường một'

export function randomPhone() {
  return `09${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
}

/** A trainer or organisation admin in the shipped list's first ward (or its province). */
export function createStaff(role: 'TRAINER' | 'ORG_ADMIN', name: string): { phone: string; organization: string } {
  const phone = randomPhone()
  const output = execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'tests', 'e2e', 'support', 'create-user.ts'), JSON.stringify({ role, name, phone, password: STAFF_PASSWORD })],
    { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: `file:${path.join(E2E_DIR, 'e2e.db')}`, LOG_FORMAT: 'json' }, encoding: 'utf8' },
  )
  return { phone, ...(JSON.parse(output.trim().split('\n').at(-1)!) as { organization: string }) }
}

export async function logIn(page: Page, login: string, password: string) {
  await page.goto('/dang-nhap')
  await page.getByLabel('Số điện thoại hoặc email').fill(login)
  await page.getByLabel('Mật khẩu').fill(password)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await expect(page).not.toHaveURL(/\/dang-nhap/)
}

export function quizAnswers(course: string): number[] {
  const quiz = parse(readFileSync(path.join(ROOT, 'content', 'courses', course, 'quiz.yaml'), 'utf8')) as { questions: { answer: number }[] }
  return quiz.questions.map((question) => question.answer)
}

/** Reads every lesson of a course with "Học xong" and passes its quiz; returns on the quiz result. */
export async function finishCourse(page: Page, course: string) {
  await page.goto(`/khoa-hoc/${course}`)
  await page.getByRole('link', { name: /^(Bắt đầu học|Học tiếp)/ }).first().click()
  for (;;) {
    const next = page.getByRole('button', { name: /^Học xong — Bài tiếp theo/ })
    const quiz = page.getByRole('button', { name: 'Học xong — Làm bài kiểm tra →' })
    await expect(next.or(quiz)).toBeVisible()
    if (await quiz.isVisible()) break
    await next.click()
  }
  await page.getByRole('button', { name: 'Học xong — Làm bài kiểm tra →' }).click()
  const groups = page.locator('fieldset.quiz__question')
  for (const [index, answer] of quizAnswers(course).entries()) await groups.nth(index).getByRole('radio').nth(answer).check()
  await page.getByRole('button', { name: 'Nộp bài' }).click()
  await expect(page.getByRole('status')).toContainText('Chúc mừng, bạn đã đạt bài kiểm tra!')
}
