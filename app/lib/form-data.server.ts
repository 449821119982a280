// A body that is not a form (truncated upload, wrong content type, a bot)
// is the client's mistake: answer 400 — the error page on UI routes, a plain
// sentence on resource routes — never a 500.
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData()
  } catch {
    throw new Response('Yêu cầu không hợp lệ. Vui lòng tải lại trang và thử lại.', {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    })
  }
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
