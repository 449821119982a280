import { type Submission } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'
import { toNFC } from './text'

// Every form a route reads goes through readForm (or readFormData), so one
// rule bounds what a post may hold, whatever its schema says:
// - each text field is at most DEFAULT_MAX_FIELD_CHARS characters, unless the
//   route opts in to more for that field (the roster paste); an over-long
//   value is dropped there and then, so it is never used cut short and never
//   echoed back into the page (Conform's reply returns what was posted);
// - at most DEFAULT_MAX_FIELDS entries, unless the route opts in (attendance);
// - field names are the plain kind our forms use. Conform reads "a[5]" as a
//   list index and "__intent__" as JSON, so one tiny field named
//   "x[99999999]" made a reply of 500 MB.
// Files are bounded by the server's body limit and by uploadedText.
// - every text value is NFC: a phone keyboard may send "ễ" as e + two
//   combining marks, which would be stored as typed and then miss an NFC
//   search, a duplicate check or a sort. Limits count the normalised text.
export const DEFAULT_MAX_FIELD_CHARS = 2000
export const DEFAULT_MAX_FIELDS = 100
const FIELD_NAME = /^[A-Za-z0-9][A-Za-z0-9_:-]{0,99}$/

export type FormLimits = { maxFieldChars?: Record<string, number>; maxFields?: number }

/** The fields that passed, and the names of those over their limit (with that limit). */
export type SubmittedForm = { data: FormData; tooLong: Record<string, number> }

const INVALID_MESSAGE = 'Yêu cầu không hợp lệ. Vui lòng tải lại trang và thử lại.'

function refuse(status: number, message: string): Response {
  return new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
}

// A body that is not a form (truncated upload, wrong content type, a bot) or
// breaks the rules above is the client's mistake: 400 — the error page on UI
// routes, a plain sentence on resource routes — never a 500.
export async function readForm(request: Request, limits: FormLimits = {}): Promise<SubmittedForm> {
  let posted: FormData
  try {
    posted = await request.formData()
  } catch {
    throw refuse(400, INVALID_MESSAGE)
  }
  const form = screenFields(posted.entries(), limits)
  if (!form) throw refuse(400, INVALID_MESSAGE)
  return form
}

/** The rule itself, for a form parsed elsewhere (the simulator step cache): null when refused outright. */
export function screenFields(
  entries: Iterable<[string, FormDataEntryValue]>,
  { maxFieldChars = {}, maxFields = DEFAULT_MAX_FIELDS }: FormLimits = {},
): SubmittedForm | null {
  const data = new FormData()
  const tooLong: Record<string, number> = {}
  let count = 0
  for (const [name, posted] of entries) {
    if (++count > maxFields || !FIELD_NAME.test(name)) return null
    const value = typeof posted === 'string' ? toNFC(posted) : posted
    if (typeof value === 'string') {
      const max = Object.hasOwn(maxFieldChars, name) ? maxFieldChars[name]! : DEFAULT_MAX_FIELD_CHARS
      if (value.length > max) {
        tooLong[name] = max
        continue
      }
    }
    data.append(name, value)
  }
  return { data, tooLong }
}

/**
 * For routes that read fields by hand: the form, or a 413 when a field is
 * over its limit (nothing is ever read cut short).
 */
export async function readFormData(request: Request, limits: FormLimits = {}): Promise<FormData> {
  const { data, tooLong } = await readForm(request, limits)
  const limit = Object.values(tooLong)[0]
  if (limit !== undefined) {
    throw refuse(413, `Nội dung quá dài (tối đa ${limit} ký tự). Vui lòng rút ngắn rồi gửi lại.`)
  }
  return data
}

/** The message key (with its limit) a field over its limit gets. */
export function tooLongError(max: number): string {
  return `validation.tooLongChars|max=${max}`
}

// The top-level names a schema knows, when it says (objects and unions of
// them): anything else posted is left out of the reply.
function knownNames(schema: z.ZodType): Set<string> | null {
  if (schema instanceof z.ZodObject) return new Set(Object.keys(schema.shape))
  if (schema instanceof z.ZodDiscriminatedUnion) {
    const names = new Set<string>()
    for (const option of schema.options as z.ZodType[]) {
      const known = knownNames(option)
      if (!known) return null
      for (const name of known) names.add(name)
    }
    return names
  }
  return null
}

type FormSubmission<Schema extends z.ZodType> = Submission<z.input<Schema>, string[], z.output<Schema>>

/**
 * Conform's parseWithZod for a form read by readForm: a field over its limit
 * fails the submission with "Nội dung quá dài (tối đa N ký tự)" under that
 * field (or above the form, for a name the schema does not know), and the
 * reply echoes neither it nor fields the schema does not know.
 */
export function parseSubmission<Schema extends z.ZodType>(form: SubmittedForm, schema: Schema): FormSubmission<Schema> {
  const submission = parseWithZod(form.data, { schema }) as FormSubmission<Schema>
  const known = knownNames(schema)
  const unknown = known ? Object.keys(submission.payload).filter((name) => !known.has(name)) : []
  const fieldErrors: Record<string, string[]> = {}
  const formErrors: string[] = []
  for (const [name, max] of Object.entries(form.tooLong)) {
    if (!known || known.has(name)) fieldErrors[name] = [tooLongError(max)]
    else if (!formErrors.length) formErrors.push(tooLongError(max))
  }
  const failed = formErrors.length > 0 || Object.keys(fieldErrors).length > 0
  if (!unknown.length && !failed) return submission

  const reply: FormSubmission<Schema>['reply'] = (options = {}) => {
    if ('resetForm' in options && options.resetForm) return submission.reply(options)
    const given = options as { formErrors?: string[]; fieldErrors?: Record<string, string[]>; hideFields?: string[] }
    const merged: typeof given = { ...given, hideFields: [...(given.hideFields ?? []), ...unknown] }
    const allFormErrors = [...(given.formErrors ?? []), ...formErrors]
    if (allFormErrors.length) merged.formErrors = allFormErrors
    const allFieldErrors = { ...given.fieldErrors, ...fieldErrors }
    if (Object.keys(allFieldErrors).length) merged.fieldErrors = allFieldErrors
    return submission.reply(merged)
  }
  if (!failed) return { ...submission, reply }
  const error = {
    ...(submission.status === 'success' ? {} : submission.error),
    ...fieldErrors,
    ...(formErrors.length ? { '': formErrors } : {}),
  }
  return { status: 'error', payload: submission.payload, error, reply }
}

// Below the server's 1 MB body limit, with room for the multipart envelope.
export const MAX_UPLOAD_BYTES = 900 * 1024

export type UploadedText = { ok: true; text: string } | { ok: false; error: 'missing' | 'too-large' | 'not-text' }

/** A small uploaded text file (CSV), decoded strictly as UTF-8. */
export async function uploadedText(value: FormDataEntryValue | null): Promise<UploadedText> {
  if (!(value instanceof File) || value.size === 0) return { ok: false, error: 'missing' }
  if (value.size > MAX_UPLOAD_BYTES) return { ok: false, error: 'too-large' }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(await value.arrayBuffer()) }
  } catch {
    return { ok: false, error: 'not-text' }
  }
}
