import { z } from 'zod'

// The content formats of content/README.md. Messages are in Vietnamese
// because the people fixing content are lesson authors.
const Slug = z
  .string({ error: 'thiếu slug' })
  .max(80, 'slug quá dài (tối đa 80 ký tự)')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'slug chỉ gồm chữ thường không dấu, số và dấu gạch ngang (ví dụ: muc-1-va-muc-2)')

const Text = (what: string, max: number) =>
  z
    .string({
      error: (issue) =>
        issue.input === undefined || issue.input === null
          ? `thiếu ${what}`
          : `${what} phải là chữ; nếu câu có dấu hai chấm (: ) hãy đặt cả câu trong ngoặc kép`,
    })
    .trim()
    .min(1, `thiếu ${what}`)
    .max(max, `${what} quá dài (tối đa ${max} ký tự)`)
    .refine((value) => value === value.normalize('NFC'), `${what} chưa ở dạng Unicode NFC (gõ lại dấu tiếng Việt)`)

export const AUDIENCES = ['residents', 'civil-servants', 'both'] as const
export type Audience = (typeof AUDIENCES)[number]

export const CourseSchema = z
  .object({
    slug: Slug,
    title: Text('tên khoá học (title)', 120),
    summary: Text('tóm tắt (summary)', 400),
    audience: z.enum(AUDIENCES, { error: 'audience phải là residents, civil-servants hoặc both' }),
    order: z.number({ error: 'order phải là một số' }).int('order phải là số nguyên').min(1, 'order nhỏ nhất là 1'),
    updated: z
      .string({ error: 'thiếu updated (YYYY-MM)' })
      .max(7, 'updated phải có dạng YYYY-MM, ví dụ 2026-11')
      .regex(/^20\d\d-(0[1-9]|1[0-2])$/, 'updated phải có dạng YYYY-MM, ví dụ 2026-11'),
    outcomes: z
      .array(Text('mục tiêu (outcomes)', 200), { error: 'outcomes phải là một danh sách' })
      .min(3, 'cần ít nhất 3 mục trong outcomes')
      .max(6, 'tối đa 6 mục trong outcomes'),
    completion: z
      .object(
        {
          lessons: z.literal('all', { error: 'completion.lessons hiện chỉ nhận giá trị all' }),
          quizPassPercent: z
            .number({ error: 'completion.quizPassPercent phải là một số' })
            .int()
            .min(0, 'quizPassPercent từ 0 đến 100')
            .max(100, 'quizPassPercent từ 0 đến 100'),
          simulators: z.array(Slug).default([]),
        },
        { error: 'thiếu completion' },
      )
      .strict(),
    certificate: z.boolean({ error: 'certificate phải là true hoặc false' }),
  })
  .strict()

export type Course = z.infer<typeof CourseSchema>

export const LessonFrontmatterSchema = z
  .object({
    slug: Slug,
    title: Text('tiêu đề bài (title)', 120),
    summary: Text('tóm tắt bài (summary)', 300),
    minutes: z
      .number({ error: 'minutes phải là một số' })
      .int('minutes phải là số nguyên')
      .min(5, 'một bài học dài 5–10 phút')
      .max(10, 'một bài học dài 5–10 phút'),
    objectives: z
      .array(Text('mục tiêu bài (objectives)', 200), { error: 'objectives phải là một danh sách' })
      .min(1, 'cần ít nhất 1 mục tiêu')
      .max(4, 'tối đa 4 mục tiêu'),
  })
  .strict()

export type LessonFrontmatter = z.infer<typeof LessonFrontmatterSchema>

export const QuizQuestionSchema = z
  .object({
    id: Slug,
    prompt: Text('câu hỏi (prompt)', 400),
    choices: z
      .array(Text('lựa chọn (choices)', 300), { error: 'choices phải là một danh sách' })
      .min(2, 'cần 2–5 lựa chọn')
      .max(5, 'cần 2–5 lựa chọn'),
    answer: z.number({ error: 'answer phải là số thứ tự của đáp án đúng (bắt đầu từ 0)' }).int(),
    explanation: Text('giải thích (explanation)', 600),
  })
  .strict()
  .refine((question) => question.answer >= 0 && question.answer < question.choices.length, {
    path: ['answer'],
    message: 'answer nằm ngoài danh sách choices (đếm từ 0)',
  })

export const QuizSchema = z
  .object({
    questions: z.array(QuizQuestionSchema, { error: 'questions phải là một danh sách' }).min(8, 'bài kiểm tra cần ít nhất 8 câu hỏi'),
  })
  .strict()
  .superRefine((quiz, ctx) => {
    const seen = new Map<string, number>()
    quiz.questions.forEach((question, index) => {
      const first = seen.get(question.id)
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['questions', index, 'id'], message: `id “${question.id}” bị trùng với câu ${first + 1}` })
      } else seen.set(question.id, index)
    })
  })

export type Quiz = z.infer<typeof QuizSchema>
export type QuizQuestion = Quiz['questions'][number]

export const CALLOUT_TYPES = ['tip', 'warning', 'danger'] as const
export const LESSON_COMPONENTS = ['Callout', 'Steps', 'Step', 'Figure', 'Term', 'Quiz', 'Simulator'] as const
