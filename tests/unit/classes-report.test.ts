import { expect, test } from 'vitest'
import {
  bucketByWeek,
  completionPercent,
  formatPercent,
  isoWeekOf,
  niceCeiling,
  recentWeeks,
  weekChartGeometry,
} from '~/classes/report'

test('ISO weeks across the year end', () => {
  expect(isoWeekOf(new Date('2026-01-01T05:00:00Z')).key).toBe('2026-W01')
  // Monday 30/12/2024 already belongs to 2025's first week.
  expect(isoWeekOf(new Date('2024-12-30T05:00:00Z')).key).toBe('2025-W01')
  // Sunday 3/1/2021 is still in 2020's 53rd week.
  expect(isoWeekOf(new Date('2021-01-03T05:00:00Z')).key).toBe('2020-W53')
  // 2026 starts on a Thursday, so it has 53 weeks; Friday 1/1/2027 is in the last.
  expect(isoWeekOf(new Date('2027-01-01T05:00:00Z'))).toMatchObject({ key: '2026-W53', monday: '2026-12-28' })
  expect(isoWeekOf(new Date('2027-01-04T05:00:00Z')).key).toBe('2027-W01')
})

test('weeks start at Monday 00:00 in Vietnam (UTC+7), not in UTC', () => {
  // 17:00 UTC on Sunday is already Monday in Hà Nội.
  const monday = isoWeekOf(new Date('2026-11-22T17:00:00.000Z'))
  expect(monday).toMatchObject({ key: '2026-W48', monday: '2026-11-23' })
  expect(monday.start.toISOString()).toBe('2026-11-22T17:00:00.000Z')
  expect(monday.end.toISOString()).toBe('2026-11-29T17:00:00.000Z')
  const sundayNight = isoWeekOf(new Date('2026-11-22T16:59:59.999Z'))
  expect(sundayNight).toMatchObject({ key: '2026-W47', monday: '2026-11-16' })
  // 01:00 on Monday in Vietnam is still Sunday in UTC.
  expect(isoWeekOf(new Date('2026-11-22T18:00:00Z')).key).toBe('2026-W48')
})

test('the last twelve weeks are contiguous, oldest first, and cross the year end', () => {
  const now = new Date('2027-01-06T03:00:00Z')
  const weeks = recentWeeks(now)
  expect(weeks).toHaveLength(12)
  expect(weeks.at(-1)!.key).toBe('2027-W01')
  expect(weeks.at(-2)!.key).toBe('2026-W53')
  expect(weeks[0]!.key).toBe('2026-W43')
  for (let i = 1; i < weeks.length; i++) expect(weeks[i]!.start.getTime()).toBe(weeks[i - 1]!.end.getTime())
  expect(now >= weeks.at(-1)!.start && now < weeks.at(-1)!.end).toBe(true)
})

test('completions fall into the week of their Vietnamese day', () => {
  const weeks = recentWeeks(new Date('2026-11-25T00:00:00Z'), 2)
  expect(weeks.map((week) => week.key)).toEqual(['2026-W47', '2026-W48'])
  const counts = bucketByWeek(
    [
      new Date('2026-11-22T16:59:59.999Z'), // Sunday 23:59 → W47
      new Date('2026-11-22T17:00:00.000Z'), // Monday 00:00 → W48
      new Date('2026-11-16T00:00:00.000Z'), // Monday 07:00 → W47
      new Date('2026-11-15T16:59:00.000Z'), // Sunday of W46 → outside
      new Date('2026-12-01T00:00:00.000Z'), // later → outside
    ],
    weeks,
  )
  expect(counts).toEqual([2, 1])
})

test('rates: one decimal, never 100 % while someone is missing, never 0 % when someone finished', () => {
  expect(completionPercent(0, 0)).toBeNull()
  expect(completionPercent(0, 10)).toBe(0)
  expect(completionPercent(10, 10)).toBe(100)
  expect(completionPercent(1, 3)).toBe(33.3)
  expect(completionPercent(2, 3)).toBe(66.7)
  expect(completionPercent(99_999, 100_000)).toBe(99.9)
  expect(completionPercent(1, 100_000)).toBe(0.1)
  expect(formatPercent(42.5, 'vi')).toBe('42,5 %')
  expect(formatPercent(42.5, 'en')).toBe('42.5%')
  expect(formatPercent(null, 'vi')).toBe('—')
})

test('chart geometry with no data: flat bars, a single 0 tick, no NaN', () => {
  const geometry = weekChartGeometry(Array(12).fill(0))
  expect(geometry.bars).toHaveLength(12)
  for (const bar of geometry.bars) {
    expect(bar.height).toBe(0)
    expect(bar.y).toBe(geometry.plot.bottom)
    expect(Number.isFinite(bar.x) && Number.isFinite(bar.width)).toBe(true)
  }
  expect(geometry.ticks).toEqual([{ value: 0, y: geometry.plot.bottom }])
  expect(weekChartGeometry([]).bars).toEqual([])
})

test('chart geometry: bars in order, the tallest reaches the scale, ticks are round numbers', () => {
  const geometry = weekChartGeometry([0, 30, 70], { width: 300, height: 100, left: 0, top: 0, right: 0, bottom: 0 })
  expect(geometry.scaleMax).toBe(100)
  expect(geometry.bars.map((bar) => bar.height)).toEqual([0, 30, 70])
  expect(geometry.bars[1]!.x).toBeGreaterThan(geometry.bars[0]!.x)
  expect(geometry.bars[2]!.x + geometry.bars[2]!.width).toBeLessThanOrEqual(300)
  expect(geometry.ticks.map((tick) => tick.value)).toEqual([0, 50, 100])
  // An axis up to 1 has no half-learner tick.
  expect(weekChartGeometry([1]).ticks.map((tick) => tick.value)).toEqual([0, 1])
  expect([0, 1, 3, 10, 11, 47, 200, 201].map(niceCeiling)).toEqual([1, 1, 5, 10, 20, 50, 200, 500])
})

test('the week chart renders without data: an image with a title and description, and a table of every week', async () => {
  const { createElement } = await import('react')
  const { renderToStaticMarkup } = await import('react-dom/server')
  const { WeekChart } = await import('~/ui/week-chart')
  const html = renderToStaticMarkup(
    createElement(WeekChart, {
      id: 'w',
      title: 'Lượt hoàn thành theo tuần',
      description: 'Chưa có lượt hoàn thành nào.',
      bars: Array.from({ length: 12 }, (_, index) => ({ label: String(index + 1), name: `Tuần ${index + 1}`, value: 0 })),
      tableToggle: 'Xem số liệu dạng bảng',
      columnHeader: 'Tuần',
      valueHeader: 'Lượt hoàn thành',
      formatNumber: (value: number) => String(value),
    }),
  )
  expect(html).toContain('role="img"')
  expect(html).toContain('aria-labelledby="w-title w-desc"')
  expect(html).toContain('<title id="w-title">Lượt hoàn thành theo tuần</title>')
  expect(html).toContain('<desc id="w-desc">Chưa có lượt hoàn thành nào.</desc>')
  expect(html).toContain('viewBox="0 0 360 200"')
  expect(html.match(/<th scope="row">/g)).toHaveLength(12)
  expect(html).toContain('<summary>Xem số liệu dạng bảng</summary>')
  expect(html).not.toContain('NaN')
})
