import { createRequestHandler, type ServerBuild } from '@remix-run/node'
import { type NextFunction, type Request, type Response } from 'express'
import { getScenario } from '../app/simulators/catalog.server'
import { screenFields } from '../app/lib/form-data.server'
import { SIMULATOR_FORM_LIMITS, stepFromForm } from '../app/simulators/form-step.server'
import { sealState } from '../app/simulators/seal.server'
import { requestBody } from './body'
import { remixRequest } from './remix'

// Without JavaScript every simulator step is a form post. The page that
// answers depends only on the scenario, mode, step, step number, hint,
// feedback and display preferences, plus three per-response values: the
// encoded state, the CSP nonce and the request id. A class of learners at
// the same step therefore shares one rendering, replayed with those values
// swapped in (the same idea as the page cache, ADR 007). The engine still
// decides every post, through the same function the route's action uses.
const SLOT = /(__SIM_STATE__|__SIM_NONCE__|__SIM_REQUEST__)/
type Entry = { parts: Buffer[]; slots: string[] }

export function simulatorStepCache({ build, sessionCookie, maxEntries = 2000 }: { build: ServerBuild; sessionCookie: string; maxEntries?: number }) {
  const remix = createRequestHandler(build, 'production')
  const entries = new Map<string, Entry>()

  return async (req: Request, res: Response, next: NextFunction) => {
    const id = /^\/mo-phong\/([a-z0-9-]+)$/.exec(req.path)?.[1]
    const cookies = req.headers.cookie ?? ''
    if (
      req.method !== 'POST' ||
      !id ||
      cookies.includes(`${sessionCookie}=`) ||
      !String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
    ) {
      return next()
    }
    try {
      const scenario = getScenario(id)
      if (!scenario) return next()
      // Read within the limit by bodyLimit, and held to the route's field
      // rules: a post the route would refuse is left for the route to answer.
      const body = requestBody(req)
      const form = body ? screenFields(new URLSearchParams(body.toString('utf8')), SIMULATOR_FORM_LIMITS) : null
      if (!form || Object.keys(form.tooLong).length) return next()
      const modeSlug = typeof req.query['che-do'] === 'string' ? req.query['che-do'] : null
      const { intent, next: state } = stepFromForm(scenario, form.data, modeSlug, Date.now())
      const cacheable = intent !== 'complete' && !state.done
      const prefs = /(?:^|;\s*)hs_prefs=([^;]*)/.exec(cookies)?.[1] ?? ''
      const key = [id, state.mode, state.stepId, state.records.length, state.showHint, JSON.stringify(state.feedback), prefs].join('|')
      const values: Record<string, string> = {
        __SIM_STATE__: sealState(state),
        __SIM_NONCE__: String(res.locals.cspNonce),
        __SIM_REQUEST__: String(res.locals.requestId),
      }

      const hit = cacheable ? entries.get(key) : undefined
      if (hit) {
        const pieces: Buffer[] = [hit.parts[0]!]
        hit.slots.forEach((slot, index) => pieces.push(Buffer.from(values[slot]!), hit.parts[index + 1]!))
        const html = Buffer.concat(pieces)
        res.statusCode = 200
        res.setHeader('Content-Type', 'text/html; charset=utf-8')
        res.setHeader('Cache-Control', 'no-store')
        res.setHeader('X-Step-Cache', 'hit')
        res.setHeader('Content-Length', html.length)
        res.end(html)
        return
      }

      // Miss: Remix answers this very request (its body replayed), and the
      // page becomes the template for the next learner at this step.
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
      res.setHeader('X-Step-Cache', cacheable ? 'miss' : 'bypass')
      const setCookies = response.headers.getSetCookie()
      if (setCookies.length) res.setHeader('Set-Cookie', setCookies)
      res.end(html)

      const text = html.toString('utf8')
      if (cacheable && response.status === 200 && !setCookies.length && text.includes(`value="${values.__SIM_STATE__}"`)) {
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
