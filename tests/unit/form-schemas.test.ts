import { expect, test } from 'vitest'
import { type z } from 'zod'
import * as auth from '~/auth/schemas'
import * as certificates from '~/certificates/schemas'
import * as classes from '~/classes/schemas'
import * as content from '~/content/schemas'

// Every string a schema accepts has an upper bound, so no field can grow
// without limit past its schema (forms have the server's field cap too).
type Def = { type: string; [key: string]: unknown }
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def

function unboundedStrings(schema: unknown, path: string, seen = new Set<unknown>()): string[] {
  if (seen.has(schema)) return []
  seen.add(schema)
  const def = defOf(schema)
  const inner = (value: unknown, suffix = '') => unboundedStrings(value, `${path}${suffix}`, seen)
  switch (def.type) {
    case 'string':
      return (schema as z.ZodString).maxLength === null ? [path] : []
    case 'object':
      return Object.entries(def.shape as Record<string, unknown>).flatMap(([key, value]) => inner(value, `.${key}`))
    case 'array':
      return inner(def.element, '[]')
    case 'union':
      return (def.options as unknown[]).flatMap((option, index) => inner(option, `|${index}`))
    case 'intersection':
      return [...inner(def.left), ...inner(def.right)]
    case 'pipe':
      return inner(def.in)
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
      return inner(def.innerType)
    default:
      return []
  }
}

test('every string in every schema has a maximum length', () => {
  const modules = { auth, certificates, classes, content }
  const found = Object.entries(modules).flatMap(([name, module]) =>
    Object.entries(module)
      .filter(([, value]) => value && typeof value === 'object' && '_zod' in value)
      .flatMap(([exported, schema]) => unboundedStrings(schema, `${name}.${exported}`)),
  )
  expect(found).toEqual([])
})
