import { createRequestHandler, type ServerBuild } from '@remix-run/node'
import { type NextFunction, type Request, type Response } from 'express'
import { getScenario } from '../app/simulators/catalog.server'
import { screenFields } from '../app/lib/form-data.server'
import { SIMULATOR_FORM_LIMITS, feedbackFromRef, stepFromForm, stepLocation } from '../app/simulators/form-step.server'
import { openState, sealState } from '../app/simulators/seal.server'
import { requestBody } from './body'
import { remixRequest } from './remix'

// Without JavaScript every simulator step is a form post answered by a
// redirect to the GET page of the new state (ADR 015). Both halves are
// answered here for visitors without a session, without Remix:
// - the post: the engine decides (the same function as the route's action)
//   and the answer is the redirect; a post that finishes the attempt goes
//   to the route, which records the result;
// - the GET page: it depends only on the scenario, mode, step, step number,
//   hint, feedback, the address's own parameters and the display
//   preferences, plus three per-response values: the sealed state, the CSP
//   nonce and the request id. A class of learners at the same step therefore
//   shares one rendering, replayed with those values swapped in (the same
//   idea as the page cache, ADR 007). Nothing personal is in it: no session
//   (those requests never come here), the guest cookie is not read by the
//   page, result pages and refused states are never stored, and neither is
//   a rendering that sets a cookie.
const SLOT = /(__SIM_STATE__|__SIM_NONCE__|__SIM_REQUEST__)/
const STEP_PAGE_PARAMS = new Set(['che-do', 's', 'fb'])
type Entry = { parts: Buffer[]; slots: string[] }

export function simulatorStepCache({ build, sessionCookie, maxEntries = 2000 }: { build: ServerBuild; sessionCookie: string; maxEntries?: number }) {
  const remix = createRequestHandler(build, 'production')
  const entries = new Map<string, Entry>()

  return async (req: Request, res: Response, next: NextFunction) => {
    const id = /^\/mo-phong\/([a-z0-9-]+)$/.exec(req.path)?.[1]
    const cookies = req.headers.cookie ?? ''
    if (!id || cookies.includes(`${sessionCookie}=`)) return next()
    try {
      const scenario = getScenario(id)
      if (!scenario) return next()
      const modeSlug = typeof req.query['che-do'] === 'string' ? req.query['che-do'] : null

      if (req.method === 'POST') {
        if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return next()
        // Read within the limit by bodyLimit, and held to the route's field
        // rules: a post the route would refuse is left for the route to answer.
        const body = requestBody(req)
        const form = body ? screenFields(new URLSearchParams(body.toString('utf8')), SIMULATOR_FORM_LIMITS) : null
        if (!form || Object.keys(form.tooLong).length) return next()
        const step = stepFromForm(scenario, form.data, modeSlug, Date.now())
        if (step.intent === 'complete' || step.next.done) return next()
        res.statusCode = 303
        res.setHeader('Location', stepLocation(scenario, step.next, { feedback: step.feedback, problem: step.problem }))
        res.setHeader('Cache-Control', 'no-store')
        res.setHeader('X-Step-Cache', 'redirect')
        res.setHeader('Content-Length', 0)
        res.end()
        return
      }

      const sealed = req.query.s
      if (req.method !== 'GET' || typeof sealed !== 'string' || Object.keys(req.query).some((name) => !STEP_PAGE_PARAMS.has(name))) return next()
      const opened = openState(scenario, sealed, Date.now())
      if (!opened || !('state' in opened) || opened.state.done) return next()
      const state = opened.state
      const fb = typeof req.query.fb === 'string' ? req.query.fb : ''
      const feedback = feedbackFromRef(scenario, state, fb)
      const prefs = /(?:^|;\s*)hs_prefs=([^;]*)/.exec(cookies)?.[1] ?? ''
      // The address's raw parameters (bar the state) join the key: the page
      // repeats them (the display options' return address).
      const key = [id, modeSlug, fb, state.mode, state.stepId, state.records.length, state.showHint, JSON.stringify(feedback), prefs].join('|')
      const values: Record<string, string> = {
        __SIM_STATE__: sealState(scenario, state),
        __SIM_NONCE__: String(res.locals.cspNonce),
        __SIM_REQUEST__: String(res.locals.requestId),
      }

      const hit = entries.get(key)
      if (hit) {
        const pieces: Buffer[] = [hit.parts[0]!]
        hit.slots.forEach((slot, index) => pieces.push(Buffer.from(values[slot]!), hit.parts[index + 1]!))
        const html = Buffer.concat(pieces)
        res.statusCode = 200
        res.setHeader('Content-Type', 'text/html; charset=utf-8')
        res.setHeader('Cache-Control', 'no-store')
        res.setHeader('Vary', 'Cookie')
        res.setHeader('X-Step-Cache', 'hit')
        res.setHeader('Content-Length', html.length)
        res.end(html)
        return
      }

      // Miss: Remix answers this very request, and the page becomes the
      // template for the next learner at this step.
      const response = await remix(remixRequest(req, res), {
        cspNonce: values.__SIM_NONCE__!,
        requestId: values.__SIM_REQUEST__!,
        clientIp: req.ip ?? null,
      })
      const html = Buffer.from(await response.arrayBuffer())
      res.statusCode = response.status
      response.headers.forEach((value, name) => {
        if (!['content-length', 'content-encoding', 'set-cookie', 'transfer-encoding'].includes(name)) res.setHeader(name, value)
      })
      res.setHeader('X-Step-Cache', 'miss')
      const setCookies = response.headers.getSetCookie()
      if (setCookies.length) res.setHeader('Set-Cookie', setCookies)
      res.end(html)

      const text = html.toString('utf8')
      if (response.status === 200 && !setCookies.length && text.includes(`value="${values.__SIM_STATE__}"`)) {
        let template = text
        for (const [slot, value] of Object.entries(values)) template = template.replaceAll(value, slot)
        const pieces = template.split(SLOT)
        entries.set(key, {
          parts: pieces.filter((_, index) => index % 2 === 0).map((piece) => Buffer.from(piece)),
          slots: pieces.filter((_, index) => index % 2 === 1),
        })
        while (entries.size > maxEntries) entries.delete(entries.keys().next().value!)
      }
    } catch (error) {
      next(error)
    }
  }
}
