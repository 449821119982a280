import { existsSync } from 'node:fs'
import path from 'node:path'
import { bundleMDX } from 'mdx-bundler'
import { CALLOUT_TYPES, LESSON_COMPONENTS } from './schemas'
import { type LessonSource, type Problem } from './source.server'

// Lessons compile once per content version (at build time in production);
// this module turns one lesson's MDX into a bundle and checks that authors
// used only the documented components, with the right attributes.
export type GlossaryEntry = { id: string; word: string; definition: string }
export type CompiledLesson = { code: string; glossary: GlossaryEntry[]; plainText: string }

type Position = { start: { line: number } }
type MdastNode = {
  type: string
  name?: string | null
  value?: string
  depth?: number
  position?: Position
  attributes?: { type: string; name?: string; value?: unknown }[]
  children?: MdastNode[]
}

type CheckContext = {
  file: string
  lineOffset: number
  publicDir: string
  simulatorIds: Set<string>
  problems: Problem[]
  glossary: GlossaryEntry[]
  text: string[]
}

function attributeValue(node: MdastNode, name: string): { kind: 'string'; value: string } | { kind: 'expression'; value: string } | null {
  const attribute = node.attributes?.find((item) => item.type === 'mdxJsxAttribute' && item.name === name)
  if (!attribute) return null
  if (typeof attribute.value === 'string') return { kind: 'string', value: attribute.value }
  const expression = attribute.value as { value?: string } | null
  return { kind: 'expression', value: expression?.value ?? '' }
}

function textOf(node: MdastNode): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value ?? ''
  return (node.children ?? []).map(textOf).join('')
}

function checkComponent(node: MdastNode, ctx: CheckContext) {
  const line = (node.position?.start.line ?? 1) + ctx.lineOffset
  const report = (message: string) => ctx.problems.push({ file: ctx.file, line, message })
  const name = node.name ?? ''
  if (!(LESSON_COMPONENTS as readonly string[]).includes(name)) {
    report(
      /^[a-z]/.test(name)
        ? `không dùng thẻ HTML <${name}> trong bài; hãy viết bằng Markdown`
        : `thành phần <${name}> không có trong danh sách cho phép (${LESSON_COMPONENTS.join(', ')})`,
    )
    return
  }
  const allowed: Record<string, string[]> = {
    Callout: ['type', 'title'],
    Steps: [],
    Step: ['title'],
    Figure: ['src', 'alt', 'caption'],
    Term: ['definition'],
    Quiz: ['question', 'choices', 'answer', 'explanation'],
    Simulator: ['id'],
  }
  for (const attribute of node.attributes ?? []) {
    if (attribute.type !== 'mdxJsxAttribute' || !allowed[name]?.includes(attribute.name ?? '')) {
      report(`<${name}> không nhận thuộc tính “${attribute.name ?? '{…}'}”`)
    }
  }
  const requireString = (attribute: string, what: string) => {
    const value = attributeValue(node, attribute)
    if (!value || value.kind !== 'string' || !value.value.trim()) {
      report(`<${name}> cần ${attribute}="…" (${what})`)
      return null
    }
    return value.value
  }
  switch (name) {
    case 'Callout': {
      const type = requireString('type', CALLOUT_TYPES.join(', '))
      if (type && !(CALLOUT_TYPES as readonly string[]).includes(type)) {
        report(`<Callout type="${type}"> không hợp lệ; dùng ${CALLOUT_TYPES.join(', ')}`)
      }
      break
    }
    case 'Step':
      requireString('title', 'tên bước')
      break
    case 'Steps':
      for (const child of node.children ?? []) {
        if (child.type === 'mdxJsxFlowElement' && child.name === 'Step') continue
        if (child.type === 'text' && !child.value?.trim()) continue
        report('bên trong <Steps> chỉ đặt các <Step title="…">')
        break
      }
      break
    case 'Figure': {
      const src = requireString('src', 'đường dẫn ảnh trong public/images')
      requireString('alt', 'mô tả ảnh cho người không nhìn thấy')
      if (src && (!src.startsWith('/images/') || !existsSync(path.join(ctx.publicDir, src)))) {
        report(`không tìm thấy ảnh ${src} trong public/images`)
      }
      break
    }
    case 'Term': {
      const definition = requireString('definition', 'lời giải thích')
      const word = textOf(node).trim()
      if (!word) report('<Term> cần có từ cần giải thích ở giữa, ví dụ <Term definition="…">OTP</Term>')
      if (definition && word) {
        const id = `tu-${ctx.glossary.length + 1}`
        ctx.glossary.push({ id, word, definition })
        node.attributes = [...(node.attributes ?? []), { type: 'mdxJsxAttribute', name: 'id', value: id }]
      }
      break
    }
    case 'Quiz': {
      requireString('question', 'câu hỏi')
      requireString('explanation', 'giải thích đáp án')
      const choices = attributeValue(node, 'choices')
      let count = 0
      try {
        const parsed: unknown = choices?.kind === 'expression' ? JSON.parse(choices.value) : null
        if (!Array.isArray(parsed) || parsed.length < 2 || !parsed.every((item) => typeof item === 'string')) throw new Error()
        count = parsed.length
      } catch {
        report('<Quiz> cần choices={["…", "…"]}: một danh sách từ 2 lựa chọn, mỗi lựa chọn trong ngoặc kép')
      }
      const answer = attributeValue(node, 'answer')
      const index = answer?.kind === 'expression' ? Number(answer.value) : Number.NaN
      if (!Number.isInteger(index)) report('<Quiz> cần answer={số thứ tự đáp án đúng, đếm từ 0}')
      else if (count && (index < 0 || index >= count)) report(`<Quiz> answer={${index}} nằm ngoài danh sách choices (đếm từ 0)`)
      break
    }
    case 'Simulator': {
      const id = requireString('id', 'mã bài mô phỏng')
      if (id && !ctx.simulatorIds.has(id)) report(`không có bài mô phỏng “${id}” trong content/simulators`)
      break
    }
  }
}

function walk(node: MdastNode, ctx: CheckContext) {
  const line = (node.position?.start.line ?? 1) + ctx.lineOffset
  switch (node.type) {
    case 'mdxJsxFlowElement':
    case 'mdxJsxTextElement':
      checkComponent(node, ctx)
      break
    case 'mdxjsEsm':
      // mdx-bundler adds its own (position-less) frontmatter export.
      if (!node.position) break
      ctx.problems.push({ file: ctx.file, line, message: 'không dùng import/export trong bài học' })
      break
    case 'mdxFlowExpression':
    case 'mdxTextExpression':
      ctx.problems.push({ file: ctx.file, line, message: 'dấu { } có ý nghĩa đặc biệt trong MDX; hãy viết bằng chữ hoặc bỏ đi' })
      break
    case 'heading':
      if (node.depth === 1) ctx.problems.push({ file: ctx.file, line, message: 'dùng ## cho tiêu đề trong bài (tiêu đề bài đã là title)' })
      break
    case 'html':
      ctx.problems.push({ file: ctx.file, line, message: 'không dùng HTML trong bài; hãy viết bằng Markdown' })
      break
    case 'text':
    case 'inlineCode':
      ctx.text.push(node.value ?? '')
      break
  }
  for (const child of node.children ?? []) walk(child, ctx)
  // Blocks (and hard breaks, table cells) end a line, so words never run together.
  if (TEXT_BREAKS.has(node.type)) ctx.text.push('\n')
}

const TEXT_BREAKS = new Set(['paragraph', 'heading', 'listItem', 'tableCell', 'break'])

function remarkCheck(ctx: CheckContext) {
  return () => (tree: MdastNode) => walk(tree, ctx)
}

// mdx-bundler's esbuild calls are not re-entrant friendly on a 2-core
// machine; compiling one lesson at a time keeps memory flat (kentcdodds.com
// queues them the same way).
let queue: Promise<unknown> = Promise.resolve()

export function compileLesson(
  lesson: LessonSource,
  { publicDir, simulatorIds }: { publicDir: string; simulatorIds: Set<string> },
): Promise<{ compiled: CompiledLesson | null; problems: Problem[] }> {
  const run = async () => {
    const ctx: CheckContext = {
      file: lesson.file,
      lineOffset: lesson.bodyStartLine - 1,
      publicDir,
      simulatorIds,
      problems: [],
      glossary: [],
      text: [],
    }
    try {
      const result = await bundleMDX({
        source: lesson.body,
        // Problems are reported through our own list, with file and line.
        esbuildOptions: (options) => ({ ...options, logLevel: 'silent' }),
        mdxOptions(options) {
          options.remarkPlugins = [...(options.remarkPlugins ?? []), remarkCheck(ctx)]
          return options
        },
      })
      if (result.errors.length) {
        for (const error of result.errors) ctx.problems.push({ file: lesson.file, line: (error.location?.line ?? 1) + ctx.lineOffset, message: error.text })
      }
      if (ctx.problems.length) return { compiled: null, problems: ctx.problems }
      // Text nodes carry their own spaces ("Nhấn ", "**OK**", ", rồi"); joining
      // with a space put one before punctuation after bold words or terms.
      const plainText = ctx.text.join('').replace(/[ \t]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim()
      return { compiled: { code: result.code, glossary: ctx.glossary, plainText }, problems: [] }
    } catch (error) {
      const details = error as { errors?: { text: string; location?: { line?: number } }[]; message?: string; line?: number }
      const first = details.errors?.[0]
      const line = (first?.location?.line ?? details.line ?? 1) + ctx.lineOffset
      const message = (first?.text ?? details.message ?? String(error)).split('\n')[0] ?? 'lỗi không rõ'
      return { compiled: null, problems: [...ctx.problems, { file: lesson.file, line, message: `MDX không hợp lệ: ${message}` }] }
    }
  }
  const next = queue.then(run, run)
  queue = next.catch(() => undefined)
  return next
}
