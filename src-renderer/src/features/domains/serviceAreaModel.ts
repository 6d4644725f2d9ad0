// Pure conversion between the service area form and contract requests, kept apart from the components
// so it can be unit-tested without a DOM.
import type {
  Input,
  ServiceArea,
  ServiceAreaAttributes,
  ServiceAreaChoices,
  phoneProtocols
} from '../../../../src-preload/contract'

type ServiceAreaChanges = Input<'service-areas:edit'>['changes']

/** Attributes chosen among the Call Processor's synchronized infrastructure, one value each. */
export const callProcessorAttributes = [
  'devicePool',
  'commonDeviceConfig',
  'deviceCss',
  'lineCss',
  'location',
  'routePartition'
] as const
export type CallProcessorAttribute = (typeof callProcessorAttributes)[number]

/** Attributes chosen among the Message Processor's templates and classes of service. */
export const messageProcessorAttributes = ['subscriberTemplate', 'cosWithTts', 'cosWithoutTts'] as const
export type MessageProcessorAttribute = (typeof messageProcessorAttributes)[number]

type SingleAttribute = CallProcessorAttribute | MessageProcessorAttribute

export interface ServiceAreaForm {
  name: string
  callProcessor: string
  /** Empty: none. */
  messageProcessor: string
  presenceProcessor: string
  /** Empty: any value matches. */
  attributes: Record<SingleAttribute, string>
  protocol: '' | (typeof phoneProtocols)[number]
  voiceGateways: string[]
  userRoles: string[]
}

export function emptyAttributes(): ServiceAreaForm['attributes'] {
  return {
    devicePool: '',
    commonDeviceConfig: '',
    deviceCss: '',
    lineCss: '',
    location: '',
    routePartition: '',
    subscriberTemplate: '',
    cosWithTts: '',
    cosWithoutTts: ''
  }
}

/** A new service area offers the domain's default role, as the DefaultUserType rule says (SETUP-06). */
export function emptyServiceAreaForm(callProcessor: string, defaultRole: string): ServiceAreaForm {
  return {
    name: '',
    callProcessor,
    messageProcessor: '',
    presenceProcessor: '',
    attributes: emptyAttributes(),
    protocol: '',
    voiceGateways: [],
    userRoles: [defaultRole]
  }
}

export function formFromServiceArea(area: ServiceArea): ServiceAreaForm {
  const attributes = emptyAttributes()
  for (const key of [...callProcessorAttributes, ...messageProcessorAttributes])
    attributes[key] = area.attributes[key] ?? ''
  return {
    name: area.name,
    callProcessor: area.callProcessor,
    messageProcessor: area.messageProcessor ?? '',
    presenceProcessor: area.presenceProcessor ?? '',
    attributes,
    protocol: area.attributes.protocol ?? '',
    voiceGateways: area.attributes.voiceGateways ?? [],
    userRoles: area.userRoles
  }
}

/** The attributes to send: "(any)" leaves an attribute out. */
export function attributesOf(form: ServiceAreaForm): ServiceAreaAttributes {
  const attributes: ServiceAreaAttributes = {}
  for (const key of [...callProcessorAttributes, ...messageProcessorAttributes])
    if (form.attributes[key] !== '') attributes[key] = form.attributes[key]
  if (form.protocol !== '') attributes.protocol = form.protocol
  if (form.voiceGateways.length > 0) attributes.voiceGateways = form.voiceGateways
  return attributes
}

/** The request for service-areas:add; without roles ticked the domain's default role applies. */
export function addServiceAreaRequest(domain: string, form: ServiceAreaForm): Input<'service-areas:add'> {
  return {
    domain,
    name: form.name,
    callProcessor: form.callProcessor,
    ...(form.messageProcessor ? { messageProcessor: form.messageProcessor } : {}),
    ...(form.presenceProcessor ? { presenceProcessor: form.presenceProcessor } : {}),
    attributes: attributesOf(form),
    ...(form.userRoles.length > 0 ? { userRoles: form.userRoles } : {})
  }
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/** The changes for service-areas:edit: only what differs; the Call Processor never changes. */
export function editServiceAreaChanges(form: ServiceAreaForm, original: ServiceAreaForm): ServiceAreaChanges {
  const changes: ServiceAreaChanges = {}
  const attributes = attributesOf(form)
  if (!same(attributes, attributesOf(original))) changes.attributes = attributes
  if (!same(form.userRoles, original.userRoles)) changes.userRoles = form.userRoles
  if (form.messageProcessor && form.messageProcessor !== original.messageProcessor)
    changes.messageProcessor = form.messageProcessor
  if (form.presenceProcessor && form.presenceProcessor !== original.presenceProcessor)
    changes.presenceProcessor = form.presenceProcessor
  return changes
}

/** The values an attribute can take, from the processors' synchronized inventory. */
export function choicesFor(
  key: SingleAttribute,
  choices: ServiceAreaChoices | undefined,
  messageProcessor: string
): string[] {
  if (!choices) return []
  const mp = choices.messageProcessors.find((m) => m.name === messageProcessor)
  switch (key) {
    case 'devicePool':
      return choices.devicePools
    case 'commonDeviceConfig':
      return choices.commonDeviceConfigs
    case 'deviceCss':
    case 'lineCss':
      return choices.callingSearchSpaces
    case 'location':
      return choices.locations
    case 'routePartition':
      return choices.routePartitions
    case 'subscriberTemplate':
      return mp?.subscriberTemplates ?? []
    case 'cosWithTts':
    case 'cosWithoutTts':
      return mp?.classesOfService ?? []
  }
}

/** Options for a select: the choices, plus the stored value when the inventory no longer has it. */
export function withCurrent(options: readonly string[], current: string): string[] {
  return current === '' || options.includes(current) ? [...options] : [current, ...options]
}
