import { Fragment, type ReactNode } from 'react'
import { type MessageKey } from '~/i18n'
import { useT } from '~/ui/use-t'
import { type Feedback, MODE_SLUGS, type Mode, type SimState, RESULT_ANCHOR, TASK_ANCHOR, describeFeedback, getStep, score } from './engine'
import { type Scenario, type Widget } from './schema'

const MODE_LABEL: Record<Mode, MessageKey> = { guided: 'sim.mode.guided', practice: 'sim.mode.practice', check: 'sim.mode.check' }

type PlayerProps = {
  scenario: Scenario
  state: SimState
  // The state sealed by the server (seal.server.ts), carried back by each form post.
  token: string
  feedback: Feedback | null
  // Only pages that load the enhancer need the other screens.
  allScreens: boolean
}

// Server-rendered: every screen is in the page (only the current one shown),
// so the small enhancer script (enhance.ts) can answer each action instantly
// without a framework, and without JavaScript each form posts to the server.
export function SimulatorPlayer({ scenario, state, token, feedback, allScreens }: PlayerProps) {
  const t = useT()
  if (state.done) return <SimulatorResult scenario={scenario} state={state} />
  const step = getStep(scenario, state.stepId)
  const encoded = token
  const highlight = state.mode === 'guided' ? step.expect.target : null
  const showHint = state.mode === 'guided' || state.showHint
  const task = (
    <section className="sim-task" id={TASK_ANCHOR} aria-labelledby="sim-task-heading">
      <h3 id="sim-task-heading" className="sim-task__heading" tabIndex={-1}>
        {t('sim.step', { number: state.records.length + 1 })} · {t(MODE_LABEL[state.mode])}
      </h3>
      <p className="sim-task__instruction" id="sim-instruction">
        {step.instruction}
      </p>
      <SimFeedback feedback={feedback} />
      <p className="sim-task__hint" id="sim-hint" hidden={!showHint}>
        <strong>{t('sim.hint')}</strong> <span id="sim-hint-text">{step.hint}</span>
      </p>
      {state.mode === 'practice' ? (
        <form method="post" id="sim-hint-form" hidden={state.showHint}>
          <input type="hidden" name="state" value={encoded} />
          <button type="submit" name="intent" value="hint" className="button button--secondary">
            {t('sim.showHint')}
          </button>
        </form>
      ) : null}
    </section>
  )
  // The task (instruction, feedback, hint) sits in the current screen just
  // before the widget to use, so the instruction, any feedback and the thing
  // to press share the first screen even on a long form with large text; a
  // step page lands there (#sim-task). The enhancer moves it on each step.
  const current = scenario.screens.find((screen) => screen.id === step.screen)
  const before = current ? current.widgets.findIndex((widget) => holdsTarget(widget, step.expect.target)) : -1
  return (
    <div className="sim" data-mode={state.mode}>
      <div className={`sim-device sim-device--${scenario.device}`}>
        <p className="sim-label" aria-hidden="true">
          {t('sim.label')}
        </p>
        {scenario.screens.filter((screen) => allScreens || screen.id === step.screen).map((screen) => (
          <div key={screen.id} className="sim-screen-wrap" data-screen={screen.id} hidden={screen.id !== step.screen}>
            <div className="sim-bar">
              {scenario.device === 'browser' ? <span className="sim-bar__address">{screen.address ?? ''}</span> : null}
              {/* The screen's title heads its part of the page (under the
                  scenario's h1); the task inside it is one level down. */}
              <h2 tabIndex={-1} className="sim-bar__title">
                <span className="visually-hidden">{t('sim.label')}. </span>
                {screen.title}
              </h2>
            </div>
            <div className="sim-screen">
              {screen.id === step.screen && before < 0 ? task : null}
              {screen.widgets.map((widget, index) => (
                <Fragment key={`${screen.id}-${index}`}>
                  {screen.id === step.screen && index === before ? task : null}
                  <SimWidget screenId={screen.id} widget={widget} encoded={encoded} highlight={screen.id === step.screen ? highlight : null} />
                </Fragment>
              ))}
            </div>
          </div>
        ))}
      </div>
    </div>
  )
}

function holdsTarget(widget: Widget, target: string): boolean {
  if ('id' in widget && widget.id === target) return true
  return 'items' in widget && Array.isArray(widget.items) && widget.items.some((item) => 'id' in item && item.id === target)
}

// What the enhancer needs to run the engine and word its messages.
export function enhancerData(scenario: Scenario, state: SimState, t: (key: MessageKey) => string) {
  return {
    scenario,
    state,
    messages: {
      wrong: t('sim.wrong'),
      realId: t('sim.warningRealId'),
      secret: t('sim.warningSecret'),
      step: t('sim.step'),
      mode: t(MODE_LABEL[state.mode]),
    },
  }
}

function SimFeedback({ feedback }: { feedback: Feedback | null }) {
  const t = useT()
  // The live region is always in the page, so that a message put in it
  // later (by the enhancer) is announced; it takes focus after a slip.
  if (!feedback) return <p id="sim-feedback" className="sim-feedback" role="status" tabIndex={-1} />
  const text =
    feedback.kind === 'warning'
      ? t(feedback.reason === 'real-id' ? 'sim.warningRealId' : 'sim.warningSecret')
      : feedback.kind === 'mistake'
        ? (feedback.text ?? t('sim.wrong'))
        : feedback.text
  const tone = feedback.kind === 'success' ? 'success' : feedback.kind === 'warning' ? 'warning' : 'error'
  return (
    <p id="sim-feedback" className={`sim-feedback sim-feedback--${tone}`} role="status" tabIndex={-1}>
      {text}
    </p>
  )
}

type WidgetProps = {
  screenId: string
  widget: Widget
  encoded: string
  highlight: string | null
}

// Every control posts `target` (and `value:<target>` when something is typed
// or chosen) with the encoded state.
function ActionForm({ encoded, children, className, target }: { encoded: string; children: ReactNode; className?: string; target?: string }) {
  return (
    <form method="post" className={className} data-sim-target={target}>
      <input type="hidden" name="state" value={encoded} />
      <input type="hidden" name="intent" value="act" />
      {children}
    </form>
  )
}

function targetClass(id: string, highlight: string | null, base: string) {
  return id === highlight ? `${base} sim-target` : base
}

function SimWidget({ screenId, widget, encoded, highlight }: WidgetProps) {
  const t = useT()
  const marked = (id: string) => (id === highlight ? { 'aria-describedby': 'sim-instruction' } : {})
  switch (widget.type) {
    case 'text':
      return <p className="sim-text">{widget.text}</p>
    case 'card':
      return (
        <div className="sim-card">
          <p className="sim-card__title">{widget.title}</p>
          {widget.text ? <p>{widget.text}</p> : null}
          {widget.fields ? (
            <dl className="sim-fields">
              {widget.fields.map((field) => (
                <div key={field.label}>
                  <dt>{field.label}</dt>
                  <dd>{field.value}</dd>
                </div>
              ))}
            </dl>
          ) : null}
        </div>
      )
    case 'dialog':
      return (
        <div className="sim-dialog" role="group" aria-label={widget.title}>
          <p className="sim-dialog__title">{widget.title}</p>
          <p>{widget.text}</p>
        </div>
      )
    case 'toast':
      return <p className={`sim-toast sim-toast--${widget.tone}`}>{widget.text}</p>
    case 'timeline':
      return (
        <ol className="sim-timeline">
          {widget.items.map((item) => (
            <li key={item.label} className={`sim-timeline__item sim-timeline__item--${item.status}`}>
              {item.label}
            </li>
          ))}
        </ol>
      )
    case 'button':
    case 'checkbox':
    case 'qr': {
      const label =
        widget.type === 'button'
          ? widget.label
          : widget.type === 'checkbox'
            ? `☐ ${widget.label}`
            : widget.mode === 'scan'
              ? `${t('sim.scan')}: ${widget.label}`
              : widget.label
      return (
        <ActionForm encoded={encoded}>
          {widget.type === 'qr' && widget.mode === 'show' ? <FakeQr label={t('sim.qrShown')} /> : null}
          <button
            type="submit"
            name="target"
            value={widget.id}
            className={targetClass(widget.id, highlight, `sim-button sim-button--${widget.type === 'button' ? widget.variant : 'secondary'}`)}
            data-sim-target={widget.id}
            {...marked(widget.id)}
          >
            {label}
          </button>
        </ActionForm>
      )
    }
    case 'menu':
    case 'list':
    case 'tabs':
      return (
        <ActionForm encoded={encoded} className={`sim-${widget.type}`}>
          {widget.items.map((item) => (
            <button
              key={item.id}
              type="submit"
              name="target"
              value={item.id}
              className={targetClass(item.id, highlight, `sim-${widget.type}__item`)}
              data-sim-target={item.id}
              {...marked(item.id)}
            >
              <span>{item.label}</span>
              {item.detail ? <span className="sim-detail">{item.detail}</span> : null}
            </button>
          ))}
        </ActionForm>
      )
    case 'input':
    case 'textarea':
    case 'password':
    case 'pin':
    case 'otp':
    case 'date': {
      // Every screen is in the page, so ids include the screen.
      const id = `sim-${screenId}-${widget.id}`
      const numeric = widget.type === 'pin' || widget.type === 'otp'
      return (
        <ActionForm encoded={encoded} className={targetClass(widget.id, highlight, 'sim-field')} target={widget.id}>
          <label htmlFor={id}>{widget.label}</label>
          {widget.type === 'textarea' ? (
            <textarea id={id} name={`value:${widget.id}`} rows={3} autoComplete="off" {...marked(widget.id)} />
          ) : (
            <input
              id={id}
              name={`value:${widget.id}`}
              type={widget.type === 'password' || widget.type === 'pin' ? 'password' : 'text'}
              inputMode={numeric ? 'numeric' : widget.type === 'input' ? widget.inputMode : 'text'}
              maxLength={numeric ? widget.length : 200}
              placeholder={widget.type === 'date' ? 'dd/mm/yyyy' : widget.type === 'input' ? widget.placeholder : undefined}
              // Never offered to the browser's password manager or autofill.
              autoComplete={widget.type === 'password' || widget.type === 'pin' ? 'new-password' : widget.type === 'otp' ? 'off' : 'off'}
              data-lpignore="true"
              {...marked(widget.id)}
            />
          )}
          <button type="submit" name="target" value={widget.id} className="sim-button sim-button--primary">
            {t('sim.confirm')}
          </button>
        </ActionForm>
      )
    }
    case 'select':
    case 'map':
    case 'upload': {
      const choices = widget.type === 'select' ? widget.options : widget.type === 'map' ? widget.places : widget.samples
      const button = widget.type === 'select' ? t('sim.choose') : widget.type === 'map' ? t('sim.pin') : t('sim.attach')
      return (
        <ActionForm encoded={encoded} className={targetClass(widget.id, highlight, 'sim-field sim-field--choices')} target={widget.id}>
          <fieldset className="sim-choices" {...marked(widget.id)}>
            <legend>{widget.label}</legend>
            {choices.map((choice) => (
              <label key={choice.id} className="choice">
                <input type="radio" name={`value:${widget.id}`} value={choice.id} />
                <span>
                  {widget.type === 'map' ? '📍 ' : widget.type === 'upload' ? '📄 ' : ''}
                  {choice.label}
                  {choice.detail ? <span className="sim-detail"> — {choice.detail}</span> : null}
                </span>
              </label>
            ))}
          </fieldset>
          <button type="submit" name="target" value={widget.id} className="sim-button sim-button--primary">
            {button}
          </button>
        </ActionForm>
      )
    }
  }
}

// A drawn pattern, not a scannable code: nothing real is encoded.
function FakeQr({ label }: { label: string }) {
  const cells = [0b1110111, 0b1010101, 0b1110111, 0b0001000, 0b1101011, 0b0110110, 0b1011101]
  return (
    <svg className="sim-qr" viewBox="0 0 7 7" role="img" aria-label={label}>
      {cells.flatMap((row, y) =>
        Array.from({ length: 7 }, (_, x) => ((row >> (6 - x)) & 1 ? <rect key={`${x}-${y}`} x={x} y={y} width="1" height="1" /> : null)),
      )}
    </svg>
  )
}

export function SimulatorResult({ scenario, state }: { scenario: Scenario; state: SimState }) {
  const t = useT()
  const result = score(state)
  const slips = state.records.filter((record) => record.feedback.length > 0)
  return (
    <section className="sim-result" id={RESULT_ANCHOR} aria-labelledby="sim-result-heading">
      <h2 id="sim-result-heading" tabIndex={-1}>
        {t('sim.resultHeading')}
      </h2>
      <p role="status">{t('sim.resultDone')}</p>
      <p>
        {t('sim.resultScore', {
          firstTry: result.firstTry,
          steps: result.steps,
          percent: result.percent,
          mistakes: result.mistakes,
          hints: result.hintsUsed,
          seconds: result.seconds,
        })}
      </p>
      {state.mode === 'check' ? (
        <p className={result.passed ? 'alert alert--success' : 'alert alert--error'}>
          {result.passed ? t('sim.resultPassed') : t('sim.resultFailed', { percent: 80 })}
        </p>
      ) : (
        <p>{t('sim.resultPractice')}</p>
      )}
      <h3>{t('sim.resultMistakes')}</h3>
      {slips.length ? (
        <ul className="sim-slips">
          {slips.map((record) => {
            const step = getStep(scenario, record.stepId)
            const notes = [...new Set(record.feedback)].map((ref) => {
              const described = describeFeedback(step, ref)
              if (described.kind === 'warning') return t(described.reason === 'real-id' ? 'sim.warningRealId' : 'sim.warningSecret')
              return described.text ?? t('sim.resultGeneric')
            })
            return (
              <li key={record.stepId}>
                <strong>{step.instruction}</strong>
                <ul>
                  {notes.map((note) => (
                    <li key={note}>{note}</li>
                  ))}
                </ul>
              </li>
            )
          })}
        </ul>
      ) : (
        <p>{t('sim.resultNoMistakes')}</p>
      )}
      <p className="actions">
        {(['guided', 'practice', 'check'] as const).map((mode) => (
          <a key={mode} className={mode === 'check' ? 'button' : 'button button--secondary'} href={`/mo-phong/${scenario.id}?che-do=${MODE_SLUGS[mode]}#${TASK_ANCHOR}`}>
            {t('sim.retryIn', { mode: t(MODE_LABEL[mode]) })}
          </a>
        ))}
      </p>
    </section>
  )
}
