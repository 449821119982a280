import { LineCounter, parseDocument } from 'yaml'
import { type z } from 'zod'

// Content files are YAML checked by Zod; authors need the line of each problem.
export type Problem = { file: string; line: number; message: string }

// Parses YAML and validates it; Zod issue paths are mapped back to the line
// of the offending node.
export function parseYaml<S extends z.ZodType>(
  text: string,
  schema: S,
  file: string,
  lineOffset = 0,
): { value: z.output<S> | null; problems: Problem[]; lineOf?: (path: (string | number)[]) => number } {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false })
  if (doc.errors.length) {
    return {
      value: null,
      problems: doc.errors.map((error) => ({
        file,
        line: (error.linePos?.[0]?.line ?? 1) + lineOffset,
        message: `YAML không hợp lệ: ${error.message.split('\n')[0]}`,
      })),
    }
  }
  // The line of the node at `path`, or of its nearest existing parent.
  const lineOf = (path: (string | number)[]) => {
    let node: unknown = null
    for (let depth = path.length; depth >= 0 && !node; depth--) {
      node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true)
    }
    const range = (node as { range?: [number, number, number] } | null)?.range
    return (range ? lineCounter.linePos(range[0]).line : 1) + lineOffset
  }
  const result = schema.safeParse(doc.toJS())
  if (result.success) return { value: result.data, problems: [], lineOf }
  return {
    value: null,
    problems: result.error.issues.map((issue) => {
      const line = lineOf(issue.path as (string | number)[])
      const key = issue.path.at(-1)
      const field = issue.path.length && !issue.message.includes(`(${String(key)})`) ? `${issue.path.join('.')}: ` : ''
      const message =
        issue.code === 'unrecognized_keys' ? `trường không được phép: ${issue.keys.join(', ')}` : issue.message
      return { file, line, message: `${field}${message}` }
    }),
  }
}

