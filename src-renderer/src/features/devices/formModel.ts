// Pure conversion between the device form's text fields and contract requests, kept apart from the
// components so it can be unit-tested without a DOM.
import {
  connectionSecurity,
  defaultPort,
  type ConnectionSecurity,
  type Device,
  type DeviceChanges,
  type DeviceKind,
  type Input
} from '../../../../src-preload/contract'

export interface DeviceForm {
  kind: DeviceKind
  product: string
  name: string
  host: string
  port: string
  /** Directories: plain LDAP, StartTLS or LDAPS (the contract's useSsl and startTls). */
  security: ConnectionSecurity
  username: string
  password: string
  osUsername: string
  osPassword: string
  backupHost: string
  backupPort: string
  adminDn: string
  searchBase: string
  callProcessor: string
  emServiceName: string
  emServiceUrl: string
  analogPhones: boolean
  /** Every kind: Switchboard may change the device (write-back, orders). */
  allowChanges: boolean
}

/** Fields each kind shows; everything else is hidden and never sent. */
export const fieldsByKind: Record<DeviceKind, (keyof DeviceForm)[]> = {
  'call-processor': ['username', 'password', 'emServiceName', 'emServiceUrl', 'analogPhones'],
  'message-processor': ['username', 'password', 'osUsername', 'osPassword', 'callProcessor'],
  'presence-processor': ['username', 'password', 'callProcessor'],
  directory: ['security', 'adminDn', 'password', 'searchBase', 'backupHost', 'backupPort']
}

export function emptyForm(kind: DeviceKind = 'call-processor', product = 'cucm'): DeviceForm {
  return {
    kind,
    product,
    name: '',
    host: '',
    port: '',
    security: 'none',
    username: '',
    password: '',
    osUsername: '',
    osPassword: '',
    backupHost: '',
    backupPort: '',
    adminDn: '',
    searchBase: '',
    callProcessor: '',
    emServiceName: '',
    emServiceUrl: '',
    analogPhones: false,
    allowChanges: false
  }
}

export function formFromDevice(device: Device): DeviceForm {
  return {
    ...emptyForm(device.kind, device.product),
    name: device.name,
    host: device.host,
    port: String(device.port),
    security: connectionSecurity(device),
    username: device.username ?? '',
    osUsername: device.osUsername ?? '',
    backupHost: device.backupHost ?? '',
    backupPort: device.backupPort === undefined ? '' : String(device.backupPort),
    adminDn: device.adminDn ?? '',
    searchBase: device.searchBase ?? '',
    callProcessor: device.callProcessor ?? '',
    emServiceName: device.extensionMobility?.serviceName ?? '',
    emServiceUrl: device.extensionMobility?.serviceUrl ?? '',
    analogPhones: device.analogPhones ?? false,
    allowChanges: device.allowChanges
  }
}

/** A port typed as text: numbers go to the server as numbers; anything else goes as typed so the server names the rule. */
function portValue(text: string): number | string {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : text
}

/** The request for devices:add: empty optional fields are left out. */
export function addRequest(form: DeviceForm): Input<'devices:add'> {
  const shown = new Set(fieldsByKind[form.kind])
  const request: Record<string, unknown> = {
    kind: form.kind,
    product: form.product,
    name: form.name,
    host: form.host
  }
  if (form.port.trim() !== '') request.port = portValue(form.port)
  const copy = (field: keyof DeviceForm, key: string = field): void => {
    const value = form[field]
    if (shown.has(field) && typeof value === 'string' && value.trim() !== '') request[key] = value
  }
  for (const field of [
    'username',
    'password',
    'osUsername',
    'osPassword',
    'backupHost',
    'adminDn',
    'searchBase',
    'callProcessor'
  ] as const)
    copy(field)
  if (shown.has('security')) {
    request.useSsl = form.security === 'ssl'
    if (form.security === 'starttls') request.startTls = true
  }
  if (shown.has('analogPhones') && form.analogPhones) request.analogPhones = true
  if (form.allowChanges) request.allowChanges = true
  if (shown.has('backupPort') && form.backupPort.trim() !== '')
    request.backupPort = portValue(form.backupPort)
  if (shown.has('emServiceName') && (form.emServiceName.trim() !== '' || form.emServiceUrl.trim() !== '')) {
    request.extensionMobility = { serviceName: form.emServiceName, serviceUrl: form.emServiceUrl }
  }
  return request as Input<'devices:add'>
}

/**
 * The changes for devices:edit: only fields that differ from the stored device; a cleared optional
 * field becomes null; blank passwords keep the stored ones.
 */
export function editChanges(form: DeviceForm, original: DeviceForm): DeviceChanges {
  const shown = new Set(fieldsByKind[form.kind])
  const changes: Record<string, unknown> = {}
  const text = (field: keyof DeviceForm, clearable: boolean): void => {
    const value = form[field]
    if (typeof value !== 'string' || value === original[field]) return
    if (value.trim() === '') {
      if (clearable) changes[field] = null
    } else changes[field] = value
  }
  text('name', false)
  text('host', false)
  if (form.product !== original.product) changes.product = form.product
  if (form.port !== original.port) changes.port = form.port.trim() === '' ? null : portValue(form.port)
  for (const field of ['username', 'adminDn', 'searchBase', 'callProcessor'] as const)
    if (shown.has(field)) text(field, false)
  for (const field of ['osUsername', 'backupHost'] as const) if (shown.has(field)) text(field, true)
  if (shown.has('backupPort') && form.backupPort !== original.backupPort) {
    changes.backupPort = form.backupPort.trim() === '' ? null : portValue(form.backupPort)
  }
  if (shown.has('security') && form.security !== original.security) {
    changes.useSsl = form.security === 'ssl'
    changes.startTls = form.security === 'starttls'
  }
  if (shown.has('analogPhones') && form.analogPhones !== original.analogPhones)
    changes.analogPhones = form.analogPhones
  if (form.allowChanges !== original.allowChanges) changes.allowChanges = form.allowChanges
  if (form.password !== '') changes.password = form.password
  if (shown.has('osPassword') && form.osPassword !== '') changes.osPassword = form.osPassword
  // The OS administrator's user name and password go together: clearing the name drops the password too.
  else if (changes.osUsername === null) changes.osPassword = null
  if (
    shown.has('emServiceName') &&
    (form.emServiceName !== original.emServiceName || form.emServiceUrl !== original.emServiceUrl)
  ) {
    changes.extensionMobility =
      form.emServiceName.trim() === '' && form.emServiceUrl.trim() === ''
        ? null
        : { serviceName: form.emServiceName, serviceUrl: form.emServiceUrl }
  }
  return changes
}

/** Choosing SSL moves a port still on its plain default to the SSL one (389↔636, 3268↔3269), and back. */
export function chooseSecurity(form: DeviceForm, security: ConnectionSecurity): DeviceForm {
  const toSsl = security === 'ssl'
  const swap: Record<string, string> =
    toSsl === (form.security === 'ssl')
      ? {}
      : toSsl
        ? { '389': '636', '3268': '3269' }
        : { '636': '389', '3269': '3268' }
  return {
    ...form,
    security,
    port: swap[form.port.trim()] ?? form.port,
    backupPort: swap[form.backupPort.trim()] ?? form.backupPort
  }
}

export function portPlaceholder(form: DeviceForm): string {
  return String(defaultPort(form.kind, form.security === 'ssl'))
}

/**
 * The form field a server issue belongs to. Edit issues arrive as `changes.<field>`; Extension Mobility
 * issues as `extensionMobility.<part>`, which the form shows as two text boxes.
 */
export function formFieldOf(issueField: string): string {
  const field = issueField.startsWith('changes.') ? issueField.slice('changes.'.length) : issueField
  if (field === 'extensionMobility.serviceName') return 'emServiceName'
  if (field === 'extensionMobility.serviceUrl' || field === 'extensionMobility') return 'emServiceUrl'
  if (field === 'useSsl' || field === 'startTls') return 'security'
  return field
}
