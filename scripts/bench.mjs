// `npm run bench [-- --quick] [FILTER…]`: runs the benchmark scenarios (test/bench), or those whose file
// names contain a FILTER (vitest's file filter: `npm run bench -- ldapReader`), each printing its figures,
// and leaves their summary in bench-results.json (emptied first, so it holds only this run). The
// scenarios run the built CLI and host, so the build is brought up to date first.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'

const SOURCES = ['src-main', 'src-preload', 'src-renderer', 'resources', 'electron.vite.config.ts']
const OUTPUTS = ['out/main/cli.js', 'out/renderer/index.html']

/** The newest modification time under a file or directory. */
function newest(path) {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), stat.mtimeMs)
}

function buildIsStale() {
  if (!OUTPUTS.every((output) => existsSync(output))) return true
  const built = Math.min(...OUTPUTS.map((output) => statSync(output).mtimeMs))
  return SOURCES.some((source) => existsSync(source) && newest(source) > built)
}

const quick = process.argv.includes('--quick')
const filters = process.argv.slice(2).filter((arg) => !arg.startsWith('--'))
const started = performance.now()
if (buildIsStale()) {
  console.log('bench: the build is older than the sources; running electron-vite build')
  const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' })
  if (build.status !== 0) process.exit(build.status ?? 1)
}
rmSync('bench-results.json', { force: true })
const result = spawnSync(
  'npx',
  ['vitest', 'run', '--config', 'vitest.bench.mts', '--reporter=verbose', ...filters],
  {
    stdio: 'inherit',
    env: { ...process.env, BENCH_QUICK: quick ? '1' : '0' }
  }
)
const seconds = ((performance.now() - started) / 1000).toFixed(0)
console.log(
  `bench: ${quick ? 'quick run' : 'full run'} finished in ${seconds} s (figures in bench-results.json)`
)
process.exit(result.status ?? 1)
