// The domain form's conversion to contract requests: an attribute rule that is off sends nothing, an
// edit sends only what changed.
import { describe, expect, it } from 'vitest'
import { domainInputSchema, NO_RULES, ruleDescriptions, type Domain } from '../../src-preload/contract'
import {
  addDomainRequest,
  editDomainChanges,
  emptyDomainForm,
  formFromDomain,
  ruleLabels,
  rulesOf
} from '../../src-renderer/src/features/domains/domainFormModel'
import { isRulesRefusal, rulesSummary } from '../../src-renderer/src/features/domains/domainModel'

const stored: Domain = {
  name: 'Demo Domain',
  description: 'West coast',
  callProcessors: ['CCM1', 'CCM2'],
  messageProcessors: [],
  directory: 'Corp AD',
  rules: { ...NO_RULES, syncAllUsers: true, matchDevicePool: 'CCM2:DevicePool2' },
  defaultRole: 'Employee',
  serviceAreas: 0,
  users: 0,
  createdAt: '2026-11-22T00:00:00.000Z',
  updatedAt: '2026-11-22T00:00:00.000Z'
}

describe('rulesOf', () => {
  it('sends the text of an attribute rule that is on, and nothing for one that is off', () => {
    const form = emptyDomainForm()
    form.rules.attributes.matchDepartment = { on: true, text: 'Dept1' }
    form.rules.attributes.matchLocation = { on: false, text: 'CCM3:Location3' }
    const rules = rulesOf(form.rules)
    expect(rules.matchDepartment).toBe('Dept1')
    expect('matchLocation' in rules).toBe(false)
  })

  it('round-trips stored rules', () => {
    expect(rulesOf(formFromDomain(stored).rules)).toEqual(stored.rules)
  })
})

describe('addDomainRequest', () => {
  it('leaves out empty optional fields and passes the contract', () => {
    const form = { ...emptyDomainForm(), name: 'Demo Domain', callProcessors: ['Lab CUCM 1'] }
    const request = addDomainRequest(form)
    expect(request).toEqual({
      name: 'Demo Domain',
      callProcessors: ['Lab CUCM 1'],
      messageProcessors: [],
      rules: NO_RULES
    })
    expect(domainInputSchema.safeParse(request).success).toBe(true)
  })
})

describe('editDomainChanges', () => {
  it('sends nothing when nothing changed', () => {
    const original = formFromDomain(stored)
    expect(editDomainChanges(original, original)).toEqual({})
  })

  it('sends changed rules whole, and a removed directory as null', () => {
    const original = formFromDomain(stored)
    const form = structuredClone(original)
    form.directory = ''
    form.rules.flags.syncAllUsers = false
    form.rules.flags.syncOnlyExisting = true
    expect(editDomainChanges(form, original)).toEqual({
      directory: null,
      rules: { ...stored.rules, syncAllUsers: false, syncOnlyExisting: true }
    })
  })
})

describe('isRulesRefusal', () => {
  it('recognises a refusal about the rules, not other refusals', () => {
    expect(isRulesRefusal({ code: 'VALIDATION', message: 'enable a required rule', field: 'rules' })).toBe(
      true
    )
    expect(
      isRulesRefusal({ code: 'VALIDATION', message: 'unknown CCM9', field: 'rules.matchLocation' })
    ).toBe(true)
    expect(
      isRulesRefusal({ code: 'VALIDATION', message: 'the rules of CCM1', field: 'callProcessors' })
    ).toBe(false)
    expect(isRulesRefusal({ code: 'BUSY', message: 'Run 4 is running.' })).toBe(false)
  })
})

describe('rulesSummary', () => {
  it('lists the rules that are on, with attribute values', () => {
    expect(rulesSummary(stored.rules)).toEqual([
      'Sync All Users (Unified CM)',
      'Match Device Pool: CCM2:DevicePool2'
    ])
  })

  // Issue 25 item 28: no rule is shown as an identifier ("Non-RestrictedDomainSync").
  it('names every rule in words', () => {
    expect(rulesSummary({ ...stored.rules, syncAllUsers: false, nonRestricted: true })).toContain(
      'Non-Restricted Domain Sync'
    )
    for (const label of Object.values(ruleLabels)) expect(label).not.toMatch(/[a-z][A-Z]/)
    for (const description of Object.values(ruleDescriptions))
      expect(description.split(':')[0]).not.toMatch(/[a-z][A-Z]/)
  })
})
