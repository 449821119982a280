// Calendar days as people in Vietnam read them. Asia/Ho_Chi_Minh is UTC+7
// all year (no daylight saving since 1975), so a fixed offset is exact and
// needs no time-zone database.
const OFFSET_MS = 7 * 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** A real calendar date written YYYY-MM-DD. */
export function isDay(value: string): boolean {
  const match = DAY.exec(value)
  if (!match) return false
  const [, year, month, day] = match.map(Number) as [number, number, number, number]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

function startOfDayUtc(day: string): number {
  if (!isDay(day)) throw new RangeError(`Not a calendar day (YYYY-MM-DD): ${day}`)
  const [year, month, date] = day.split('-').map(Number) as [number, number, number]
  return Date.UTC(year, month - 1, date) - OFFSET_MS
}

/** "Due 1/12" means until the end of that day in Vietnam: 23:59:59.999 UTC+7. */
export function dueAtFromDay(day: string): Date {
  return new Date(startOfDayUtc(day) + DAY_MS - 1)
}

/** The first instant of the day in Vietnam (00:00 UTC+7). */
export function startOfDay(day: string): Date {
  return new Date(startOfDayUtc(day))
}

/** The calendar day (YYYY-MM-DD) in Vietnam at this instant. */
export function dayOf(date: Date): string {
  return new Date(date.getTime() + OFFSET_MS).toISOString().slice(0, 10)
}

/** 2026-11-12 → 12/11/2026, the order Vietnamese readers expect. */
export function formatDay(day: string): string {
  const [year, month, date] = day.split('-')
  return `${date}/${month}/${year}`
}
