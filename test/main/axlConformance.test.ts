// What the AXL connector sends must validate against Cisco's schema (../shared/conformance/axl).
import { execFileSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AXL_VERSIONS, getCcmVersionEnvelope } from '../../src-main/connectors/axl/probe'
import { tempDir } from './helpers/core'

const conformance = resolve(__dirname, '../../../shared/conformance/axl')
const hasXmllint = (() => {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()
const skipReason = !existsSync(conformance)
  ? 'Cisco AXL schemas not found at ../shared/conformance/axl'
  : !hasXmllint
    ? 'xmllint is not installed (apt-get install libxml2-utils)'
    : ''

function validate(envelope: string, version: string): { ok: boolean; output: string } {
  const file = join(tempDir(), 'envelope.xml')
  writeFileSync(file, envelope)
  try {
    const output = execFileSync(
      'xmllint',
      ['--noout', '--schema', join(conformance, 'validation', `soap11-envelope-axl-${version}.xsd`), file],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe']
      }
    )
    return { ok: true, output }
  } catch (error) {
    return { ok: false, output: String((error as { stderr?: string }).stderr ?? error) }
  }
}

describe.skipIf(skipReason !== '')(
  `AXL requests against Cisco's schema${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    it.each(['15.0', '14.0'])('getCCMVersion envelope validates against the %s schema', (version) => {
      expect(AXL_VERSIONS).toContain(version)
      const result = validate(getCcmVersionEnvelope(version), version)
      expect(result.output).not.toMatch(/fails to validate/)
      expect(result.ok).toBe(true)
    })

    it('an envelope in the wrong namespace fails (the check can fail)', () => {
      expect(validate(getCcmVersionEnvelope('15.0'), '14.0').ok).toBe(false)
    })
  }
)
