import { matchesValue } from './engine'
import { type Scenario, type Step, type ValueMatcher, type Widget } from './schema'

// Checks a parsed scenario can be played from start to finish: every
// reference exists, every value can be typed, every path ends, and nothing
// looks like real personal data or an official address.
export type ScenarioProblem = { path: (string | number)[]; message: string }

const VALUE_WIDGETS = new Set(['input', 'textarea', 'password', 'pin', 'otp', 'date', 'select', 'map', 'upload'])
const CHOICE_WIDGETS = new Set(['select', 'map', 'upload'])

function targetsOf(widget: Widget): string[] {
  const ids: string[] = []
  if ('id' in widget && widget.id) ids.push(widget.id)
  if (widget.type === 'menu' || widget.type === 'list' || widget.type === 'tabs') ids.push(...widget.items.map((item) => item.id))
  return ids
}

function choicesOf(widget: Widget): string[] | null {
  if (widget.type === 'select') return widget.options.map((option) => option.id)
  if (widget.type === 'map') return widget.places.map((place) => place.id)
  if (widget.type === 'upload') return widget.samples.map((sample) => sample.id)
  return null
}

function matcherValues(matcher: ValueMatcher): string[] {
  if ('exact' in matcher) return [matcher.exact]
  if ('oneOf' in matcher) return matcher.oneOf
  return []
}

function allStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value)
  else if (Array.isArray(value)) value.forEach((item) => allStrings(item, out))
  else if (value && typeof value === 'object') Object.values(value).forEach((item) => allStrings(item, out))
  return out
}

export function validateScenario(scenario: Scenario, fileId: string): ScenarioProblem[] {
  const problems: ScenarioProblem[] = []
  const report = (path: (string | number)[], message: string) => problems.push({ path, message })
  if (scenario.id !== fileId) report(['id'], `id “${scenario.id}” phải trùng tên tệp “${fileId}.yaml”`)

  const screens = new Map<string, Map<string, Widget>>()
  scenario.screens.forEach((screen, screenIndex) => {
    if (screens.has(screen.id)) report(['screens', screenIndex, 'id'], `màn hình “${screen.id}” bị trùng`)
    const targets = new Map<string, Widget>()
    screen.widgets.forEach((widget, widgetIndex) => {
      for (const id of targetsOf(widget)) {
        if (targets.has(id)) report(['screens', screenIndex, 'widgets', widgetIndex], `id “${id}” bị trùng trên màn hình “${screen.id}”`)
        targets.set(id, widget)
      }
    })
    screens.set(screen.id, targets)
    if (screen.address && !/\.mo-phong(\/|$)/.test(screen.address)) {
      report(['screens', screenIndex, 'address'], 'địa chỉ trang mô phỏng phải là địa chỉ giả kết thúc bằng .mo-phong (không dùng tên miền thật)')
    }
  })

  const steps = new Map(scenario.steps.map((step) => [step.id, step]))
  if (steps.size !== scenario.steps.length) report(['steps'], 'có hai bước trùng id')

  const checkMatch = (path: (string | number)[], step: Step, target: string, matcher: ValueMatcher | undefined, required: boolean) => {
    const widget = screens.get(step.screen)?.get(target)
    if (!widget) {
      report([...path, 'target'], `không có “${target}” trên màn hình “${step.screen}”`)
      return
    }
    if (required && VALUE_WIDGETS.has(widget.type) && !matcher) report([...path, 'value'], `“${target}” là ô nhập (${widget.type}): cần value (exact, pattern hoặc oneOf)`)
    if (matcher && 'pattern' in matcher) {
      try {
        new RegExp(matcher.pattern, 'u')
      } catch {
        report([...path, 'value', 'pattern'], `biểu thức pattern không hợp lệ: ${matcher.pattern}`)
      }
    }
    const choices = choicesOf(widget)
    if (matcher && choices && CHOICE_WIDGETS.has(widget.type)) {
      for (const value of matcherValues(matcher)) {
        if (!choices.includes(value)) report([...path, 'value'], `“${value}” không phải lựa chọn của “${target}” (${choices.join(', ')})`)
      }
    }
  }

  scenario.steps.forEach((step, index) => {
    const path = ['steps', index]
    if (!screens.has(step.screen)) {
      report([...path, 'screen'], `không có màn hình “${step.screen}”`)
      return
    }
    checkMatch([...path, 'expect'], step, step.expect.target, step.expect.value, true)
    if (step.expect.value && 'pattern' in step.expect.value) {
      report([...path, 'expect', 'value'], 'câu trả lời đúng dùng exact hoặc oneOf (pattern chỉ dùng cho mistakes và branches)')
    }
    const checkExample = (where: (string | number)[], matcher: ValueMatcher | undefined, example: string | undefined) => {
      if (!matcher || !('pattern' in matcher)) return
      if (example === undefined) report([...where, 'example'], 'khi dùng pattern, hãy thêm example: một giá trị khớp pattern')
      else if (!matchesValue(matcher, example)) report([...where, 'example'], `example “${example}” không khớp pattern`)
    }
    step.mistakes.forEach((mistake, mistakeIndex) => {
      if (mistake.target) checkMatch([...path, 'mistakes', mistakeIndex], step, mistake.target, mistake.value, false)
      checkExample([...path, 'mistakes', mistakeIndex], mistake.value, mistake.example)
    })
    step.branches.forEach((branch, branchIndex) => {
      checkExample([...path, 'branches', branchIndex], branch.value, branch.example)
      checkMatch([...path, 'branches', branchIndex], step, branch.target, branch.value, false)
      if (!steps.has(branch.goto)) report([...path, 'branches', branchIndex, 'goto'], `không có bước “${branch.goto}”`)
    })
    if (step.next && !steps.has(step.next)) report([...path, 'next'], `không có bước “${step.next}”`)
    if (step.next && step.end) report([...path, 'end'], 'một bước không thể vừa có next vừa là bước cuối (end)')
  })
  if (problems.length) return problems

  // Every step must be reachable, and from every step the right answers must
  // lead to an end: no dead ends, no endless loops.
  const successor = (step: Step) => {
    if (step.end) return null
    if (step.next) return step.next
    const index = scenario.steps.indexOf(step)
    return scenario.steps[index + 1]?.id ?? null
  }
  const reachable = new Set<string>()
  const queue = [scenario.steps[0]!.id]
  while (queue.length) {
    const id = queue.pop()!
    if (reachable.has(id)) continue
    reachable.add(id)
    const step = steps.get(id)!
    const next = successor(step)
    if (next) queue.push(next)
    for (const branch of step.branches) queue.push(branch.goto)
  }
  scenario.steps.forEach((step, index) => {
    if (!reachable.has(step.id)) report(['steps', index, 'id'], `không có đường nào dẫn tới bước “${step.id}”`)
    const seen = new Set<string>()
    let current: Step | undefined = step
    while (current) {
      if (seen.has(current.id)) {
        report(['steps', index, 'id'], `từ bước “${step.id}”, làm đúng sẽ lặp lại mãi, không tới được bước cuối`)
        break
      }
      seen.add(current.id)
      const next = successor(current)
      current = next ? steps.get(next) : undefined
    }
  })

  for (const text of allStrings(scenario)) {
    for (const match of text.matchAll(/\d[\d ]{10,}\d/g)) {
      const digits = match[0].replace(/ /g, '')
      if (digits.length === 12 && !digits.startsWith('000')) {
        report([], `“${match[0]}” trông như số định danh thật; số định danh mẫu phải bắt đầu bằng 000`)
      }
    }
  }
  return problems
}
