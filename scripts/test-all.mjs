// `npm test`: typecheck, lint, build, unit + integration (vitest) and e2e (Playwright), then one
// closing line "N passed, N failed". Every step runs even if an earlier one failed, so one CI run
// reports everything; the exit code is non-zero if any step failed.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'

mkdirSync('test-results', { recursive: true })
const steps = [
  ['typecheck', 'npx', ['tsc', '-b']],
  ['lint', 'npx', ['eslint', '--max-warnings', '0', '.']],
  ['format', 'npx', ['prettier', '--check', '.']],
  ['build', 'npx', ['electron-vite', 'build']],
  [
    'unit and integration',
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json']
  ],
  [
    'e2e',
    'npx',
    ['playwright', 'test', '--reporter=list,json'],
    { PLAYWRIGHT_JSON_OUTPUT_NAME: 'test-results/playwright.json' }
  ]
]

const failedSteps = []
for (const [name, command, args, env] of steps) {
  process.stdout.write(`\n=== ${name}: ${command} ${args.join(' ')}\n`)
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } })
  if (result.status !== 0) failedSteps.push(name)
}

function readJson(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined
}
const vitest = readJson('test-results/vitest.json')
const playwright = readJson('test-results/playwright.json')
const passed = (vitest?.numPassedTests ?? 0) + (playwright?.stats?.expected ?? 0)
const failed =
  (vitest?.numFailedTests ?? 0) + (playwright?.stats?.unexpected ?? 0) + (playwright?.stats?.flaky ?? 0)
const skipped =
  (vitest?.numPendingTests ?? 0) + (vitest?.numTodoTests ?? 0) + (playwright?.stats?.skipped ?? 0)

if (failedSteps.length > 0) process.stdout.write(`\nFailed steps: ${failedSteps.join(', ')}\n`)
process.stdout.write(
  `\n${passed} passed, ${failed + (failedSteps.length > 0 && failed === 0 ? failedSteps.length : 0)} failed, ${skipped} skipped\n`
)
process.exit(failedSteps.length > 0 ? 1 : 0)
