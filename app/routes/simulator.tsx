import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, data, redirect } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getUser, isSecureRequest } from '~/auth/guards.server'
import { readFormData } from '~/lib/form-data.server'
import { forwardHeaders } from '~/lib/headers'
import { guestCookie, readGuest } from '~/progress/guest.server'
import { simulatorFinished } from '~/progress/track.server'
import { getCourse } from '~/content/catalog.server'
import { getScenario } from '~/simulators/catalog.server'
import { MODE_BY_SLUG, MODE_SLUGS, type SimState, TASK_ANCHOR, score, start } from '~/simulators/engine'
import { SIMULATOR_FORM_LIMITS, feedbackFromRef, stepFromForm, stepLocation } from '~/simulators/form-step.server'
import { type SealProblem, openState, sealState } from '~/simulators/seal.server'
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

const NOTICES = { sai: 'invalid', 'het-han': 'expired' } as const satisfies Record<string, SealProblem>

// The page for one moment of an attempt. Without a state (`?che-do=…` only)
// it starts one, with every screen in the page for the enhancer (ADR 008).
// With `&s=<sealed state>` it is where a step's post redirected (ADR 015):
// the current screen alone, the feedback named by `fb` if the state says it
// happened, and nothing recorded, so reloading it or coming Back to it is
// harmless. A state the seal refuses starts over, saying why.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const scenario = findScenario(params.id)
  const url = new URL(request.url)
  const now = Date.now()
  const sealed = url.searchParams.get('s')
  let mode = MODE_BY_SLUG[url.searchParams.get('che-do') ?? ''] ?? null
  let state: SimState | null = null
  let notice: SealProblem | null = NOTICES[url.searchParams.get('lam-lai') as keyof typeof NOTICES] ?? null
  if (sealed !== null) {
    const opened = openState(scenario, sealed, now)
    if (opened && 'state' in opened) state = opened.state
    else {
      notice = opened?.problem ?? 'invalid'
      state = start(scenario, mode ?? 'practice', now)
    }
    mode = state.mode
  } else if (mode) state = start(scenario, mode, now)
  const feedback = state && sealed !== null ? feedbackFromRef(scenario, state, url.searchParams.get('fb')) : null
  const course = state?.done ? getCourse(url.searchParams.get('hoan-thanh') ?? '') : null
  // Only a course this scenario counts towards (the banner is a courtesy
  // after the finishing post; the course page shows the real status).
  const completedCourse = course?.completion.simulators?.includes(scenario.id) ? { slug: course.slug, title: course.title } : null
  return data(
    {
      scenario,
      mode,
      state,
      token: state ? sealState(scenario, state) : null,
      feedback,
      notice,
      completedCourse,
      stepPage: sealed !== null,
      script: enhancerScriptPath(),
    },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}

export const headers = forwardHeaders

// A finished attempt goes to the learner's record, or to a guest's cookie;
// the answer's headers carry that cookie.
async function report(request: Request, scenarioId: string, state: SimState): Promise<{ headers: Headers; completedCourse: string | null }> {
  const user = await getUser(request)
  const learner = user ? { userId: user.id } : { guest: readGuest(request) }
  const tracked = await simulatorFinished(learner, { scenarioId, mode: state.mode, startedAt: state.startedAt, score: score(state), steps: state.records })
  const headers = new Headers({ 'Cache-Control': 'no-store' })
  if (tracked.guest) headers.append('Set-Cookie', guestCookie(tracked.guest, { secure: isSecureRequest(request) }))
  return { headers, completedCourse: tracked.completedCourse }
}

// Without JavaScript each tap or typed value arrives here; the same engine
// decides, and the answer is a redirect to the GET page of the new state
// (never the typed value), so Back and reload never post again. With
// JavaScript only the finished attempt arrives (intent=complete). A result
// is recorded by the post that finishes the attempt, never by a GET.
export async function action({ request, params }: ActionFunctionArgs) {
  const scenario = findScenario(params.id)
  const form = await readFormData(request, SIMULATOR_FORM_LIMITS)
  const step = stepFromForm(scenario, form, new URL(request.url).searchParams.get('che-do'), Date.now())
  const finished = step.intent === 'complete' ? step.next.done : step.next.done && !step.previous.done
  const { headers, completedCourse } = finished
    ? await report(request, scenario.id, step.next)
    : { headers: new Headers({ 'Cache-Control': 'no-store' }), completedCourse: null }
  return redirect(stepLocation(scenario, step.next, { feedback: step.feedback, problem: step.problem, course: completedCourse }), { status: 303, headers })
}

export default function SimulatorRoute() {
  const t = useT()
  const { nonce } = useRequestInfo()
  const { scenario, state, token, feedback, notice, completedCourse, stepPage, script } = useLoaderData<typeof loader>()
  // Only the page that starts an attempt loads the enhancer; a step page
  // (reached by a post without it) holds the current screen alone: less to
  // render and to download on every no-JavaScript step.
  const enhanced = !stepPage && !!state && !state.done
  // JSON for the enhancer; "<" is escaped so no text can close the element.
  const payload = enhanced ? JSON.stringify(enhancerData(scenario, state, t)).replace(/</g, '\\u003c') : null
  const restart = (mode: keyof typeof MODE_SLUGS) => `/mo-phong/${scenario.id}?che-do=${MODE_SLUGS[mode]}#${TASK_ANCHOR}`
  return (
    <div className="container page">
      <p>
        <Link to="/mo-phong">{t('sim.exit')}</Link>
      </p>
      <h1>{scenario.title}</h1>
      {notice ? (
        <p className="alert alert--error" role="alert">
          {t(notice === 'expired' ? 'sim.restartedExpired' : 'sim.restartedInvalid')}
        </p>
      ) : null}
      {completedCourse ? (
        <div className="alert alert--success" role="status">
          <p>
            <strong>{t('progress.congrats', { course: completedCourse.title })}</strong>
          </p>
          <p>
            <Link to={`/khoa-hoc/${completedCourse.slug}?hoan-thanh=1`}>{completedCourse.title}</Link> ·{' '}
            <Link to="/hoc-tap">{t('progress.heading')}</Link>
          </p>
        </div>
      ) : null}
      {state ? (
        <>
          <SimulatorPlayer scenario={scenario} state={state} token={token ?? ''} feedback={feedback} allScreens={enhanced} />
          {/* The safety note and the practice data come after the task and the
              device, so that a step page opens on what to do (issue 13). The
              device itself carries the "MÔ PHỎNG" label. */}
          <p className="sim-safety" role="note">
            {t('sim.safety')}
          </p>
          <PracticeData scenario={scenario} />
          <p>
            <a href={restart(state.mode)}>{t('sim.restart')}</a>
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
          <p className="sim-safety" role="note">
            {t('sim.safety')}
          </p>
          <p className="lead">{scenario.intro}</p>
          <PracticeData scenario={scenario} />
          <h2>{t('sim.chooseMode')}</h2>
          <ul className="cards" role="list">
            {(['guided', 'practice', 'check'] as const).map((option) => (
              <li key={option} className="card">
                <h3>
                  <a href={restart(option)}>{t(`sim.mode.${option}`)}</a>
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
