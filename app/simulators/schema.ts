import { z } from 'zod'

// A simulator scenario is data (content/simulators/<id>.yaml): screens made
// of a small widget vocabulary, and an ordered list of steps. Messages are in
// Vietnamese because scenario authors fix them.
const Id = z
  .string({ error: 'thiếu id' })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'id chỉ gồm chữ thường không dấu, số và dấu gạch ngang')

const Text = (what: string, max = 400) =>
  z
    .string({
      error: (issue) =>
        issue.input === undefined ? `thiếu ${what}` : `${what} phải là chữ; nếu có dấu hai chấm (: ) hãy đặt cả câu trong ngoặc kép`,
    })
    .trim()
    .min(1, `thiếu ${what}`)
    .max(max, `${what} quá dài (tối đa ${max} ký tự)`)

const Item = z.object({ id: Id, label: Text('nhãn (label)', 120), detail: Text('mô tả (detail)', 200).optional() }).strict()

const base = { id: Id.optional() }

// Widgets people act on need an id; decorative ones do not.
export const WidgetSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('text'), ...base, text: Text('nội dung (text)', 600) }).strict(),
    z.object({ type: z.literal('card'), ...base, title: Text('tiêu đề (title)', 120), text: Text('nội dung (text)', 600).optional(), fields: z.array(z.object({ label: Text('nhãn', 80), value: Text('giá trị', 120) }).strict()).optional() }).strict(),
    z.object({ type: z.literal('button'), id: Id, label: Text('nhãn nút (label)', 80), variant: z.enum(['primary', 'secondary', 'danger']).default('primary') }).strict(),
    z.object({ type: z.literal('menu'), id: Id, items: z.array(Item).min(2, 'menu cần ít nhất 2 mục') }).strict(),
    z.object({ type: z.literal('list'), id: Id, items: z.array(Item).min(1, 'list cần ít nhất 1 mục') }).strict(),
    z.object({ type: z.literal('tabs'), id: Id, items: z.array(Item).min(2, 'tabs cần ít nhất 2 mục') }).strict(),
    z.object({ type: z.literal('input'), id: Id, label: Text('nhãn ô nhập (label)', 120), placeholder: Text('gợi ý', 80).optional(), inputMode: z.enum(['text', 'numeric', 'tel', 'email']).default('text') }).strict(),
    z.object({ type: z.literal('textarea'), id: Id, label: Text('nhãn ô nhập (label)', 120) }).strict(),
    z.object({ type: z.literal('password'), id: Id, label: Text('nhãn ô mật khẩu (label)', 120) }).strict(),
    z.object({ type: z.literal('pin'), id: Id, label: Text('nhãn passcode (label)', 120), length: z.number().int().min(4).max(8).default(6) }).strict(),
    z.object({ type: z.literal('otp'), id: Id, label: Text('nhãn ô OTP (label)', 120), length: z.number().int().min(4).max(8).default(6) }).strict(),
    z.object({ type: z.literal('date'), id: Id, label: Text('nhãn ngày (label)', 120) }).strict(),
    z.object({ type: z.literal('select'), id: Id, label: Text('nhãn (label)', 120), options: z.array(Item).min(2, 'select cần ít nhất 2 lựa chọn') }).strict(),
    z.object({ type: z.literal('checkbox'), id: Id, label: Text('nhãn ô đánh dấu (label)', 300) }).strict(),
    z.object({ type: z.literal('upload'), id: Id, label: Text('nhãn (label)', 120), samples: z.array(Item).min(2, 'upload cần ít nhất 2 tệp mẫu') }).strict(),
    z.object({ type: z.literal('qr'), id: Id, label: Text('nhãn (label)', 120), mode: z.enum(['show', 'scan']) }).strict(),
    z.object({ type: z.literal('map'), id: Id, label: Text('nhãn (label)', 120), places: z.array(Item).min(2, 'map cần ít nhất 2 địa điểm') }).strict(),
    z.object({ type: z.literal('dialog'), ...base, title: Text('tiêu đề hộp thoại', 120), text: Text('nội dung hộp thoại', 600) }).strict(),
    z.object({ type: z.literal('toast'), ...base, text: Text('nội dung thông báo', 300), tone: z.enum(['info', 'success', 'error']).default('info') }).strict(),
    z.object({ type: z.literal('timeline'), ...base, items: z.array(z.object({ label: Text('nhãn', 120), status: z.enum(['done', 'current', 'todo']) }).strict()).min(2) }).strict(),
  ],
  { error: (issue) => (issue.code === 'invalid_union' ? 'type không hợp lệ: dùng text, card, button, menu, list, tabs, input, textarea, password, pin, otp, date, select, checkbox, upload, qr, map, dialog, toast, timeline' : undefined) },
)

export type Widget = z.infer<typeof WidgetSchema>
export type WidgetType = Widget['type']

export const ValueSchema = z.union([
  z.object({ exact: z.string() }).strict(),
  z.object({ pattern: z.string() }).strict(),
  z.object({ oneOf: z.array(z.string()).min(1) }).strict(),
])
export type ValueMatcher = z.infer<typeof ValueSchema>

const Match = z.object({ target: Id, value: ValueSchema.optional() }).strict()

export const StepSchema = z
  .object({
    id: Id,
    screen: Id,
    instruction: Text('hướng dẫn (instruction)', 400),
    hint: Text('gợi ý (hint)', 400),
    expect: Match,
    // Shown after a right action, before the next screen (e.g. "the app sent an OTP").
    success: Text('thông báo khi làm đúng (success)', 400).optional(),
    // `example` is a value that a `pattern` matches: tests play it, authors read it.
    mistakes: z
      .array(z.object({ target: Id.optional(), value: ValueSchema.optional(), example: z.string().optional(), feedback: Text('phản hồi khi làm sai (feedback)', 400) }).strict(), { error: 'mistakes phải là một danh sách' })
      .default([]),
    // An alternative action that is not a mistake but leads elsewhere (an error path).
    branches: z
      .array(z.object({ target: Id, value: ValueSchema.optional(), example: z.string().optional(), goto: Id, feedback: Text('phản hồi (feedback)', 400) }).strict(), { error: 'branches phải là một danh sách' })
      .default([]),
    next: Id.optional(),
    end: z.boolean().default(false),
  })
  .strict()

export type Step = z.infer<typeof StepSchema>

export const SYSTEMS = ['vneid', 'portal', 'feedback'] as const

export const ScenarioSchema = z
  .object({
    id: Id,
    title: Text('tên bài mô phỏng (title)', 120),
    summary: Text('tóm tắt (summary)', 300),
    system: z.enum(SYSTEMS, { error: 'system phải là vneid, portal hoặc feedback' }),
    device: z.enum(['phone', 'browser'], { error: 'device phải là phone hoặc browser' }),
    minutes: z.number().int().min(1).max(20),
    // The situation, told before the first screen.
    intro: Text('tình huống (intro)', 800),
    // The fake data the learner is told to use; shown beside the screen.
    practiceData: z.array(z.object({ label: Text('nhãn', 80), value: Text('giá trị', 120) }).strict()).default([]),
    screens: z
      .array(z.object({ id: Id, title: Text('tiêu đề màn hình (title)', 80), address: Text('địa chỉ trang', 120).optional(), widgets: z.array(WidgetSchema).min(1, 'màn hình cần ít nhất 1 thành phần') }).strict())
      .min(1),
    steps: z.array(StepSchema).min(3, 'cần ít nhất 3 bước'),
  })
  .strict()

export type Scenario = z.infer<typeof ScenarioSchema>
export type Screen = Scenario['screens'][number]
