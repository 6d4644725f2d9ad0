// `npm run bench [-- --quick]`: runs the benchmark scenarios (test/bench) and leaves bench-results.json.
import { spawnSync } from 'node:child_process'

const quick = process.argv.includes('--quick')
const result = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.bench.mts', '--reporter=verbose'], {
  stdio: 'inherit',
  env: { ...process.env, BENCH_QUICK: quick ? '1' : '0' }
})
process.exit(result.status ?? 1)
