import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Link, useActionData, useFetcher, useLoaderData } from '@remix-run/react'
import { getUser } from '~/auth/guards.server'
import { readFormData } from '~/lib/form-data.server'
import { recordSimulatorAttempt } from '~/progress/simulator.server'
import { getScenario } from '~/simulators/catalog.server'
import { type Action, type Mode, type SimState, advance, score, start } from '~/simulators/engine'
import { MODE_SLUGS, SimulatorPlayer } from '~/simulators/player'
import { decodeState, encodeState } from '~/simulators/state'
import { useT } from '~/ui/use-t'

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) =>
  loaderData ? [{ title: `${loaderData.scenario.title} — Mô phỏng — Học Số` }, { name: 'robots', content: 'noindex' }] : []

const MODE_BY_SLUG = Object.fromEntries(Object.entries(MODE_SLUGS).map(([mode, slug]) => [slug, mode])) as Record<string, Mode>

function findScenario(id: string | undefined) {
  const scenario = getScenario(id ?? '')
  if (!scenario) throw new Response('Not found', { status: 404 })
  return scenario
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const scenario = findScenario(params.id)
  const mode = MODE_BY_SLUG[new URL(request.url).searchParams.get('che-do') ?? ''] ?? null
  return { scenario, mode, state: mode ? start(scenario, mode, Date.now()) : null }
}

async function report(request: Request, scenarioId: string, state: SimState) {
  const user = await getUser(request)
  await recordSimulatorAttempt({ userId: user?.id ?? null, scenarioId, mode: state.mode, score: score(state), steps: state.records })
}

// Without JavaScript each tap or typed value arrives here; the same engine
// decides, and only the encoded step/counts go back (never the typed value).
export async function action({ request, params }: ActionFunctionArgs) {
  const scenario = findScenario(params.id)
  const form = await readFormData(request)
  const stepIds = new Set(scenario.steps.map((step) => step.id))
  const mode = MODE_BY_SLUG[new URL(request.url).searchParams.get('che-do') ?? ''] ?? 'practice'
  const previous = decodeState(form.get('state'), stepIds) ?? start(scenario, mode, Date.now())
  const intent = form.get('intent')
  if (intent === 'complete') {
    // The browser finished the scenario by itself and reports the result.
    if (previous.done) await report(request, scenario.id, previous)
    return data({ state: previous, feedback: null, reported: true })
  }
  let next = previous
  if (intent === 'hint') next = advance(scenario, previous, { type: 'hint' }, Date.now())
  else {
    const target = String(form.get('target') ?? '').slice(0, 64)
    const raw = form.get(`value:${target}`)
    const act: Action = { type: 'act', target, value: typeof raw === 'string' ? raw.slice(0, 500) : undefined }
    next = advance(scenario, previous, act, Date.now())
  }
  if (next.done && !previous.done) await report(request, scenario.id, next)
  return data({ state: { ...next, feedback: null }, feedback: next.feedback, reported: false }, { headers: { 'Cache-Control': 'no-store' } })
}

export default function SimulatorRoute() {
  const t = useT()
  const { scenario, state: initial } = useLoaderData<typeof loader>()
  const posted = useActionData<typeof action>()
  const completion = useFetcher()
  const state = posted && !posted.reported ? posted.state : initial
  const feedback = posted && !posted.reported ? posted.feedback : null
  return (
    <div className="container page">
      <p>
        <Link to="/mo-phong">{t('sim.exit')}</Link>
      </p>
      <h1>{scenario.title}</h1>
      <p className="sim-safety" role="note">
        {t('sim.safety')}
      </p>
      {state ? (
        <>
          <SimulatorPlayer
            // A post (no JavaScript) or a new mode starts a fresh player.
            key={`${state.mode}-${state.stepId}-${state.records.length}-${state.current.mistakes}-${state.showHint}`}
            scenario={scenario}
            initialState={state}
            initialFeedback={feedback}
            onFinished={(finished) =>
              completion.submit({ intent: 'complete', state: encodeState(finished) }, { method: 'post' })
            }
          />
          <PracticeData scenario={scenario} />
          <p>
            <a href={`/mo-phong/${scenario.id}?che-do=${MODE_SLUGS[state.mode]}`}>{t('sim.restart')}</a>
          </p>
        </>
      ) : (
        <>
          <p className="lead">{scenario.intro}</p>
          <PracticeData scenario={scenario} />
          <h2>{t('sim.chooseMode')}</h2>
          <ul className="cards" role="list">
            {(['guided', 'practice', 'check'] as const).map((option) => (
              <li key={option} className="card">
                <h3>
                  <a href={`/mo-phong/${scenario.id}?che-do=${MODE_SLUGS[option]}`}>{t(`sim.mode.${option}`)}</a>
                </h3>
                <p>{t(`sim.mode.${option}Hint`)}</p>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  )
}

function PracticeData({ scenario }: { scenario: { practiceData: { label: string; value: string }[] } }) {
  const t = useT()
  if (!scenario.practiceData.length) return null
  return (
    <section className="sim-data" aria-labelledby="sim-data-heading">
      <h2 id="sim-data-heading">{t('sim.practiceData')}</h2>
      <dl className="definition-list">
        {scenario.practiceData.map((item) => (
          <div key={item.label} className="sim-data__row">
            <dt>{item.label}</dt>
            <dd>{item.value}</dd>
          </div>
        ))}
      </dl>
    </section>
  )
}
