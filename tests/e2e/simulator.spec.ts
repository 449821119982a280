import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Page } from '@playwright/test'
import { parse } from 'yaml'
import { type Action, advance, findWidget, getStep, start } from '../../app/simulators/engine'
import { type Scenario, ScenarioSchema } from '../../app/simulators/schema'
import { expectNoAxeViolations, expectNoHorizontalScroll, expect, openMenu, test } from './support/fixtures'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

function loadScenario(id: string): Scenario {
  return ScenarioSchema.parse(parse(readFileSync(path.join(ROOT, 'content', 'simulators', `${id}.yaml`), 'utf8')))
}

// Does in the page what the learner would do for `action`, by widget type.
async function perform(page: Page, scenario: Scenario, screenId: string, action: Extract<Action, { type: 'act' }>) {
  const widget = findWidget(scenario, screenId, action.target)!
  // Every screen is in the page; only the current one is shown.
  const screen = page.locator(`[data-screen="${screenId}"]:not([hidden])`)
  const submit = screen.locator(`button[name="target"][value="${widget.type === 'menu' || widget.type === 'list' || widget.type === 'tabs' ? action.target : ('id' in widget ? widget.id : '')}"]`)
  switch (widget.type) {
    case 'input':
    case 'textarea':
    case 'password':
    case 'pin':
    case 'otp':
    case 'date':
      await screen.locator(`#sim-${screenId}-${widget.id}`).fill(action.value ?? '')
      break
    case 'select':
    case 'map':
    case 'upload':
      await screen.locator(`input[name="value:${widget.id}"][value="${action.value}"]`).check()
      break
  }
  await submit.click()
}

async function playToTheEnd(page: Page, scenario: Scenario, mode: 'guided' | 'practice' | 'check') {
  let state = start(scenario, mode, 0)
  for (let guard = 0; !state.done && guard < 60; guard++) {
    const step = getStep(scenario, state.stepId)
    await expect(page.locator('.sim-task__instruction')).toHaveText(step.instruction)
    const value = step.expect.value && ('exact' in step.expect.value ? step.expect.value.exact : 'oneOf' in step.expect.value ? step.expect.value.oneOf[0] : undefined)
    const action = { type: 'act' as const, target: step.expect.target, value }
    await perform(page, scenario, step.screen, action)
    state = advance(scenario, state, action, 0)
  }
  await expect(page.getByRole('heading', { name: 'Kết quả', exact: true })).toBeVisible()
}

// One scenario per system with JavaScript, three others without.
for (const id of ['vneid-kich-hoat-tai-khoan', 'portal-ly-lich-tu-phap', 'phan-anh-1022-gui-phan-anh']) {
  test(`${id}: a mistake is explained, then the scenario is completed in check mode with JavaScript`, async ({ page }) => {
    const scenario = loadScenario(id)
    await page.goto('/mo-phong')
    await page.getByRole('link', { name: scenario.title }).click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(scenario.title)
    await expect(page.getByText(scenario.intro.slice(0, 40))).toBeVisible()
    await expectNoAxeViolations(page)
    const posts: string[] = []
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(request.postData() ?? '')
    })
    await page.getByRole('link', { name: 'Kiểm tra' }).click()
    // The click resolves before the next page has loaded; wait for it.
    await page.waitForURL(/che-do=kiem-tra/)
    await expect(page.locator('.sim-task__instruction')).toBeVisible()
    // No framework JavaScript: only the small simulator script.
    const scripts = await page.locator('script[src]').evaluateAll((nodes) => nodes.map((node) => (node as HTMLScriptElement).src))
    expect(scripts).toEqual([expect.stringMatching(/\/static\/simulator\.[0-9a-f]{10}\.js$/)])
    await expect(page.locator('.sim-label')).toHaveText('MÔ PHỎNG — không phải ứng dụng thật')
    await expectNoHorizontalScroll(page)
    await expectNoAxeViolations(page)
    // A likely mistake gets its own explanation, and the step waits.
    const first = scenario.steps[0]!
    const mistake = first.mistakes.find((candidate) => candidate.target && !candidate.value)
    if (mistake) {
      await perform(page, scenario, first.screen, { type: 'act', target: mistake.target! })
      await expect(page.getByRole('status').filter({ hasText: mistake.feedback })).toBeVisible()
    }
    await playToTheEnd(page, scenario, 'check')
    await expect(page.getByText('Đạt bài kiểm tra')).toBeVisible()
    // Every step was answered in the browser; only the finished attempt was sent.
    expect(posts).toHaveLength(1)
    expect(posts[0]).toContain('intent=complete')
    // The server replays the actions; the browser's own verdict is not sent.
    expect(posts[0]).toContain('actions=')
    expect(posts[0]).not.toContain('state=')
    await expectNoAxeViolations(page)
  })
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  for (const id of ['vneid-kich-hoat-tai-khoan', 'vneid-tich-hop-gplx', 'portal-dang-nhap-qr', 'nhan-dien-trang-gia-mao']) {
    test(`${id}: completed as form posts in guided mode, with a warning for a real-looking ID`, async ({ page }) => {
      const scenario = loadScenario(id)
      await page.goto(`/mo-phong/${id}?che-do=huong-dan`)
      await expect(page.locator('.sim-target')).toHaveCount(1)
      if (id === 'vneid-kich-hoat-tai-khoan') {
        await page.locator('button[value="kich-hoat"]').click()
        await page.locator('#sim-nhap-thong-tin-so-dinh-danh').fill('079123456789')
        await page.locator('button[name="target"][value="so-dinh-danh"]').click()
        await expect(page.getByRole('status').filter({ hasText: 'trông giống số định danh thật' })).toBeVisible()
        // Nothing typed comes back in the page.
        await expect(page.locator('body')).not.toContainText('079123456789')
        await page.goto(`/mo-phong/${id}?che-do=huong-dan`)
      }
      await playToTheEnd(page, scenario, 'guided')
      await expect(page.getByText('Khi đã quen, hãy thử chế độ Kiểm tra.')).toBeVisible()
    })
  }
})

test('practice mode gives a hint on request and check mode never does', async ({ page }) => {
  await page.goto('/mo-phong/vneid-kich-hoat-tai-khoan?che-do=luyen-tap')
  await expect(page.locator('.sim-task__hint')).toBeHidden()
  await page.getByRole('button', { name: 'Xem gợi ý' }).click()
  await expect(page.locator('.sim-task__hint')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Xem gợi ý' })).toBeHidden()
  await page.goto('/mo-phong/vneid-kich-hoat-tai-khoan?che-do=kiem-tra')
  await expect(page.getByRole('button', { name: 'Xem gợi ý' })).toHaveCount(0)
  await expect(page.locator('.sim-target')).toHaveCount(0)
  await expect(page.locator('.sim-task__hint')).toBeHidden()
  // Readable at 200 % text size on a 360-px screen, in high contrast too.
  await openMenu(page)
  await page.getByRole('button', { name: 'Tương phản cao' }).click()
  await page.evaluate(() => {
    document.documentElement.style.fontSize = '200%'
  })
  await expectNoHorizontalScroll(page)
  await expectNoAxeViolations(page)
})

test.describe('without JavaScript, a second learner', () => {
  test.use({ javaScriptEnabled: false })

  test('gets the same steps replayed from the step cache, with their own state', async ({ page }) => {
    const scenario = loadScenario('portal-toan-trinh-mot-phan')
    // Each post answers with a redirect to a GET step page; those pages are cached.
    const hits: string[] = []
    page.on('response', (response) => {
      if (response.request().method() === 'GET' && response.url().includes('&s=')) hits.push(response.headers()['x-step-cache'] ?? '')
    })
    for (const learner of [1, 2]) {
      await page.goto(`/mo-phong/${scenario.id}?che-do=luyen-tap`)
      // A slip first, so the replayed pages carry feedback too.
      const first = scenario.steps[0]!
      const mistake = first.mistakes.find((candidate) => candidate.target && !candidate.value)
      if (mistake) {
        await perform(page, scenario, first.screen, { type: 'act', target: mistake.target! })
        await expect(page.getByRole('status').filter({ hasText: mistake.feedback })).toBeVisible()
      }
      await playToTheEnd(page, scenario, 'practice')
      await expect(page.getByText(/Làm đúng ngay lần đầu \d+\/\d+ bước/)).toBeVisible()
      expect(learner).toBeGreaterThan(0)
    }
    // The second learner's step pages came from the cache (all but the result page).
    const second = hits.slice(hits.length / 2)
    expect(second.filter((value) => value === 'hit').length).toBeGreaterThanOrEqual(second.length - 1)
  })
})

// Every scenario, in a real browser: with JavaScript and without, each in a
// different one of the three modes.
const ALL = readdirSync(path.join(ROOT, 'content', 'simulators'))
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => name.replace(/\.yaml$/, ''))
  .sort()
const MODES = ['guided', 'practice', 'check'] as const
const SLUG = { guided: 'huong-dan', practice: 'luyen-tap', check: 'kiem-tra' } as const

ALL.forEach((id, index) => {
  const withScript = MODES[index % 3]!
  test(`${id} completes with JavaScript in ${withScript} mode`, async ({ page }) => {
    const scenario = loadScenario(id)
    await page.goto(`/mo-phong/${id}?che-do=${SLUG[withScript]}`)
    await playToTheEnd(page, scenario, withScript)
  })
})

test.describe('every scenario without JavaScript', () => {
  test.use({ javaScriptEnabled: false })
  ALL.forEach((id, index) => {
    const mode = MODES[(index + 1) % 3]!
    test(`${id} completes as form posts in ${mode} mode`, async ({ page }) => {
      const scenario = loadScenario(id)
      await page.goto(`/mo-phong/${id}?che-do=${SLUG[mode]}`)
      await playToTheEnd(page, scenario, mode)
    })
  })
})
