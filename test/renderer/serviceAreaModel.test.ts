// The service area form's conversion to contract requests: "(any)" sends no attribute, the Call
// Processor never changes on edit, and the choices follow the chosen processors.
import { describe, expect, it } from 'vitest'
import { serviceAreaInputSchema, type ServiceArea, type ServiceAreaChoices } from '../../src-preload/contract'
import {
  addServiceAreaRequest,
  choicesFor,
  editServiceAreaChanges,
  emptyServiceAreaForm,
  formFromServiceArea,
  liveProblems,
  withCurrent
} from '../../src-renderer/src/features/domains/serviceAreaModel'

const area: ServiceArea = {
  domain: 'Demo Domain',
  name: 'San Jose',
  position: 1,
  callProcessor: 'CCM1',
  messageProcessor: 'CUC1',
  attributes: { devicePool: 'DP-SJC-Phones', protocol: 'SIP', voiceGateways: ['VG1'] },
  userRoles: ['Employee'],
  ldapFilter: null,
  assignLineFromBlock: false,
  maskLdapNumbers: false,
  ldapNumberMask: null,
  dnBlocks: [],
  services: {}
}

const choices: ServiceAreaChoices = {
  callProcessor: 'CCM1',
  synchronized: true,
  devicePools: ['DP-SJC-Phones', 'DP-NYC-Phones'],
  commonDeviceConfigs: [],
  callingSearchSpaces: ['CSS-Internal'],
  locations: [],
  routePartitions: [],
  voiceGateways: ['VG1'],
  presenceProcessors: [],
  messageProcessors: [
    {
      name: 'CUC1',
      subscriberTemplates: ['voicemailusertemplate'],
      classesOfService: ['Voice Mail User COS']
    }
  ]
}

describe('addServiceAreaRequest', () => {
  it('offers the default role and sends only attributes that are set', () => {
    const form = { ...emptyServiceAreaForm('CCM1', 'Employee'), name: 'San Jose' }
    form.attributes.devicePool = 'DP-SJC-Phones'
    const request = addServiceAreaRequest('Demo Domain', form)
    expect(request).toEqual({
      domain: 'Demo Domain',
      name: 'San Jose',
      callProcessor: 'CCM1',
      attributes: { devicePool: 'DP-SJC-Phones' },
      userRoles: ['Employee']
    })
    expect(serviceAreaInputSchema.safeParse(request).success).toBe(true)
  })
})

describe('editServiceAreaChanges', () => {
  it('sends nothing when nothing changed', () => {
    const original = formFromServiceArea(area)
    expect(editServiceAreaChanges(original, original)).toEqual({})
  })

  it('sends the whole attributes when one changed, never the Call Processor', () => {
    const original = formFromServiceArea(area)
    const form = { ...original, protocol: '' as const, callProcessor: 'CCM2' }
    expect(editServiceAreaChanges(form, original)).toEqual({
      attributes: { devicePool: 'DP-SJC-Phones', voiceGateways: ['VG1'] }
    })
  })
})

describe('LDAP options (LDAP-30, -33)', () => {
  it('sends a filter and ticked boxes on add, the mask only with its box', () => {
    const form = {
      ...emptyServiceAreaForm('CCM1', 'Employee'),
      name: 'San Jose',
      ldapFilter: ' (l=San Jose) ',
      assignLineFromBlock: true,
      ldapNumberMask: '408XXXX'
    }
    const request = addServiceAreaRequest('Demo Domain', form)
    expect(request).toMatchObject({ ldapFilter: '(l=San Jose)', assignLineFromBlock: true })
    expect(request).not.toHaveProperty('ldapNumberMask')
    expect(addServiceAreaRequest('Demo Domain', { ...form, maskLdapNumbers: true })).toMatchObject({
      maskLdapNumbers: true,
      ldapNumberMask: '408XXXX'
    })
    expect(serviceAreaInputSchema.safeParse(request).success).toBe(true)
  })

  it('sends only the options that changed; unticking the mask clears it, an empty filter is none', () => {
    const original = formFromServiceArea({
      ...area,
      ldapFilter: '(l=San Jose)',
      maskLdapNumbers: true,
      ldapNumberMask: '+1408XXXXXXX'
    })
    expect(editServiceAreaChanges({ ...original, maskLdapNumbers: false }, original)).toEqual({
      maskLdapNumbers: false,
      ldapNumberMask: null
    })
    expect(editServiceAreaChanges({ ...original, ldapFilter: '  ' }, original)).toEqual({ ldapFilter: null })
  })

  it('shows filter and mask problems while typing, naming the rule', () => {
    const form = {
      ...emptyServiceAreaForm('CCM1', 'Employee'),
      ldapFilter: '(l=San Jose',
      ldapNumberMask: '1+X'
    }
    expect(liveProblems(form)).toEqual({ ldapFilter: expect.stringMatching(/expected "\)"/) as unknown })
    expect(liveProblems({ ...form, maskLdapNumbers: true }).ldapNumberMask).toMatch(/only at the start/)
    expect(liveProblems({ ...form, ldapFilter: '(cn:dn:=x)' }).ldapFilter).toMatch(/:dn form/)
  })
})

describe('choicesFor', () => {
  it('takes message attributes from the chosen Message Processor only', () => {
    expect(choicesFor('deviceCss', choices, '')).toEqual(['CSS-Internal'])
    expect(choicesFor('cosWithTts', choices, 'CUC1')).toEqual(['Voice Mail User COS'])
    expect(choicesFor('subscriberTemplate', choices, '')).toEqual([])
    expect(choicesFor('devicePool', undefined, '')).toEqual([])
  })

  it('keeps a stored value the inventory no longer has', () => {
    expect(withCurrent(['A'], 'B')).toEqual(['B', 'A'])
    expect(withCurrent(['A'], 'A')).toEqual(['A'])
    expect(withCurrent(['A'], '')).toEqual(['A'])
  })
})
