import { readFileSync } from 'node:fs'
import path from 'node:path'
import { getCatalog } from '~/content/catalog.server'
import { getEnv } from '~/env.server'
import { type Scenario } from './schema'

const cache = new Map<string, { version: string; scenario: Scenario }>()

export function listScenarios() {
  return getCatalog().simulators
}

export function getScenario(id: string): Scenario | null {
  const catalog = getCatalog()
  if (!catalog.simulators.some((summary) => summary.id === id)) return null
  const hit = cache.get(id)
  if (hit && hit.version === catalog.version) return hit.scenario
  const file = path.resolve(process.cwd(), getEnv().CONTENT_BUILD_DIR, 'simulators', `${id}.json`)
  const scenario = JSON.parse(readFileSync(file, 'utf8')) as Scenario
  cache.set(id, { version: catalog.version, scenario })
  return scenario
}
