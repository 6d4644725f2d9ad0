// `npm run test:resilience`: the long resilience runs (20 SIGKILLs during a 20,000-user
// synchronization). `npm test` runs the same tests with 3 kills. Needs `npm run build` first.
import { spawnSync } from 'node:child_process'

const result = spawnSync(
  'npx',
  ['vitest', 'run', 'test/main/killDuringSync.test.ts', 'test/main/dataDirLock.test.ts'],
  {
    stdio: 'inherit',
    env: { ...process.env, SWITCHBOARD_RESILIENCE_KILLS: '20' }
  }
)
process.exit(result.status ?? 1)
