// `npm run test:resilience`: the long resilience runs. `npm test` runs the same tests briefly.
// - 20 SIGKILLs during a 20,000-user synchronization (npm test: 3), and the data-directory lock;
// - the connector fuzz suites against hostile servers: 1,000 random AXL/CUPI cases (npm test: 16) and
//   2,000 random LDAP cases (npm test: 24), every case ending in a clean error within its deadline and
//   under its memory cap;
// - the LDAP reply decoder against 5,000 generated and broken reply streams and 200 endless streams of
//   entries (npm test: 120 and 5), every one read as built or refused with a clean error.
// A failing case names its seed; SWITCHBOARD_FUZZ_SEED replays or varies them.
// Needs `npm run build` first (the script's npm entry builds).
import { spawnSync } from 'node:child_process'

const runs = [
  {
    files: ['test/main/killDuringSync.test.ts', 'test/main/dataDirLock.test.ts'],
    env: { SWITCHBOARD_RESILIENCE_KILLS: '20' }
  },
  { files: ['test/main/httpFuzz.test.ts'], env: { SWITCHBOARD_FUZZ_CASES: '1000' } },
  { files: ['test/main/ldapFuzz.test.ts'], env: { SWITCHBOARD_FUZZ_CASES: '2000' } },
  { files: ['test/main/ldapRepliesFuzz.test.ts'], env: { SWITCHBOARD_FUZZ_CASES: '5000' } }
]

let failed = false
for (const run of runs) {
  const result = spawnSync('npx', ['vitest', 'run', ...run.files], {
    stdio: 'inherit',
    env: { ...process.env, ...run.env }
  })
  if (result.status !== 0) failed = true
}
process.exit(failed ? 1 : 0)
