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
