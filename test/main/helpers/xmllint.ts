// Validation of AXL envelopes against Cisco's schemas in ../shared/conformance/axl (never copied here).
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'

/**
 * The nearest ancestor's shared/conformance/axl: beside the main checkout (../shared) and as well
 * from a git worktree nested deeper.
 */
function conformanceDirectory(): string {
  for (let dir = resolve(__dirname, '../../..'); ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared/conformance/axl')
    if (existsSync(candidate) || dirname(dir) === dir) return candidate
  }
}

const conformance = conformanceDirectory()

function hasXmllint(): boolean {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** Why schema tests cannot run here, or '' when they can. */
export const conformanceSkipReason = !existsSync(conformance)
  ? 'Cisco AXL schemas not found at ../shared/conformance/axl'
  : !hasXmllint()
    ? 'xmllint is not installed (apt-get install libxml2-utils)'
    : ''

/** 'valid', or xmllint's complaint. */
export function validateEnvelope(xml: string, version = '15.0'): string {
  const dir = mkdtempSync(join(tmpdir(), 'axl-envelope-'))
  const file = join(dir, 'envelope.xml')
  writeFileSync(file, xml)
  try {
    execFileSync(
      'xmllint',
      ['--noout', '--schema', join(conformance, 'validation', `soap11-envelope-axl-${version}.xsd`), file],
      { stdio: 'pipe' }
    )
    return 'valid'
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * xmllint's complaints about each envelope that does not validate (none: all valid), in one run:
 * reading Cisco's schema is most of a check's time.
 */
export function envelopeProblems(xmls: string[], version = '15.0'): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'axl-envelopes-'))
  const files = xmls.map((xml, i) => {
    const file = join(dir, `envelope-${i}.xml`)
    writeFileSync(file, xml)
    return file
  })
  try {
    execFileSync(
      'xmllint',
      [
        '--noout',
        '--schema',
        join(conformance, 'validation', `soap11-envelope-axl-${version}.xsd`),
        ...files
      ],
      { stdio: 'pipe' }
    )
    return []
  } catch (error) {
    const output = String((error as { stderr?: Buffer }).stderr ?? error)
    return files.flatMap((file, i) => {
      const complaints = output
        .split('\n')
        .filter((line) => line.startsWith(file) && !line.endsWith(' validates'))
      return complaints.length > 0 ? [`${/<axl:(\w+)/.exec(xmls[i])?.[1]}: ${complaints.join(' ')}`] : []
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
