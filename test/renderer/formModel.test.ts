// The device form's conversion to contract requests (the server validates; the form must send
// exactly what the administrator changed).
import { describe, expect, it } from 'vitest'
import {
  addRequest,
  editChanges,
  emptyForm,
  formFieldOf,
  formFromDevice,
  chooseSecurity,
  portPlaceholder
} from '../../src-renderer/src/features/devices/formModel'
import type { Device } from '../../src-preload/contract'

const stored: Device = {
  id: 1,
  name: 'Corp AD',
  kind: 'directory',
  product: 'ad',
  host: 'dc1.example.com',
  port: 389,
  useSsl: false,
  startTls: false,
  allowChanges: false,
  adminDn: 'CN=svc,DC=example,DC=com',
  searchBase: 'OU=Staff,DC=example,DC=com',
  backupHost: 'dc2.example.com',
  backupPort: 389,
  hasPassword: true,
  hasOsPassword: false,
  createdAt: '2026-11-22T00:00:00.000Z',
  updatedAt: '2026-11-22T00:00:00.000Z',
  lastTest: { status: 'never' },
  pinnedCertificates: []
}

describe('addRequest', () => {
  it('leaves out empty optional fields and fields the device type does not use', () => {
    const form = {
      ...emptyForm('call-processor', 'cucm'),
      name: 'CUCM',
      host: 'cucm',
      username: 'axl',
      password: 'pw',
      adminDn: 'ignored'
    }
    expect(addRequest(form)).toEqual({
      kind: 'call-processor',
      product: 'cucm',
      name: 'CUCM',
      host: 'cucm',
      username: 'axl',
      password: 'pw'
    })
  })

  it('sends numeric ports as numbers and anything else as typed, so the server names the rule', () => {
    expect(addRequest({ ...emptyForm(), port: ' 8443 ' }).port).toBe(8443)
    expect(addRequest({ ...emptyForm(), port: '84x3' }).port).toBe('84x3')
  })

  it('sends Extension Mobility details only when given', () => {
    expect(addRequest(emptyForm()).extensionMobility).toBeUndefined()
    expect(
      addRequest({ ...emptyForm(), emServiceName: 'EM', emServiceUrl: 'http://x' }).extensionMobility
    ).toEqual({ serviceName: 'EM', serviceUrl: 'http://x' })
  })
})

describe('editChanges', () => {
  it('sends only what changed, keeps blank passwords, and clears optional fields with null', () => {
    const original = formFromDevice(stored)
    expect(editChanges(original, original)).toEqual({})
    const edited = { ...original, host: 'dc9.example.com', backupHost: '', backupPort: '' }
    expect(editChanges(edited, original)).toEqual({
      host: 'dc9.example.com',
      backupHost: null,
      backupPort: null
    })
    expect(editChanges({ ...original, password: 'new' }, original)).toEqual({ password: 'new' })
  })

  it('resets a cleared port to the default with null', () => {
    const original = formFromDevice(stored)
    expect(editChanges({ ...original, port: '' }, original)).toEqual({ port: null })
  })
})

describe('editChanges for a Unity Connection OS administrator', () => {
  const unity: Device = {
    ...stored,
    name: 'Unity',
    kind: 'message-processor',
    product: 'unity-connection',
    host: 'cuc',
    port: 443,
    username: 'admin',
    osUsername: 'osadmin',
    hasOsPassword: true,
    adminDn: undefined,
    searchBase: undefined,
    backupHost: undefined,
    backupPort: undefined
  }

  it('never sends a password left blank', () => {
    const original = formFromDevice(unity)
    expect(original.password).toBe('')
    expect(original.osPassword).toBe('')
    expect(editChanges({ ...original, username: 'admin2' }, original)).toEqual({ username: 'admin2' })
  })

  it('clears the stored OS password together with a cleared OS user name', () => {
    const original = formFromDevice(unity)
    expect(editChanges({ ...original, osUsername: '' }, original)).toEqual({
      osUsername: null,
      osPassword: null
    })
  })
})

describe('analog phones, a Call Processor setting (issue 25 item 2)', () => {
  const cucm: Device = {
    ...stored,
    name: 'CUCM',
    kind: 'call-processor',
    product: 'cucm',
    port: 8443,
    username: 'axl',
    analogPhones: true
  }

  it('sends the setting on add when ticked, and only for a Call Processor', () => {
    const form = { ...emptyForm('call-processor', 'cucm'), name: 'CUCM', host: 'cucm', analogPhones: true }
    expect(addRequest(form).analogPhones).toBe(true)
    expect(addRequest({ ...form, analogPhones: false })).not.toHaveProperty('analogPhones')
    expect(addRequest({ ...emptyForm('directory', 'ad'), analogPhones: true })).not.toHaveProperty(
      'analogPhones'
    )
  })

  it('shows the stored setting and sends it when changed, in both directions', () => {
    const original = formFromDevice(cucm)
    expect(original.analogPhones).toBe(true)
    expect(editChanges(original, original)).toEqual({})
    expect(editChanges({ ...original, analogPhones: false }, original)).toEqual({ analogPhones: false })
    const off = formFromDevice({ ...cucm, analogPhones: false })
    expect(editChanges({ ...off, analogPhones: true }, off)).toEqual({ analogPhones: true })
  })
})

describe('portPlaceholder', () => {
  it('shows the default port of the device type, following SSL for directories', () => {
    expect(portPlaceholder(emptyForm('call-processor', 'cucm'))).toBe('8443')
    expect(portPlaceholder(emptyForm('message-processor', 'unity-connection'))).toBe('443')
    expect(portPlaceholder(emptyForm('directory', 'ad'))).toBe('389')
    expect(portPlaceholder({ ...emptyForm('directory', 'ad'), security: 'ssl' })).toBe('636')
    expect(portPlaceholder({ ...emptyForm('directory', 'ad'), security: 'starttls' })).toBe('389')
  })
})

describe('formFieldOf', () => {
  it('maps server issue fields onto the form fields that show them', () => {
    expect(formFieldOf('port')).toBe('port')
    expect(formFieldOf('changes.backupPort')).toBe('backupPort')
    expect(formFieldOf('extensionMobility.serviceName')).toBe('emServiceName')
    expect(formFieldOf('changes.extensionMobility.serviceUrl')).toBe('emServiceUrl')
  })
})

describe('chooseSecurity', () => {
  it('moves default and Global Catalog ports to and from SSL, and leaves custom ports alone', () => {
    const form = formFromDevice(stored)
    expect(chooseSecurity(form, 'ssl')).toMatchObject({ security: 'ssl', port: '636', backupPort: '636' })
    expect(chooseSecurity({ ...form, port: '3268' }, 'ssl').port).toBe('3269')
    expect(chooseSecurity({ ...form, port: '10389' }, 'ssl').port).toBe('10389')
    expect(chooseSecurity({ ...form, security: 'ssl', port: '636' }, 'none').port).toBe('389')
  })

  it('keeps the plain port for StartTLS, which runs on it', () => {
    const form = formFromDevice(stored)
    expect(chooseSecurity(form, 'starttls')).toMatchObject({ security: 'starttls', port: '389' })
    expect(chooseSecurity({ ...form, security: 'ssl', port: '636' }, 'starttls').port).toBe('389')
  })
})

describe('connection security in requests (issue 28)', () => {
  it('sends StartTLS as startTls and SSL as useSsl when adding a directory', () => {
    const form = { ...emptyForm('directory', 'openldap'), name: 'LDAP', host: 'ldap' }
    expect(addRequest({ ...form, security: 'starttls' })).toMatchObject({ useSsl: false, startTls: true })
    expect(addRequest({ ...form, security: 'ssl' })).toMatchObject({ useSsl: true })
    expect(addRequest({ ...form, security: 'ssl' }).startTls).toBeUndefined()
    expect(addRequest(form)).toMatchObject({ useSsl: false })
  })

  it('reads a stored StartTLS directory back, and sends both flags when the choice changes', () => {
    const original = formFromDevice({ ...stored, startTls: true })
    expect(original.security).toBe('starttls')
    expect(editChanges(original, original)).toEqual({})
    expect(editChanges({ ...original, security: 'ssl', port: '636' }, original)).toEqual({
      useSsl: true,
      startTls: false,
      port: 636
    })
  })

  it('shows issues about useSsl or startTls on the connection security choice', () => {
    expect(formFieldOf('changes.startTls')).toBe('security')
    expect(formFieldOf('useSsl')).toBe('security')
  })
})
