// A TypeScript entry of the tests bundled for a process of its own, which the resilience tests can
// SIGKILL. Built once per test file: compiling the sources in every child took seconds on a busy
// machine, and such a test starts its child again and again.
import { basename, join } from 'node:path'
import { build } from 'vite'
import { tempDir } from './tempDirs'

const ROOT = join(__dirname, '../../..')

/** Packages stay outside the bundle: a child finds them through NODE_PATH set to this. */
export const NODE_MODULES = join(ROOT, 'node_modules')

/** Bundles `entry` (a path under the repository) as CommonJS; the bundle's path. */
export async function bundleForNode(entry: string): Promise<string> {
  const outDir = tempDir('switchboard-bundle-')
  await build({
    root: ROOT,
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: entry,
      outDir,
      minify: false,
      rollupOptions: {
        output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name]-[hash].cjs' }
      }
    }
  })
  return join(outDir, `${basename(entry, '.ts')}.cjs`)
}
