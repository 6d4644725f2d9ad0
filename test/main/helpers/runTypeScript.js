// Runs a TypeScript module of the tests in a process of its own (`node runTypeScript.js module.ts
// args...`): Vite compiles it from the sources as the tests see them, and its exported main(args)
// runs. The resilience tests kill such a child, so it must be a real process and not a worker.
'use strict'
const { resolve } = require('node:path')

async function run() {
  const [modulePath, ...args] = process.argv.slice(2)
  if (!modulePath) throw new Error('usage: node runTypeScript.js <module.ts> [args...]')
  const { createServer } = await import('vite')
  const server = await createServer({
    root: resolve(__dirname, '../../..'),
    configFile: false,
    logLevel: 'error',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, ws: false, watch: null }
  })
  try {
    const loaded = await server.ssrLoadModule(resolve(modulePath))
    if (typeof loaded.main !== 'function') throw new Error(`${modulePath} exports no main(args)`)
    await loaded.main(args)
  } finally {
    await server.close()
  }
}

run().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
