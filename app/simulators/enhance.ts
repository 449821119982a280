// Loaded as a small standalone script on simulator pages (no React): runs
// the same pure engine in the browser so every tap answers at once. The page
// already contains every screen; this shows the right one and rewrites the
// task panel. Without it, each form posts to the server instead.
import { type Action, type SimState, advance, getStep } from './engine'
import { type Scenario } from './schema'

type Data = {
  scenario: Scenario
  state: SimState
  messages: { wrong: string; realId: string; secret: string; step: string; mode: string }
}

function byId<T extends HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null
}

function run() {
  const dataNode = byId('sim-data')
  const root = document.querySelector<HTMLElement>('.sim')
  if (!dataNode || !root) return
  const { scenario, messages } = JSON.parse(dataNode.textContent ?? '{}') as Data
  let state = (JSON.parse(dataNode.textContent ?? '{}') as Data).state
  // What the learner did, for the server to replay when the attempt ends:
  // the result it records is the one it computes itself.
  const actions: Action[] = []

  function render(previousScreen: string, previousStep: string) {
    const step = getStep(scenario, state.stepId)
    for (const screen of root!.querySelectorAll<HTMLElement>('[data-screen]')) screen.hidden = screen.dataset.screen !== step.screen
    byId('sim-task-heading')!.textContent = `${messages.step.replace('{number}', String(state.records.length + 1))} · ${messages.mode}`
    byId('sim-instruction')!.textContent = step.instruction
    byId('sim-hint-text')!.textContent = step.hint
    byId('sim-hint')!.hidden = !(state.mode === 'guided' || state.showHint)
    const hintForm = byId('sim-hint-form')
    if (hintForm) hintForm.hidden = state.showHint

    const feedback = byId('sim-feedback')!
    const fb = state.feedback
    feedback.className = 'sim-feedback'
    feedback.textContent = ''
    if (fb) {
      const text =
        fb.kind === 'warning' ? (fb.reason === 'real-id' ? messages.realId : messages.secret) : fb.kind === 'mistake' ? (fb.text ?? messages.wrong) : fb.text
      feedback.textContent = text
      feedback.classList.add(`sim-feedback--${fb.kind === 'success' ? 'success' : fb.kind === 'warning' ? 'warning' : 'error'}`)
    }

    for (const marked of root!.querySelectorAll('.sim-target')) marked.classList.remove('sim-target')
    const target = root!.querySelector<HTMLElement>(`[data-screen="${step.screen}"] [data-sim-target="${step.expect.target}"]`)
    if (state.mode === 'guided') target?.classList.add('sim-target')

    // The task goes just before the widget to use (as the server renders it),
    // so the instruction and any feedback sit beside what to press.
    const task = byId('sim-task')!
    let widget: HTMLElement | null = target
    while (widget?.parentElement && !widget.parentElement.classList.contains('sim-screen')) widget = widget.parentElement
    const screen = root!.querySelector(`[data-screen="${step.screen}"] .sim-screen`)
    if (widget?.parentElement) widget.parentElement.insertBefore(task, widget)
    else screen?.prepend(task)

    // Focus goes where a screen-reader user expects it: to the feedback after
    // a slip or a warning (the live region announces it as well), otherwise,
    // on a new step, to the task's heading; either is scrolled into view.
    if (fb && fb.kind !== 'success') {
      feedback.focus({ preventScroll: true })
      feedback.scrollIntoView({ block: 'nearest' })
    } else if (step.id !== previousStep || previousScreen !== step.screen) {
      byId('sim-task-heading')!.focus({ preventScroll: true })
      task.scrollIntoView({ block: 'start' })
    }
  }

  root.addEventListener('submit', (event) => {
    const form = event.target as HTMLFormElement
    event.preventDefault()
    const submitter = (event as SubmitEvent).submitter
    const fields = new FormData(form, submitter)
    const previousScreen = getStep(scenario, state.stepId).screen
    const previousStep = state.stepId
    let action: Action
    if (fields.get('intent') === 'hint') action = { type: 'hint' }
    else {
      const target = String(fields.get('target') ?? '')
      const raw = fields.get(`value:${target}`)
      action = { type: 'act', target, value: typeof raw === 'string' ? raw : undefined }
    }
    state = advance(scenario, state, action, Date.now())
    const warning = state.feedback?.kind === 'warning' ? state.feedback.reason : null
    if (warning && action.type === 'act') {
      // A refused value is wiped from the box as well as from memory, and the
      // replay gets a stand-in that is refused the same way: a made-up
      // 12-digit number, or a dot for a password box.
      for (const input of form.querySelectorAll<HTMLInputElement>('input:not([type="hidden"]), textarea')) input.value = ''
      actions.push({ type: 'act', target: action.target, value: warning === 'real-id' ? '999999999999' : '•' })
    } else actions.push(action)
    if (state.done) {
      // The server replays the actions, renders the result and records it.
      const finish = byId<HTMLFormElement>('sim-finish')!
      finish.querySelector<HTMLInputElement>('input[name="actions"]')!.value = JSON.stringify(actions)
      finish.querySelector<HTMLInputElement>('input[name="startedAt"]')!.value = String(state.startedAt)
      finish.submit()
      return
    }
    render(previousScreen, previousStep)
  })
}

run()
