import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: {
    // Unit tests never load the real 'electron' package: there is no binary on CI machines.
    alias: { electron: fileURLToPath(new URL('./test/stubs/electron.ts', import.meta.url)) }
  },
  test: {
    include: ['test/main/**/*.test.ts', 'test/renderer/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
    // Removes the scratch directories each test file made (test/main/helpers/tempDirs.ts); clears
    // proxy variables so no test's request leaves 127.0.0.1.
    setupFiles: ['test/setup/tempDirs.ts', 'test/setup/noProxy.ts']
  }
})
