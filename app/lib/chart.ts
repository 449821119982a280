// Geometry of a simple bar chart in SVG user units, kept apart from the
// drawing so it can be tested without rendering.

export type ChartBar = {
  x: number
  y: number
  width: number
  height: number
  value: number
  /** Horizontal middle, for the label under the bar. */
  center: number
}
export type ChartTick = { value: number; y: number }
export type ChartGeometry = {
  width: number
  height: number
  plot: { left: number; top: number; right: number; bottom: number }
  scaleMax: number
  bars: ChartBar[]
  ticks: ChartTick[]
}

export type ChartOptions = { width?: number; height?: number; left?: number; top?: number; right?: number; bottom?: number }

/** The smallest 1, 2 or 5 × 10ⁿ at or above `value` (at least 1). */
export function niceCeiling(value: number): number {
  if (!(value > 1)) return 1
  const power = 10 ** Math.floor(Math.log10(value))
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power
  return 10 * power
}

/**
 * Bars in a viewBox of `width` × `height` user units, with room on the left
 * for the axis numbers and below for the week labels. With no data every bar
 * is flat on the axis and the only tick is 0 (an axis up to 1 would suggest
 * a figure that does not exist).
 */
export function weekChartGeometry(values: readonly number[], options: ChartOptions = {}): ChartGeometry {
  // Room on the left for a six-digit axis number ("100.000") at 11 units.
  const { width = 360, height = 200, left = 52, top = 12, right = 8, bottom = 28 } = options
  const plot = { left, top, right: width - right, bottom: height - bottom }
  const plotHeight = plot.bottom - plot.top
  const max = values.reduce((highest, value) => Math.max(highest, value), 0)
  const scaleMax = niceCeiling(max)
  const slot = values.length ? (plot.right - plot.left) / values.length : 0
  const barWidth = slot * 0.7
  const bars = values.map((value, index) => {
    const barHeight = max > 0 ? (Math.max(0, value) / scaleMax) * plotHeight : 0
    const x = plot.left + index * slot + (slot - barWidth) / 2
    return {
      x: round(x),
      center: round(x + barWidth / 2),
      y: round(plot.bottom - barHeight),
      width: round(barWidth),
      height: round(barHeight),
      value,
    }
  })
  // Every tick sits at the height of its own value: the ticks are whole
  // multiples of a step that divides the scale exactly, so no label is a
  // rounded share of it (an axis up to 5 has no "3" at 2.5).
  const step = tickStep(scaleMax)
  const ticks: ChartTick[] =
    max > 0
      ? Array.from({ length: Math.round(scaleMax / step) + 1 }, (_, index) => {
          const value = index * step
          return { value, y: round(plot.bottom - (value / scaleMax) * plotHeight) }
        })
      : [{ value: 0, y: plot.bottom }]
  return { width, height, plot, scaleMax, bars, ticks }
}

/**
 * The whole-number gap between ticks on an axis from 0 to `scaleMax` (a
 * niceCeiling value): 1 → 1 (0, 1), 2·10ⁿ → 10ⁿ (three ticks), 5·10ⁿ → 10ⁿ
 * (six ticks), 10ⁿ → 10ⁿ/2 (three ticks). Always divides `scaleMax`, and
 * never a fraction, since the chart counts people.
 */
export function tickStep(scaleMax: number): number {
  if (!(scaleMax > 1)) return 1
  const power = 10 ** Math.floor(Math.log10(scaleMax))
  const lead = Math.round(scaleMax / power)
  if (lead === 1) return power / 2
  return power
}

function round(value: number) {
  return Math.round(value * 100) / 100
}
