import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// `npm run bench`: scenarios that print figures; never part of `npm test`.
export default defineConfig({
  resolve: { alias: { electron: fileURLToPath(new URL('./test/stubs/electron.ts', import.meta.url)) } },
  test: {
    include: ['test/bench/**/*.bench.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30 * 60_000,
    hookTimeout: 5 * 60_000,
    fileParallelism: false
  }
})
