// Vietnam keeps UTC+7 all year (no daylight saving), so calendar days there
// are fixed offsets from UTC. Due dates and certificate dates are days in
// Asia/Ho_Chi_Minh whatever the server's own time zone is.
const OFFSET_MS = 7 * 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

/** The calendar day (YYYY-MM-DD) in Vietnam at this instant. */
export function vietnamDay(date: Date): string {
  return new Date(date.getTime() + OFFSET_MS).toISOString().slice(0, 10)
}

/** Whether text is a real calendar day written YYYY-MM-DD. */
export function isDay(text: string): boolean {
  const match = DAY_PATTERN.exec(text)
  if (!match) return false
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
  return date.toISOString().slice(0, 10) === text
}

/** The first instant of that day in Vietnam (00:00 UTC+7). */
export function startOfVietnamDay(day: string): Date {
  if (!isDay(day)) throw new RangeError(`Not a day: ${day}`)
  return new Date(Date.parse(`${day}T00:00:00Z`) - OFFSET_MS)
}

/** The last millisecond of that day in Vietnam: "due 1/12" means until midnight there. */
export function endOfVietnamDay(day: string): Date {
  return new Date(startOfVietnamDay(day).getTime() + DAY_MS - 1)
}

/** Whole days from a's Vietnamese day to b's (negative when b is earlier). */
export function daysBetween(a: Date, b: Date): number {
  return Math.round((Date.parse(vietnamDay(b)) - Date.parse(vietnamDay(a))) / DAY_MS)
}

/** 23/11/2026 — how Vietnamese documents write a date. */
export function formatVietnamDay(date: Date | string): string {
  const day = typeof date === 'string' ? date : vietnamDay(date)
  const [year, month, dayOfMonth] = day.split('-')
  return `${dayOfMonth}/${month}/${year}`
}

/** 04/12/2026 11:09 — a moment as a Vietnamese reader writes it, in Vietnam's time (24-hour clock). */
export function formatVietnamDateTime(date: Date): string {
  const local = new Date(date.getTime() + OFFSET_MS).toISOString()
  return `${formatVietnamDay(local.slice(0, 10))} ${local.slice(11, 16)}`
}
