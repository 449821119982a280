import { existsSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { type Problem, parseYaml } from '~/lib/yaml.server'
import { type Scenario, ScenarioSchema } from './schema'
import { validateScenario } from './validate'

// Reads and checks content/simulators/*.yaml; the content build writes the
// result next to the compiled lessons.
export function readScenarios(contentDir: string): { scenarios: Scenario[]; problems: Problem[] } {
  const dir = path.join(contentDir, 'simulators')
  const problems: Problem[] = []
  const scenarios: Scenario[] = []
  if (!existsSync(dir)) return { scenarios, problems }
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.yaml')) continue
    const file = `content/simulators/${name}`
    const { value, problems: found, lineOf } = parseYaml(readFileSync(path.join(dir, name), 'utf8'), ScenarioSchema, file)
    problems.push(...found)
    if (!value || !lineOf) continue
    const structural = validateScenario(value, name.replace(/\.yaml$/, ''))
    for (const problem of structural) {
      const where = problem.path.length ? `${problem.path.join('.')}: ` : ''
      problems.push({ file, line: lineOf(problem.path), message: `${where}${problem.message}` })
    }
    if (!structural.length) scenarios.push(value)
  }
  return { scenarios, problems }
}
