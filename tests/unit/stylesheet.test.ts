import { readFileSync } from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'

// The stylesheet is plain CSS, no nesting: a lost "}" would not break the
// build (nesting is valid CSS) but would silently scope every later rule
// inside the previous one, as once happened to a whole merged section.
test('every rule in app.css closes, and rules nest only inside at-rules', () => {
  const css = readFileSync(path.resolve(__dirname, '../../app/styles/app.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '')
  const stack: string[] = []
  let selector = ''
  for (const char of css) {
    if (char === '{') {
      const opened = selector.trim()
      if (stack.length && !stack.every((outer) => outer.startsWith('@'))) throw new Error(`"${opened}" is nested inside "${stack.at(-1)}"`)
      stack.push(opened)
      selector = ''
    } else if (char === '}') {
      expect(stack.length, 'a "}" closes nothing').toBeGreaterThan(0)
      stack.pop()
      selector = ''
    } else if (char === ';') selector = ''
    else selector += char
  }
  expect(stack).toEqual([])
})
