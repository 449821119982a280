import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Locator, type Page } from '@playwright/test'
import { parse } from 'yaml'
import { type SimState, advance, findWidget, getStep, start } from '../../app/simulators/engine'
import { type Scenario, type Step, ScenarioSchema } from '../../app/simulators/schema'
import { E2E_PORT } from '../../playwright.config'
import { expect, expectNoAxeViolations, expectNoHorizontalScroll, test } from './support/fixtures'

// Issue 13: on a 360×740 phone with the site's large text, each step opens
// on what to do, with JavaScript and without.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const VIEWPORT = { width: 360, height: 740 }
const SCENARIOS = ['vneid-kich-hoat-tai-khoan', 'portal-ly-lich-tu-phap']

function loadScenario(id: string): Scenario {
  return ScenarioSchema.parse(parse(readFileSync(path.join(ROOT, 'content', 'simulators', `${id}.yaml`), 'utf8')))
}

test.use({ viewport: VIEWPORT })
test.beforeEach(async ({ context }) => {
  // The "Chữ lớn" preference, as the toggle sets it.
  await context.addCookies([{ name: 'hs_prefs', value: encodeURIComponent('lang=vi&text=large&contrast=normal'), url: `http://localhost:${E2E_PORT}` }])
})

function rightValue(step: Step): string | undefined {
  const value = step.expect.value
  return value && ('exact' in value ? value.exact : 'oneOf' in value ? value.oneOf[0] : undefined)
}

// The controls a learner uses for the step's right action: what to fill or
// choose, and the button that sends it.
function controls(page: Page, scenario: Scenario, step: Step): { field: Locator | null; press: Locator } {
  const widget = findWidget(scenario, step.screen, step.expect.target)!
  const screen = page.locator(`[data-screen="${step.screen}"]:not([hidden])`)
  const press = screen.locator(`button[name="target"][value="${step.expect.target}"]`)
  switch (widget.type) {
    case 'input':
    case 'textarea':
    case 'password':
    case 'pin':
    case 'otp':
    case 'date':
      return { field: screen.locator(`#sim-${step.screen}-${step.expect.target}`), press }
    case 'select':
    case 'map':
    case 'upload':
      return { field: screen.locator(`input[name="value:${step.expect.target}"][value="${rightValue(step)}"]`), press }
    default:
      return { field: null, press }
  }
}

async function expectInViewport(locator: Locator, what: string) {
  const box = await locator.boundingBox()
  expect(box, `${what} is rendered`).not.toBeNull()
  if (process.env.SIM_MEASURE) console.log(`${what}: ${Math.round(box!.y)}–${Math.round(box!.y + box!.height)} px`)
  // Within a pixel: scrolling aligns edges to fractions of one.
  expect(box!.y, `${what} top (${Math.round(box!.y)} px)`).toBeGreaterThanOrEqual(-1)
  expect(box!.y + box!.height, `${what} bottom (${Math.round(box!.y + box!.height)} px)`).toBeLessThanOrEqual(VIEWPORT.height + 1)
}

async function act(page: Page, scenario: Scenario, step: Step) {
  const { field, press } = controls(page, scenario, step)
  const value = rightValue(step)
  if (field && (await field.getAttribute('type')) === 'radio') await field.check()
  else if (field) await field.fill(value ?? '')
  await press.click()
  return { type: 'act' as const, target: step.expect.target, value }
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  for (const id of SCENARIOS) {
    test(`${id}: every step opens with the instruction and the control to press on the first screen; Back and reload work`, async ({ page }) => {
      const scenario = loadScenario(id)
      const posts: string[] = []
      page.on('request', (request) => {
        if (request.method() === 'POST') posts.push(request.url())
      })
      await page.goto(`/mo-phong/${id}`)
      await page.getByRole('link', { name: 'Hướng dẫn', exact: true }).click()
      let state: SimState = start(scenario, 'guided', 0)
      const seen: string[] = []
      for (let guard = 0; !state.done && guard < 40; guard++) {
        const step = getStep(scenario, state.stepId)
        await expect(page.locator('#sim-instruction')).toHaveText(step.instruction)
        // No scrolling: the page opened here by itself (#sim-task).
        await expectInViewport(page.locator('#sim-instruction'), `${step.id}: the instruction`)
        const { field, press } = controls(page, scenario, step)
        if (field) await expectInViewport(field, `${step.id}: the field or choice`)
        await expectInViewport(press, `${step.id}: the button to press`)
        seen.push(step.instruction)

        // A slip on the first step: its feedback is on the first screen too.
        const mistake = step.mistakes.find((candidate) => candidate.target && !candidate.value)
        if (guard === 0 && mistake) {
          await page.locator(`[data-screen="${step.screen}"] button[name="target"][value="${mistake.target}"]`).click()
          await expect(page.locator('#sim-feedback')).toHaveText(mistake.feedback)
          await expectInViewport(page.locator('#sim-feedback'), `${step.id}: the feedback after a slip`)
          await expectInViewport(controls(page, scenario, step).press, `${step.id}: the button, after the slip`)
          await expectNoHorizontalScroll(page)
        }

        // After the third step: reload shows the same step, Back the previous one, and neither posts.
        if (guard === 3) {
          const before = posts.length
          await page.reload()
          await expect(page.locator('#sim-instruction')).toHaveText(step.instruction)
          await page.goBack()
          await expect(page.locator('#sim-instruction')).toHaveText(seen.at(-2)!)
          await page.goForward()
          await expect(page.locator('#sim-instruction')).toHaveText(step.instruction)
          expect(posts.length, 'Back, Forward and reload send no form').toBe(before)
          await expectInViewport(controls(page, scenario, step).press, `${step.id}: the button, after Back and Forward`)
        }
        state = advance(scenario, state, await act(page, scenario, step), 0)
      }
      await expect(page.getByRole('heading', { name: 'Kết quả', exact: true })).toBeInViewport()
      // The result page reloads without posting again.
      const before = posts.length
      await page.reload()
      await expect(page.getByRole('heading', { name: 'Kết quả', exact: true })).toBeVisible()
      expect(posts.length).toBe(before)
    })
  }

  test('a changed address starts over with a clear message', async ({ page }) => {
    const response = await page.goto('/mo-phong/vneid-kich-hoat-tai-khoan?che-do=kiem-tra&s=khong-hop-le#sim-task')
    expect(response?.status()).toBe(200)
    await expect(page.getByRole('alert')).toContainText('bắt đầu lại từ bước 1')
    await expect(page.locator('.sim-task__heading')).toContainText('Bước 1')
  })
})

test.describe('with JavaScript', () => {
  // Step pages carry no enhancer, so with JavaScript too their forms post and
  // redirect: the pages a learner without JavaScript sees, checked by axe.
  test('step pages, a restart notice and a slip feedback among them, pass axe', async ({ page }) => {
    await page.goto('/mo-phong/vneid-kich-hoat-tai-khoan?che-do=luyen-tap&s=khong-hop-le#sim-task')
    await expect(page.getByRole('alert')).toContainText('bắt đầu lại từ bước 1')
    await expectNoAxeViolations(page)
    await page.locator('button[name="target"][value="dang-nhap"]').click()
    await page.waitForURL(/fb=m0#sim-task$/)
    await expect(page.locator('#sim-feedback')).not.toBeEmpty()
    await expectInViewport(page.locator('#sim-feedback'), 'the feedback on a step page')
    await expectNoAxeViolations(page)
  })

  for (const id of SCENARIOS) {
    test(`${id}: after a wrong tap the feedback is beside the device, on screen, announced and focused`, async ({ page }) => {
      const scenario = loadScenario(id)
      await page.goto(`/mo-phong/${id}?che-do=kiem-tra#sim-task`)
      await expect(page.locator('#sim-data')).toHaveCount(1)
      // The live region is in the page before any message goes in.
      await expect(page.locator('#sim-feedback[role="status"]')).toHaveCount(1)
      await page.locator('#sim-feedback').evaluate((node) => node.setAttribute('data-was-there', 'yes'))
      let state: SimState = start(scenario, 'check', 0)
      for (let guard = 0; !state.done && guard < 40; guard++) {
        const step = getStep(scenario, state.stepId)
        await expect(page.locator('#sim-instruction')).toHaveText(step.instruction)
        await expectInViewport(page.locator('#sim-instruction'), `${step.id}: the instruction`)
        const { field, press } = controls(page, scenario, step)
        if (field) await expectInViewport(field, `${step.id}: the field or choice`)
        await expectInViewport(press, `${step.id}: the button to press`)
        // Every other step, a wrong tap on the screen's last other button, wherever it is.
        const wrong = page.locator(`[data-screen="${step.screen}"]:not([hidden]) button[name="target"]:not([value="${step.expect.target}"])`).last()
        if (guard % 2 === 0 && (await wrong.count())) {
          await wrong.scrollIntoViewIfNeeded()
          await wrong.click()
          const feedback = page.locator('#sim-feedback')
          await expect(feedback).not.toBeEmpty()
          await expect(feedback).toHaveAttribute('data-was-there', 'yes')
          await expect(feedback).toBeFocused()
          await expectInViewport(feedback, `${step.id}: the feedback`)
          state = advance(scenario, state, { type: 'act', target: (await wrong.getAttribute('value'))! }, 0)
          if (getStep(scenario, state.stepId).id !== step.id) continue
        }
        state = advance(scenario, state, await act(page, scenario, step), 0)
      }
      await expect(page.getByRole('heading', { name: 'Kết quả', exact: true })).toBeVisible()
    })
  }

  test('the warning for a real-looking ID number is shown beside the field, announced and focused, and keyboard use goes on', async ({ page }) => {
    const scenario = loadScenario('vneid-kich-hoat-tai-khoan')
    await page.goto(`/mo-phong/${scenario.id}?che-do=kiem-tra#sim-task`)
    await page.locator('button[value="kich-hoat"]').click()
    await page.locator('#sim-nhap-thong-tin-so-dinh-danh').fill('079123456789')
    await page.locator('#sim-nhap-thong-tin-so-dinh-danh').press('Enter')
    const feedback = page.locator('#sim-feedback')
    await expect(feedback).toContainText('trông giống số định danh thật')
    await expect(feedback).toBeFocused()
    await expectInViewport(feedback, 'the warning')
    await expect(page.locator('#sim-nhap-thong-tin-so-dinh-danh')).toHaveValue('')
    await expectNoAxeViolations(page)
    // Tab from the feedback reaches the field to correct.
    await page.keyboard.press('Tab')
    await expect(page.locator('#sim-nhap-thong-tin-so-dinh-danh')).toBeFocused()
    await page.keyboard.type('000186001234')
    await page.keyboard.press('Enter')
    await expect(page.locator('.sim-task__heading')).toContainText('Bước 3')
    await expect(page.locator('.sim-task__heading')).toBeFocused()
  })
})
