#!/usr/bin/env node
// `npm start`: the desktop app when an Electron binary is available, otherwise the same UI through
// the headless host (`switchboard serve`) so the app is usable on any machine.
'use strict'
const { spawn } = require('node:child_process')
const { existsSync, readFileSync } = require('node:fs')
const { dirname, join } = require('node:path')

const root = join(__dirname, '..')
const args = process.argv.slice(2)

function headless(reason) {
  process.stderr.write(
    `${reason}: starting the headless host; open the URL below in a browser on this machine.\n`
  )
  const child = spawn(
    process.execPath,
    [join(root, 'bin', 'switchboard.js'), 'serve', '--demo-if-empty', ...args],
    { stdio: 'inherit' }
  )
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code) => process.exit(code ?? 0))
}

/**
 * Whether npm installed Electron's binary. Asked before require('electron'), which otherwise tries to
 * download it again and prints the failed download's stack trace where there is no network.
 */
function electronBinaryInstalled() {
  try {
    const pathFile = require.resolve('electron/path.txt')
    return existsSync(join(dirname(pathFile), 'dist', readFileSync(pathFile, 'utf8').trim()))
  } catch {
    return false
  }
}

if (process.env.SWITCHBOARD_HEADLESS === '1' || process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1') {
  headless('Desktop mode is off (SWITCHBOARD_HEADLESS=1 or ELECTRON_SKIP_BINARY_DOWNLOAD=1)')
} else if (!electronBinaryInstalled()) {
  headless('No Electron binary is installed here (npm could not download it)')
} else {
  let electronBinary
  let sqliteBinding
  try {
    electronBinary = require('electron')
    sqliteBinding = require('../scripts/electron-native').ensureElectronSqlite()
  } catch (error) {
    headless(`The desktop app cannot start (${error instanceof Error ? error.message : String(error)})`)
  }
  if (electronBinary && sqliteBinding) {
    const child = spawn(electronBinary, [root, ...args], {
      stdio: 'inherit',
      env: { ...process.env, SWITCHBOARD_SQLITE_BINDING: sqliteBinding }
    })
    child.on('exit', (code) => process.exit(code ?? 0))
  }
}
