import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { getUser, isSecureRequest } from '~/auth/guards.server'
import { readFormData } from '~/lib/form-data.server'
import { forwardHeaders } from '~/lib/headers'
import { guestCookie, readGuest } from '~/progress/guest.server'
import { simulatorFinished } from '~/progress/track.server'
import { getCourse } from '~/content/catalog.server'
import { getScenario } from '~/simulators/catalog.server'
import { MODE_BY_SLUG, MODE_SLUGS, type SimState, score, start } from '~/simulators/engine'
import { SIMULATOR_FORM_LIMITS, stepFromForm } from '~/simulators/form-step.server'
import { sealState } from '~/simulators/seal.server'
import { enhancerScriptPath } from '~/simulators/assets.server'
import { SimulatorPlayer, enhancerData } from '~/simulators/player'
import { type RouteHandle } from '~/root'
import { useRequestInfo } from '~/ui/request-context'
import { useT } from '~/ui/use-t'

// No React in the browser here: a ~10 KB script runs the engine (ADR 008).
export const handle: RouteHandle = { hydrate: false }

export const meta: MetaFunction<typeof loader> = ({ data: loaderData }) =>
  loaderData ? [{ title: `${loaderData.scenario.title} — Mô phỏng — Học Số` }, { name: 'robots', content: 'noindex' }] : []


function findScenario(id: string | undefined) {
  const scenario = getScenario(id ?? '')
  if (!scenario) throw new Response('Not found', { status: 404 })
  return scenario
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const scenario = findScenario(params.id)
  const mode = MODE_BY_SLUG[new URL(request.url).searchParams.get('che-do') ?? ''] ?? null
  const state = mode ? start(scenario, mode, Date.now()) : null
  return { scenario, mode, state, token: state ? sealState(state) : null, script: enhancerScriptPath() }
}

export const headers = forwardHeaders

// A finished attempt goes to the learner's record, or to a guest's cookie;
// the answer's headers carry that cookie.
async function report(request: Request, scenarioId: string, state: SimState): Promise<{ headers: Headers; completedCourse: { slug: string; title: string } | null }> {
  const user = await getUser(request)
  const learner = user ? { userId: user.id } : { guest: readGuest(request) }
  const tracked = await simulatorFinished(learner, { scenarioId, mode: state.mode, startedAt: state.startedAt, score: score(state), steps: state.records })
  const headers = new Headers({ 'Cache-Control': 'no-store' })
  if (tracked.guest) headers.append('Set-Cookie', guestCookie(tracked.guest, { secure: isSecureRequest(request) }))
  const course = tracked.completedCourse ? getCourse(tracked.completedCourse) : null
  return { headers, completedCourse: course ? { slug: course.slug, title: course.title } : null }
}

// Without JavaScript each tap or typed value arrives here; the same engine
// decides, and only the encoded step/counts go back (never the typed value).
export async function action({ request, params }: ActionFunctionArgs) {
  const scenario = findScenario(params.id)
  const form = await readFormData(request, SIMULATOR_FORM_LIMITS)
  const { intent, previous, next } = stepFromForm(scenario, form, new URL(request.url).searchParams.get('che-do'), Date.now())
  const unrecorded = { headers: new Headers({ 'Cache-Control': 'no-store' }), completedCourse: null }
  if (intent === 'complete') {
    // The enhancer finished the scenario in the browser; show and record the result.
    const { headers, completedCourse } = previous.done ? await report(request, scenario.id, previous) : unrecorded
    return data({ state: previous, token: sealState(previous), feedback: null, completedCourse }, { headers })
  }
  const { headers, completedCourse } = next.done && !previous.done ? await report(request, scenario.id, next) : unrecorded
  const shown = { ...next, feedback: null }
  return data({ state: shown, token: sealState(shown), feedback: next.feedback, completedCourse }, { headers })
}

export default function SimulatorRoute() {
  const t = useT()
  const { nonce } = useRequestInfo()
  const { scenario, state: initial, token: initialToken, script } = useLoaderData<typeof loader>()
  const posted = useActionData<typeof action>()
  const state = posted ? posted.state : initial
  const token = (posted ? posted.token : initialToken) ?? ''
  const feedback = posted ? posted.feedback : null
  // A post only ever comes from a browser without the enhancer (with it, no
  // step is posted), so its answer is the current screen alone: less to
  // render and to download on every no-JavaScript step.
  const enhanced = !posted && !!state && !state.done
  // JSON for the enhancer; "<" is escaped so no text can close the element.
  const payload = enhanced ? JSON.stringify(enhancerData(scenario, state, t)).replace(/</g, '\\u003c') : null
  return (
    <div className="container page">
      <p>
        <Link to="/mo-phong">{t('sim.exit')}</Link>
      </p>
      <h1>{scenario.title}</h1>
      <p className="sim-safety" role="note">
        {t('sim.safety')}
      </p>
      {posted?.completedCourse ? (
        <div className="alert alert--success" role="status">
          <p>
            <strong>{t('progress.congrats', { course: posted.completedCourse.title })}</strong>
          </p>
          <p>
            <Link to={`/khoa-hoc/${posted.completedCourse.slug}?hoan-thanh=1`}>{posted.completedCourse.title}</Link> ·{' '}
            <Link to="/hoc-tap">{t('progress.heading')}</Link>
          </p>
        </div>
      ) : null}
      {state ? (
        <>
          <SimulatorPlayer scenario={scenario} state={state} token={token} feedback={feedback} allScreens={enhanced} />
          <PracticeData scenario={scenario} />
          <p>
            <a href={`/mo-phong/${scenario.id}?che-do=${MODE_SLUGS[state.mode]}`}>{t('sim.restart')}</a>
          </p>
          {payload ? (
            <>
              <form method="post" id="sim-finish" hidden>
                <input type="hidden" name="intent" value="complete" />
                <input type="hidden" name="actions" value="" />
                <input type="hidden" name="startedAt" value="" />
              </form>
              <script type="application/json" id="sim-data" dangerouslySetInnerHTML={{ __html: payload }} />
              {script ? <script src={script} nonce={nonce} defer /> : null}
            </>
          ) : null}
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
