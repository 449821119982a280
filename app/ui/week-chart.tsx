import { weekChartGeometry } from '~/lib/chart'

export type WeekChartBar = {
  /** Short label under the bar, e.g. the week number. */
  label: string
  /** What the bar is, in words, for the data table and the tooltip. */
  name: string
  value: number
}

type WeekChartProps = {
  id: string
  title: string
  /** One or two sentences a screen reader reads instead of the picture. */
  description: string
  bars: WeekChartBar[]
  tableToggle: string
  columnHeader: string
  valueHeader: string
  formatNumber: (value: number) => string
}

// A bar chart drawn on the server as SVG: no JavaScript, no library. The
// picture scales to its container through the viewBox (down to 360 px
// phones); the same figures sit in a real table under it for screen readers,
// large text and anyone who prefers numbers. Colours come from the site's
// palette variables, so the high-contrast preference applies here too.
export function WeekChart({ id, title, description, bars, tableToggle, columnHeader, valueHeader, formatNumber }: WeekChartProps) {
  const geometry = weekChartGeometry(bars.map((bar) => bar.value))
  const { plot } = geometry
  const titleId = `${id}-title`
  const descId = `${id}-desc`
  return (
    <figure className="week-chart">
      <svg
        className="week-chart__svg"
        viewBox={`0 0 ${geometry.width} ${geometry.height}`}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={titleId}>{title}</title>
        <desc id={descId}>{description}</desc>
        {geometry.ticks.map((tick) => (
          <g key={tick.value}>
            <line className="week-chart__grid" x1={plot.left} x2={plot.right} y1={tick.y} y2={tick.y} />
            <text className="week-chart__axis" x={plot.left - 6} y={tick.y} textAnchor="end" dominantBaseline="middle">
              {formatNumber(tick.value)}
            </text>
          </g>
        ))}
        {geometry.bars.map((bar, index) => (
          <g key={bars[index]!.name}>
            <rect className="week-chart__bar" x={bar.x} y={bar.y} width={bar.width} height={bar.height}>
              <title>{`${bars[index]!.name}: ${formatNumber(bar.value)}`}</title>
            </rect>
            <text className="week-chart__axis" x={bar.center} y={plot.bottom + 16} textAnchor="middle">
              {bars[index]!.label}
            </text>
          </g>
        ))}
        <line className="week-chart__baseline" x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} />
      </svg>
      <details className="week-chart__data">
        <summary>{tableToggle}</summary>
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{columnHeader}</th>
                <th scope="col" className="numeric">
                  {valueHeader}
                </th>
              </tr>
            </thead>
            <tbody>
              {bars.map((bar) => (
                <tr key={bar.name}>
                  <th scope="row">{bar.name}</th>
                  <td className="numeric">{formatNumber(bar.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  )
}
