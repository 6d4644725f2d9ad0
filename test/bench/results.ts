// One place every benchmark scenario reports through: a line per figure on stdout and an entry in
// bench-results.json at the repository root (scripts/bench.mjs empties it before the scenarios run;
// each scenario file runs in its own process, so entries are appended, never held in memory).
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const quick = process.env.BENCH_QUICK === '1'

/** Scales a full-size figure to `--quick` (a tenth). */
export const scaled = (full: number): number => (quick ? Math.round(full / 10) : full)

export interface BenchResult {
  scenario: string
  metric: string
  value: number
  unit: string
  floor?: number
  ratio?: number
  target?: string
  pass?: boolean
}

const RESULTS_FILE = fileURLToPath(new URL('../../bench-results.json', import.meta.url))

function append(result: BenchResult): void {
  const existing = existsSync(RESULTS_FILE)
    ? (JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as BenchResult[])
    : []
  writeFileSync(RESULTS_FILE, `${JSON.stringify([...existing, result], null, 2)}\n`)
}

export type Reporter = (
  metric: string,
  value: number,
  unit: string,
  extra?: Omit<BenchResult, 'scenario' | 'metric' | 'value' | 'unit'>
) => void

/** A reporter for one scenario: prints `scenario metric value unit [ratio, target, pass]` and records it. */
export function reporter(scenario: string): Reporter {
  return (metric, value, unit, extra = {}) => {
    const result: BenchResult = { scenario, metric, value, unit, ...extra }
    append(result)
    const ratio = extra.ratio !== undefined ? `${extra.ratio}× floor` : undefined
    const verdict =
      extra.target !== undefined
        ? ` (${ratio ? `${ratio}, ` : ''}target ${extra.target}: ${extra.pass ? 'pass' : 'FAIL'})`
        : ratio
          ? ` (${ratio})`
          : ''
    console.log(`${scenario} ${metric} ${value} ${unit}${verdict}`)
  }
}

/** A measured time against its floor: the ratio rounded to two decimals. */
export function toFloor(ms: number, floorMs: number): { floor: number; ratio: number } {
  return { floor: Math.round(floorMs), ratio: Number((ms / floorMs).toFixed(2)) }
}

/** Compares a measured time with its floor: ratio rounded to two decimals and the verdict. */
export function againstFloor(
  ms: number,
  floorMs: number,
  maxRatio: number
): Pick<BenchResult, 'floor' | 'ratio' | 'target' | 'pass'> {
  const compared = toFloor(ms, floorMs)
  return { ...compared, target: `≤ ${maxRatio}× floor`, pass: compared.ratio <= maxRatio }
}

/** A figure against an absolute ceiling (`≤ 300 ms`, `≤ 512 MB`). */
export function atMost(value: number, limit: number, unit: string): Pick<BenchResult, 'target' | 'pass'> {
  return { target: `≤ ${limit.toLocaleString('en-US')} ${unit}`, pass: value <= limit }
}

/** The middle of repeated timings: one slow outlier on a shared machine does not decide the figure. */
export function median(values: number[]): number {
  if (values.length === 0) throw new Error('median of no values')
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

export const MB = 1024 * 1024
