// What the AXL connector sends must validate against Cisco's schema (../shared/conformance/axl).
import { describe, expect, it } from 'vitest'
import { AXL_VERSIONS, getCcmVersionEnvelope } from '../../src-main/connectors/axl/probe'
import { conformanceSkipReason, validateEnvelope } from './helpers/xmllint'

const skip = conformanceSkipReason

describe.skipIf(skip !== '')(
  `AXL requests against Cisco's schema${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    it.each(['15.0', '14.0'])('getCCMVersion envelope validates against the %s schema', (version) => {
      expect(AXL_VERSIONS).toContain(version)
      expect(validateEnvelope(getCcmVersionEnvelope(version), version)).toBe('valid')
    })

    it('an envelope in the wrong namespace fails (the check can fail)', () => {
      expect(validateEnvelope(getCcmVersionEnvelope('15.0'), '14.0')).not.toBe('valid')
    })
  }
)
