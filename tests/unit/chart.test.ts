import { expect, test } from 'vitest'
import { tickStep, weekChartGeometry } from '~/lib/chart'

// The label of each tick must be the value drawn at its height: a bar of
// exactly that value reaches the tick's line.
test.each([0, 1, 2, 3, 5, 7, 10, 99, 100, 12345])('axis with a maximum of %i: every tick is labelled with the value at its height', (max) => {
  const geometry = weekChartGeometry([max, 0])
  const { plot, scaleMax, ticks } = geometry
  const plotHeight = plot.bottom - plot.top
  if (max === 0) {
    expect(ticks).toEqual([{ value: 0, y: plot.bottom }])
    return
  }
  expect(scaleMax).toBeGreaterThanOrEqual(max)
  expect(ticks[0]).toEqual({ value: 0, y: plot.bottom })
  expect(ticks.at(-1)).toEqual({ value: scaleMax, y: plot.top })
  for (const tick of ticks) {
    expect(Number.isInteger(tick.value)).toBe(true)
    const valueAtHeight = ((plot.bottom - tick.y) / plotHeight) * scaleMax
    expect(valueAtHeight).toBeCloseTo(tick.value, 1)
    // A bar of the tick's value ends on the tick's line.
    const [bar] = weekChartGeometry([tick.value, scaleMax]).bars
    expect(bar!.y).toBeCloseTo(tick.y, 1)
  }
  // Evenly spaced, increasing, and few enough to read.
  const gaps = ticks.slice(1).map((tick, index) => tick.value - ticks[index]!.value)
  expect(new Set(gaps).size).toBe(1)
  expect(ticks.length).toBeGreaterThanOrEqual(2)
  expect(ticks.length).toBeLessThanOrEqual(6)
})

test('the reported cases: an axis up to 1 has its 1 at the top, an axis up to 5 has no 3 at half height', () => {
  const one = weekChartGeometry([1])
  expect(one.ticks).toEqual([
    { value: 0, y: one.plot.bottom },
    { value: 1, y: one.plot.top },
  ])
  const five = weekChartGeometry([5])
  expect(five.ticks.map((tick) => tick.value)).toEqual([0, 1, 2, 3, 4, 5])
  expect([1, 2, 5, 10, 20, 50, 100, 20000].map(tickStep)).toEqual([1, 1, 1, 5, 10, 10, 50, 10000])
})
