import { expect, test } from 'vitest'
import { daysBetween, endOfVietnamDay, formatVietnamDateTime, formatVietnamDay, isDay, vietnamDay } from '~/lib/dates'

test('a UTC evening is already the next day in Vietnam', () => {
  expect(vietnamDay(new Date('2026-11-30T16:59:59.999Z'))).toBe('2026-11-30')
  expect(vietnamDay(new Date('2026-11-30T17:00:00.000Z'))).toBe('2026-12-01')
})

test('a due day ends at midnight in Vietnam, 17:00 UTC', () => {
  expect(endOfVietnamDay('2026-12-01').toISOString()).toBe('2026-12-01T16:59:59.999Z')
  expect(vietnamDay(endOfVietnamDay('2026-12-31'))).toBe('2026-12-31')
})

test('only real calendar days are days', () => {
  expect(isDay('2026-02-28')).toBe(true)
  expect(isDay('2026-02-29')).toBe(false)
  expect(isDay('2028-02-29')).toBe(true)
  expect(isDay('2026-13-01')).toBe(false)
  expect(isDay('1/12/2026')).toBe(false)
  expect(() => endOfVietnamDay('2026-02-30')).toThrow(RangeError)
})

test('days between counts Vietnamese calendar days', () => {
  expect(daysBetween(new Date('2026-11-30T16:00:00Z'), new Date('2026-11-30T18:00:00Z'))).toBe(1)
  expect(daysBetween(new Date('2026-12-03T00:00:00Z'), new Date('2026-12-01T00:00:00Z'))).toBe(-2)
})

test('dates are written day/month/year', () => {
  expect(formatVietnamDay('2026-01-05')).toBe('05/01/2026')
  expect(formatVietnamDay(new Date('2026-11-30T17:30:00Z'))).toBe('01/12/2026')
})

test('a moment is written dd/mm/yyyy HH:mm in Vietnam, whichever side of UTC midnight', () => {
  expect(formatVietnamDateTime(new Date('2026-11-30T17:30:00Z'))).toBe('01/12/2026 00:30')
  expect(formatVietnamDateTime(new Date('2026-12-04T04:09:59Z'))).toBe('04/12/2026 11:09')
  expect(formatVietnamDateTime(new Date('2026-12-31T16:59:59.999Z'))).toBe('31/12/2026 23:59')
})
