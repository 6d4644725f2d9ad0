#!/usr/bin/env node
// Launcher for the `switchboard` command: runs the built CLI bundle.
'use strict'
const { existsSync } = require('node:fs')
const { join } = require('node:path')

const root = join(__dirname, '..')
const cli = join(root, 'out', 'main', 'cli.js')
if (!existsSync(cli)) {
  process.stderr.write(`Switchboard is not built yet: run \`npm run build\` in ${root}\n`)
  process.exit(1)
}
require(cli)
