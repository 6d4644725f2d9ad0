import {
  BarController,
  BarElement,
  CategoryScale,
  Chart as ChartJs,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip
} from 'chart.js'
import { useEffect, useId, useRef } from 'react'
import { DataTable, type Column } from '../../components/DataTable'
import { chartSummary, type ChartSpec, type ChartTone } from './chartModel'

// Only the pieces these charts use, so the rest of Chart.js stays out of the bundle.
ChartJs.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Legend,
  Tooltip
)

/** The outcome colours match the log's severities: green added, blue changed, red removed, grey unchanged. */
const toneColours: Record<ChartTone, string> = {
  added: '#12703a',
  changed: '#0b5cad',
  removed: '#b42318',
  unchanged: '#9aa3b2',
  primary: '#0b5cad'
}

/** A bar per object type needs room for its label; a line chart has a fixed height. */
const canvasHeight = (spec: ChartSpec): number =>
  spec.kind === 'bar' ? Math.max(120, 70 + 20 * spec.labels.length) : 240

/**
 * A chart with a visible caption. The canvas is an image whose accessible name summarises the data, and
 * the full data is a table under "Show data" for anyone who would rather read than look.
 */
export function Chart({ spec }: { spec: ChartSpec }) {
  const canvas = useRef<HTMLCanvasElement>(null)
  const captionId = useId()

  useEffect(() => {
    if (!canvas.current) return
    const valueAxis = {
      stacked: spec.stacked,
      beginAtZero: true,
      title: { display: true, text: spec.unit }
    }
    const categoryAxis = { stacked: spec.stacked, ticks: { autoSkip: true } }
    const chart = new ChartJs(canvas.current, {
      type: spec.kind,
      data: {
        labels: spec.labels,
        datasets: spec.series.map((series) => ({
          label: series.label,
          data: series.values,
          backgroundColor: toneColours[series.tone],
          borderColor: toneColours[series.tone],
          spanGaps: true
        }))
      },
      options: {
        // Bars lie down: object type names are long and a device has dozens of types.
        indexAxis: spec.kind === 'bar' ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        // Charts redraw on every run that finishes; animation would only delay reading them.
        animation: false,
        plugins: { legend: { display: spec.series.length > 1 } },
        scales: spec.kind === 'bar' ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis }
      }
    })
    return () => chart.destroy()
  }, [spec])

  return (
    <figure className="chart" aria-labelledby={captionId}>
      <figcaption id={captionId}>{spec.caption}</figcaption>
      <div className="chart-canvas" style={{ height: canvasHeight(spec) }}>
        <canvas ref={canvas} role="img" aria-label={chartSummary(spec)} />
      </div>
      <details>
        <summary>Show data</summary>
        <DataTable
          caption={spec.caption}
          columns={[
            { header: spec.axisLabel, rowHeader: true, cell: (index: number) => spec.labels[index] },
            ...spec.series.map((series): Column<number> => ({
              header: series.label,
              numeric: true,
              cell: (index) => series.values[index] ?? '–'
            }))
          ]}
          rows={spec.labels.map((_, index) => index)}
          rowKey={(index) => spec.labels[index]}
        />
      </details>
    </figure>
  )
}
