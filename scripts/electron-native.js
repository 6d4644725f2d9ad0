// Builds better-sqlite3 for Electron's ABI into .electron-native/, next to (not instead of) the copy
// npm built for Node, so the CLI, the tests and the desktop app can share one node_modules.
'use strict'
const { execFileSync } = require('node:child_process')
const { cpSync, existsSync, mkdirSync, rmSync } = require('node:fs')
const { join } = require('node:path')

const root = join(__dirname, '..')

function electronVersion() {
  return require(join(root, 'node_modules', 'electron', 'package.json')).version
}

/** Path of the Electron-ABI better_sqlite3.node, building it once per Electron version. */
function ensureElectronSqlite() {
  const version = electronVersion()
  const outDir = join(root, '.electron-native', `electron-${version}-${process.platform}-${process.arch}`)
  const binding = join(outDir, 'better_sqlite3.node')
  if (existsSync(binding)) return binding
  const work = join(root, '.electron-native', 'build')
  rmSync(work, { recursive: true, force: true })
  cpSync(join(root, 'node_modules', 'better-sqlite3'), work, {
    recursive: true,
    filter: (source) => !source.includes(`${join('better-sqlite3', 'build')}`)
  })
  const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js', { paths: [root] })
  process.stderr.write(
    `Building better-sqlite3 for Electron ${version} (once; needs the Electron headers download)...\n`
  )
  execFileSync(
    process.execPath,
    [
      nodeGyp,
      'rebuild',
      '--release',
      `--target=${version}`,
      `--arch=${process.arch}`,
      '--dist-url=https://electronjs.org/headers'
    ],
    { cwd: work, stdio: 'inherit', env: { ...process.env, npm_config_nodedir: '' } }
  )
  mkdirSync(outDir, { recursive: true })
  cpSync(join(work, 'build', 'Release', 'better_sqlite3.node'), binding)
  rmSync(work, { recursive: true, force: true })
  return binding
}

module.exports = { ensureElectronSqlite }

// `node scripts/electron-native.js` (npm run package): also stage the binding where electron-builder picks it up.
if (require.main === module) {
  const binding = ensureElectronSqlite()
  const staged = join(root, '.electron-native', 'package', 'better_sqlite3.node')
  mkdirSync(join(root, '.electron-native', 'package'), { recursive: true })
  cpSync(binding, staged)
  process.stdout.write(`${staged}\n`)
}
