// Domain synchronization proper: from the inventory the processors' synchronizations stored, decide
// which users join the domain (rules.ts), build each user's services and place each in the first
// service area that fits it (seed 001 table 5-3). Pure computation over a snapshot; the caller
// writes the result in one transaction, or nothing when it is a preview or was cancelled.
import type { DomainRules, DomainSyncCounts, Severity } from '../../../src-preload/contract'
import { attributeLabels, type ServiceAreaAttributes } from '../../../src-preload/contract'
import type { DomainUserRecord, StoredDomainUser, StoredUserService } from '../../store/domainUsers'
import type { ServiceAreaRow } from '../../store/serviceAreas'
import { RESTRICTED_USERS } from '../device/objects'
import { effectiveRule, failedAttributeRule, type AttributeRule } from './rules'

export interface LogSink {
  add(
    severity: Severity,
    code: string,
    message: string,
    about?: { objectType?: string; objectName?: string; hint?: string }
  ): void
}

type Data = Record<string, unknown>
/** An inventory object as the engine reads it: only its data matters (snapshots of the store carry no keys or names). */
export interface InventoryObject {
  key?: string
  name?: string
  data: Data
}

export interface CallProcessorSnapshot {
  id: number
  name: string
  /** The Extension Mobility service configured in Device Setup, if any. */
  extensionMobility?: { serviceName: string; serviceUrl: string }
  objects: (type: string) => InventoryObject[]
}

export interface MessageProcessorSnapshot {
  id: number
  name: string
  objects: (type: string) => InventoryObject[]
}

export interface DomainSnapshot {
  name: string
  rules: DomainRules
  defaultRole: string
  callProcessors: CallProcessorSnapshot[]
  messageProcessors: MessageProcessorSnapshot[]
  serviceAreas: ServiceAreaRow[]
  /** Users of this domain as the last synchronization left them. */
  existingUsers: StoredDomainUser[]
  /** Lower-cased user ids of other domains' users. */
  otherDomains: Map<string, { userid: string; domain: string }>
}

/** Users created, updated and unchanged are counted by the write (or, for a preview, by comparing). */
export type EngineCounts = Omit<DomainSyncCounts, 'usersCreated' | 'usersUpdated' | 'usersUnchanged'>

export interface DomainSyncOutcome {
  /** The domain's users in key order. */
  users: DomainUserRecord[]
  counts: EngineCounts
}

/** Lets the caller report progress and cancel between users. */
export type Checkpoint = (done: number, total: number) => Promise<void>

/** A field's value as text (fields are read by name, not through a variable key: a fixed name is a fast property load). */
const text = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : ''
const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase()
const isTrue = (v: unknown): boolean => v === true || v === 'true' || v === 't' || v === '1'

/** Jabber and other software clients are Soft Phone products; they match no attributes (table 5-3). */
const SOFT_PHONE_PRODUCTS = new Set(
  [
    'Cisco Unified Client Services Framework',
    'Cisco Dual Mode for iPhone',
    'Cisco Dual Mode for Android',
    'Cisco Jabber for Tablet',
    'Cisco IP Communicator'
  ].map((p) => p.toLowerCase())
)

/** What a product is matched on, per seed 001 table 5-3. */
type Wanted = Partial<
  Record<
    | 'devicePool'
    | 'commonDeviceConfig'
    | 'deviceCss'
    | 'lineCss'
    | 'location'
    | 'routePartition'
    | 'protocol',
    string
  >
> & {
  messageProcessorId?: number
}

function fits(area: ServiceAreaRow, cpId: number, wanted: Wanted): boolean {
  if (area.call_processor_id !== cpId) return false
  for (const [field, value] of Object.entries(wanted) as [keyof Wanted, string | number | undefined][]) {
    if (field === 'messageProcessorId') {
      if (value !== undefined && area.message_processor_id !== value) return false
      continue
    }
    const required = area.attributes[field as keyof ServiceAreaAttributes]
    // An attribute the service area leaves empty accepts any value.
    if (required !== undefined && typeof required === 'string' && !same(required, String(value ?? '')))
      return false
  }
  return true
}

/**
 * Every service has one shape, optional fields left undefined (JSON leaves them out, so the stored
 * text is as before), which keeps building and serializing 170,000 of them on V8's fast paths.
 */
function newService(
  kind: string,
  name: string,
  processorId: number,
  serviceAreaId: number | undefined,
  details: Record<string, string>,
  searchKey?: string
): StoredUserService {
  return { kind, name, processorId, serviceAreaId, details, searchKey }
}

function describeWanted(cpName: string, wanted: Wanted, mpName?: string): string {
  const parts = [`Call Processor: ${cpName}`]
  for (const [field, value] of Object.entries(wanted)) {
    if (field === 'messageProcessorId') continue
    parts.push(
      `${attributeLabels[field as keyof ServiceAreaAttributes]}: ${value === '' || value === undefined ? 'none' : String(value)}`
    )
  }
  if (mpName) parts.push(`Unified Message Processor (Voicemail): ${mpName}`)
  return parts.join(', ')
}

const RULE_LABEL: Record<AttributeRule, string> = {
  matchDepartment: 'Match Department',
  matchLocation: 'Match Location',
  matchDevicePool: 'Match Device Pool'
}

interface Mailbox {
  mpId: number
  mpName: string
  data: Data
}

export async function computeDomainSync(
  snapshot: DomainSnapshot,
  log: LogSink,
  checkpoint: Checkpoint
): Promise<DomainSyncOutcome> {
  const rule = effectiveRule(snapshot.rules)
  if (!rule) throw new Error('computeDomainSync needs a required rule; the service checks this first.')
  const counts: EngineCounts = {
    usersRemoved: 0,
    usersSkipped: 0,
    services: 0,
    servicesWithoutArea: 0
  }
  const existing = new Map(snapshot.existingUsers.map((u) => [u.userid.toLowerCase(), u]))
  const result = new Map<string, DomainUserRecord>()
  const areasInOrder = [...snapshot.serviceAreas].sort((a, b) => a.position - b.position)

  // Mailboxes of the domain's Message Processors, by extension and by alias.
  const mailboxByExtension = new Map<string, Mailbox>()
  const mailboxByAlias = new Map<string, Mailbox[]>()
  for (const mp of snapshot.messageProcessors) {
    for (const o of mp.objects('UnityUser')) {
      const mailbox = { mpId: mp.id, mpName: mp.name, data: o.data }
      const extension = text(o.data.DtmfAccessId)
      if (extension !== '' && !mailboxByExtension.has(extension)) mailboxByExtension.set(extension, mailbox)
      const alias = text(o.data.Alias).toLowerCase()
      if (alias !== '') mailboxByAlias.set(alias, [...(mailboxByAlias.get(alias) ?? []), mailbox])
    }
  }

  const areasByProcessor = new Map<number, ServiceAreaRow[]>()
  const areasOn = (cpId: number): ServiceAreaRow[] => {
    let list = areasByProcessor.get(cpId)
    if (!list) areasByProcessor.set(cpId, (list = areasInOrder.filter((a) => a.call_processor_id === cpId)))
    return list
  }
  /**
   * Products share a few attribute combinations (one per site), so each combination is matched once,
   * and the texts its warnings repeat for thousands of products are written once too.
   */
  interface Match {
    areas: ServiceAreaRow[]
    /** The matching areas' names, for DOM-30's warning. */
    names?: string
    /** The properties searched, for DOM-39's and DOM-42's warnings, by the Message Processor named. */
    properties?: Map<string, string>
  }
  const matchCache = new Map<string, Match>()
  const matchingAreas = (cpId: number, onProcessor: ServiceAreaRow[], wanted: Wanted): Match => {
    // Values differing only in letter case get entries of their own, with the same (case-insensitive) result.
    let key = String(cpId)
    for (const field in wanted) key += `\u0000${field}\u0001${String(wanted[field as keyof Wanted] ?? '')}`
    let found = matchCache.get(key)
    if (!found) matchCache.set(key, (found = { areas: onProcessor.filter((a) => fits(a, cpId, wanted)) }))
    return found
  }

  /**
   * Places a product: the first fitting service area (a warning when several fit, DOM-30); without
   * one, the first area of its Call Processor under Non-RestrictedDomainSync, else none (a warning
   * with the properties searched: DOM-39, DOM-42).
   */
  const place = (
    kind: string,
    name: string,
    userid: string,
    cp: CallProcessorSnapshot,
    wanted: Wanted | undefined,
    code: string,
    mpName?: string
  ): number | undefined => {
    const onProcessor = areasOn(cp.id)
    if (wanted === undefined) return onProcessor[0]?.id
    const match = matchingAreas(cp.id, onProcessor, wanted)
    const matching = match.areas
    if (matching.length > 1) {
      match.names ??= matching.map((a) => a.name).join(', ')
      log.add(
        'warning',
        'DOMAIN_SEVERAL_SERVICE_AREAS',
        `${kind} ${name} of ${userid} fits ${matching.length} service areas (${match.names}); it was placed in the first, ${matching[0].name}.`,
        {
          objectType: kind,
          objectName: name,
          hint: 'Make the service areas’ attributes distinct if it belongs elsewhere.'
        }
      )
    }
    if (matching.length > 0) return matching[0].id
    // A line's mailbox is named in the text whether or not its combination matches on it.
    match.properties ??= new Map<string, string>()
    let properties = match.properties.get(mpName ?? '')
    if (properties === undefined)
      match.properties.set(mpName ?? '', (properties = describeWanted(cp.name, wanted, mpName)))
    if (snapshot.rules.nonRestricted && onProcessor.length > 0) {
      log.add(
        'warning',
        'DOMAIN_PLACED_NON_RESTRICTED',
        `${kind} ${name} of ${userid} fits no service area (${properties}); Non-RestrictedDomainSync placed it in ${onProcessor[0].name}.`,
        { objectType: kind, objectName: name }
      )
      return onProcessor[0].id
    }
    log.add(
      'warning',
      code,
      `${kind} ${name} of ${userid} could not be placed in a service area of ${snapshot.name}: none has these properties: ${properties}. It stays on the user's record without a service area.`,
      {
        objectType: kind,
        objectName: name,
        hint: `Create a service area with these settings, or change the ${kind.toLowerCase()} on Unified CM.`
      }
    )
    return undefined
  }

  const claimed = new Map<string, { userid: string; source: string }>()
  let processed = 0
  const usersOf = new Map(snapshot.callProcessors.map((cp) => [cp.id, cp.objects('User')]))
  const total = [...usersOf.values()].reduce((n, users) => n + users.length, 0)
  const restricted: string[] = []
  let notMatching = 0

  for (const cp of snapshot.callProcessors) {
    const phones = new Map(cp.objects('Phone').map((o) => [text(o.data.name), o.data]))
    // Lines by partition, then pattern (no key string to build for each of 80,000 appearances).
    const lines = new Map<string, Map<string, Data>>()
    for (const o of cp.objects('Line')) {
      const partition = text(o.data.routePartitionName)
      let inPartition = lines.get(partition)
      if (!inPartition) lines.set(partition, (inPartition = new Map<string, Data>()))
      inPartition.set(text(o.data.pattern), o.data)
    }
    const appearancesOf = groupBy(cp.objects('LineAppearance'), (o) => text(o.data.device))
    // Each user's devices: those associated with the user, then phones the user owns but is not associated with.
    const devicesOf = new Map<string, string[]>()
    const addDevice = (userKey: string, device: string): void => {
      const list = devicesOf.get(userKey)
      if (!list) devicesOf.set(userKey, [device])
      else if (!list.includes(device)) list.push(device)
    }
    for (const o of cp.objects('UserDeviceAssociation'))
      addDevice(text(o.data.userid).toLowerCase(), text(o.data.device))
    for (const [name, phone] of phones) {
      const owner = text(phone.ownerUserName).toLowerCase()
      if (owner !== '') addDevice(owner, name)
    }
    const profilesOf = groupBy(cp.objects('DeviceProfile'), (o) => text(o.data.loginUserId).toLowerCase())
    const rdpsOf = groupBy(cp.objects('RemoteDestinationProfile'), (o) => text(o.data.userId).toLowerCase())
    const licenses = new Map(
      cp.objects('LicensedUser').map((o) => [text(o.data.userId).toLowerCase(), o.data])
    )
    const subscriptions = groupBy(cp.objects('DeviceProfileService'), (o) => text(o.data.device))
    const emService = cp.extensionMobility

    for (const user of usersOf.get(cp.id) ?? []) {
      processed += 1
      if (processed % 500 === 0) await checkpoint(processed, total)
      const userid = text(user.data.userid)
      const key = userid.toLowerCase()
      if (userid === '') continue
      if (RESTRICTED_USERS.has(key) || isTrue(user.data.restricted)) {
        restricted.push(`${userid} (${cp.name})`)
        counts.usersSkipped += 1
        continue
      }
      const userPhones: { name: string; data: Data }[] = []
      for (const name of devicesOf.get(key) ?? []) {
        const data = phones.get(name)
        if (data) userPhones.push({ name, data })
      }
      const userRdps = rdpsOf.get(key) ?? []
      const isExisting = existing.has(key)
      if (!isExisting) {
        if (rule.kind === 'sync-only-existing') {
          notMatching += 1
          continue
        }
        if (rule.kind === 'attributes') {
          const failed = failedAttributeRule(rule.lists, cp.name, {
            department: text(user.data.department),
            locations: userPhones.map((p) => text(p.data.locationName)),
            devicePools: [
              ...userPhones.map((p) => text(p.data.devicePoolName)),
              ...userRdps.map((r) => text(r.data.devicePoolName))
            ]
          })
          if (failed) {
            notMatching += 1
            continue
          }
        }
      }
      // DOM-40: user ids are unique regardless of case, here and across domains.
      const earlier = claimed.get(key)
      const elsewhere = snapshot.otherDomains.get(key)
      const stored = existing.get(key)
      const clash =
        earlier && earlier.userid !== userid
          ? `${earlier.userid} (from ${earlier.source})`
          : elsewhere && elsewhere.userid !== userid
            ? `${elsewhere.userid} (domain ${elsewhere.domain})`
            : stored && stored.userid !== userid
              ? `${stored.userid} (already in ${snapshot.name})`
              : undefined
      if (clash) {
        log.add(
          'warning',
          'DOMAIN_DUPLICATE_USER',
          `Duplicate user id: skipped ${userid} from the Call Processor ${cp.name}, because the user ${clash} exists with the same id in different letter case. Its services were not synchronized.`,
          {
            objectType: 'User',
            objectName: userid,
            hint: 'User ids are unique regardless of case: remove one of the two users on Unified CM.'
          }
        )
        counts.usersSkipped += 1
        continue
      }
      if (elsewhere) {
        log.add(
          'warning',
          'DOMAIN_USER_IN_OTHER_DOMAIN',
          `${userid} from ${cp.name} was not added: the user already belongs to the domain ${elsewhere.domain}.`,
          {
            objectType: 'User',
            objectName: userid,
            hint: `A user belongs to one domain. Narrow the rules of ${elsewhere.domain} (switchboard domains edit, or Provisioning Setup) so that it no longer takes this user, synchronize it, then synchronize this domain again.`
          }
        )
        counts.usersSkipped += 1
        continue
      }
      if (earlier) {
        log.add(
          'info',
          'DOMAIN_USER_ON_SEVERAL_PROCESSORS',
          `${userid} exists on ${earlier.source} and ${cp.name}; the services of both are on one user record.`,
          { objectType: 'User', objectName: userid }
        )
      }
      claimed.set(key, { userid, source: earlier?.source ?? cp.name })

      const services: StoredUserService[] = []
      const add = (service: StoredUserService): void => {
        services.push(service)
      }
      const softPhones: string[] = []
      const placedLines = new Map<string, number | undefined>()

      const addLines = (
        deviceName: string,
        device: Data,
        kind: 'Line' | 'Extension Mobility Access Line' | 'Remote Destination Profile Line',
        code: string
      ): void => {
        for (const a of appearancesOf.get(deviceName) ?? []) {
          const pattern = text(a.data.pattern)
          const partition = text(a.data.partition)
          const line = lines.get(partition)?.get(pattern) ?? {}
          const lineName = `${pattern}${partition ? ` / ${partition}` : ''}`
          const serviceName =
            kind === 'Line' ? lineName : `${deviceName} line ${text(a.data.position)}: ${lineName}`
          if (kind === 'Line' && placedLines.has(lineName)) continue // a shared line is one product
          const mailbox = mailboxByExtension.get(pattern)
          const wanted: Wanted =
            kind === 'Line'
              ? {
                  devicePool: text(device.devicePoolName),
                  commonDeviceConfig: text(device.commonDeviceConfigName),
                  lineCss: text(line.shareLineAppearanceCssName),
                  location: text(device.locationName),
                  routePartition: partition,
                  protocol: text(device.protocol),
                  ...(mailbox ? { messageProcessorId: mailbox.mpId } : {})
                }
              : { lineCss: text(line.shareLineAppearanceCssName), routePartition: partition }
          const areaId = place(kind, serviceName, userid, cp, wanted, code, mailbox?.mpName)
          if (kind === 'Line') placedLines.set(lineName, areaId)
          add(
            newService(
              kind,
              serviceName,
              cp.id,
              areaId,
              { pattern, partition, device: deviceName, position: text(a.data.position) },
              `dn:${pattern}`
            )
          )
          // DOM-41: a line that expects voicemail has a mailbox with its number on a Message Processor.
          if (
            kind === 'Line' &&
            !mailbox &&
            text(line.voiceMailProfileName) !== '' &&
            snapshot.messageProcessors.length > 0
          ) {
            log.add(
              'warning',
              'DOMAIN_NO_VOICEMAIL',
              `No matching voicemail found for directory number ${pattern} of ${userid}: no mailbox on ${snapshot.messageProcessors.map((m) => m.name).join(', ')} has this extension.`,
              {
                objectType: 'Line',
                objectName: lineName,
                hint: 'Run the Message Processor’s user synchronization, or create a service area with this line’s Call Processor, route partition and Message Processor.'
              }
            )
          }
        }
      }

      for (const phone of userPhones) {
        const soft = SOFT_PHONE_PRODUCTS.has(text(phone.data.product).toLowerCase())
        const kind = soft ? 'Soft Phone' : 'Phone'
        if (soft) softPhones.push(phone.name)
        const areaId = place(
          kind,
          phone.name,
          userid,
          cp,
          soft
            ? undefined
            : {
                devicePool: text(phone.data.devicePoolName),
                commonDeviceConfig: text(phone.data.commonDeviceConfigName),
                deviceCss: text(phone.data.callingSearchSpaceName),
                location: text(phone.data.locationName),
                protocol: text(phone.data.protocol)
              },
          'DOMAIN_PHONE_NO_SERVICE_AREA'
        )
        const mac = /^SEP([0-9A-F]{12})$/i.exec(phone.name)?.[1]
        add(
          newService(
            kind,
            phone.name,
            cp.id,
            areaId,
            {
              product: text(phone.data.product),
              protocol: text(phone.data.protocol),
              devicePool: text(phone.data.devicePoolName),
              location: text(phone.data.locationName)
            },
            mac ? `mac:${mac.toUpperCase()}` : undefined
          )
        )
        addLines(phone.name, phone.data, 'Line', 'DOMAIN_LINE_NO_SERVICE_AREA')
      }

      // DOM-31/32: a device profile is Extension Mobility Access only when it subscribes to the EM service.
      for (const profile of profilesOf.get(key) ?? []) {
        const name = text(profile.data.name)
        const subscribed = (subscriptions.get(name) ?? []).some((s) =>
          emService
            ? same(text(s.data.url), emService.serviceUrl) ||
              same(text(s.data.service), emService.serviceName)
            : text(s.data.service).toLowerCase().includes('extension mobility')
        )
        if (!subscribed) {
          log.add(
            'info',
            'DOMAIN_PROFILE_NOT_EXTENSION_MOBILITY',
            `Device profile ${name} of ${userid} is not subscribed to the Extension Mobility service${emService ? ` (${emService.serviceName})` : ''}; it was not added as Extension Mobility Access.`,
            {
              objectType: 'DeviceProfile',
              objectName: name,
              hint: 'Subscribe the profile to the Extension Mobility service on Unified CM if the user logs in with it.'
            }
          )
          continue
        }
        const areaId = place(
          'Extension Mobility Access',
          name,
          userid,
          cp,
          undefined,
          'DOMAIN_PROFILE_NO_SERVICE_AREA'
        )
        add(
          newService('Extension Mobility Access', name, cp.id, areaId, {
            product: text(profile.data.product)
          })
        )
        addLines(name, profile.data, 'Extension Mobility Access Line', 'DOMAIN_PROFILE_LINE_NO_SERVICE_AREA')
      }

      for (const rdp of userRdps) {
        const name = text(rdp.data.name)
        const areaId = place(
          'Remote Destination Profile',
          name,
          userid,
          cp,
          {
            devicePool: text(rdp.data.devicePoolName),
            deviceCss: text(rdp.data.callingSearchSpaceName)
          },
          'DOMAIN_RDP_NO_SERVICE_AREA'
        )
        add(
          newService('Remote Destination Profile', name, cp.id, areaId, {
            devicePool: text(rdp.data.devicePoolName)
          })
        )
        addLines(name, rdp.data, 'Remote Destination Profile Line', 'DOMAIN_RDP_LINE_NO_SERVICE_AREA')
      }

      // DOM-29: user-level products go to the first service area of the user's Call Processor.
      const firstArea = areasInOrder.find((a) => a.call_processor_id === cp.id)?.id
      const userLevel = (
        kind: 'Enable Mobility Support' | 'Enable Softphone Support' | 'User Services'
      ): void => add(newService(kind, userid, cp.id, firstArea, {}))
      if (isTrue(licenses.get(key)?.snrEnabled) || userRdps.length > 0) userLevel('Enable Mobility Support')
      if (softPhones.length > 0) userLevel('Enable Softphone Support')
      if (isTrue(user.data.imAndPresenceEnable)) userLevel('User Services')

      const merged = result.get(key)
      const record: DomainUserRecord = merged ?? {
        userid,
        role: stored?.role ?? snapshot.defaultRole,
        source: cp.name,
        data: {
          firstName: text(user.data.firstName),
          lastName: text(user.data.lastName),
          ...(text(user.data.department) ? { department: text(user.data.department) } : {}),
          ...(text(user.data.mailid) ? { email: text(user.data.mailid) } : {}),
          ...(primaryDnOf(user.data) ? { primaryDn: primaryDnOf(user.data) } : {})
        },
        services: []
      }
      record.services.push(...services)
      result.set(key, record)
    }
  }

  // Mailboxes (DOM-16, DOM-17): voicemail and unified messaging for users with a mailbox of their alias;
  // other mailboxes join only under Sync All Users (Unity Connection).
  let mailboxesWithoutUser = 0
  for (const [alias, mailboxes] of mailboxByAlias) {
    let record = result.get(alias)
    if (!record) {
      const stored = existing.get(alias)
      const unityOnly =
        stored !== undefined && snapshot.messageProcessors.some((m) => same(m.name, stored.source))
      if (!snapshot.rules.syncAllUmUsers && !unityOnly) {
        mailboxesWithoutUser += 1
        continue
      }
      const elsewhere = snapshot.otherDomains.get(alias)
      if (elsewhere) {
        counts.usersSkipped += 1
        log.add(
          'warning',
          'DOMAIN_USER_IN_OTHER_DOMAIN',
          `Mailbox ${alias} on ${mailboxes[0].mpName} was not added: ${elsewhere.userid} already belongs to the domain ${elsewhere.domain}.`,
          {
            objectType: 'UnityUser',
            objectName: alias
          }
        )
        continue
      }
      const data = mailboxes[0].data
      record = {
        userid: text(data.Alias),
        role: stored?.role ?? snapshot.defaultRole,
        source: mailboxes[0].mpName,
        data: {
          firstName: text(data.FirstName),
          lastName: text(data.LastName) || text(data.DisplayName) || text(data.Alias),
          ...(text(data.EmailAddress) ? { email: text(data.EmailAddress) } : {})
        },
        services: []
      }
      result.set(alias, record)
    } else if (snapshot.rules.primaryFromUm) {
      const data = mailboxes[0].data
      record.data = {
        ...record.data,
        firstName: text(data.FirstName) || record.data.firstName,
        lastName: text(data.LastName) || record.data.lastName,
        ...(text(data.EmailAddress) ? { email: text(data.EmailAddress) } : {})
      }
      record.source = mailboxes[0].mpName
    }
    for (const mailbox of mailboxes) {
      const extension = text(mailbox.data.DtmfAccessId)
      // Voicemail belongs where its line is (table 5-3), else to the first area of its Message Processor.
      const line = record.services.find((s) => s.kind === 'Line' && s.details.pattern === extension)
      const areaId =
        line?.serviceAreaId !== undefined &&
        areasInOrder.find((a) => a.id === line.serviceAreaId)?.message_processor_id === mailbox.mpId
          ? line.serviceAreaId
          : areasInOrder.find((a) => a.message_processor_id === mailbox.mpId)?.id
      const base = {
        name: text(mailbox.data.Alias),
        processorId: mailbox.mpId,
        ...(areaId !== undefined ? { serviceAreaId: areaId } : {}),
        ...(extension ? { searchKey: `dn:${extension}` } : {})
      }
      record.services.push({
        kind: 'Voicemail',
        ...base,
        details: { extension, mailbox: text(mailbox.data.DisplayName) }
      })
      // Table 5-3: Unified Messaging Info goes with its voicemail product.
      if (isTrue(mailbox.data.UnifiedMessagingAccount))
        record.services.push({
          kind: 'Unified Messaging',
          ...base,
          details: { email: text(mailbox.data.EmailAddress) }
        })
    }
  }

  if (restricted.length > 0) {
    log.add(
      'info',
      'DOMAIN_USERS_RESTRICTED',
      `Restricted users were not filed into ${snapshot.name}: ${restricted.join(', ')}. Switchboard never provisions admin and globaladmin accounts.`,
      { objectType: 'User' }
    )
  }
  if (notMatching > 0) {
    log.add(
      'info',
      'DOMAIN_USERS_NOT_MATCHING',
      rule.kind === 'sync-only-existing'
        ? `${notMatching} users of the Call Processors are not in ${snapshot.name} and were not added (Sync Only Existing Users).`
        : `${notMatching} users of the Call Processors did not satisfy ${Object.keys(
            rule.kind === 'attributes' ? rule.lists : {}
          )
            .map((r) => RULE_LABEL[r as AttributeRule])
            .join(' AND ')} and were not added.`,
      { objectType: 'User' }
    )
  }
  if (mailboxesWithoutUser > 0) {
    log.add(
      'info',
      'DOMAIN_MAILBOXES_WITHOUT_USER',
      `${mailboxesWithoutUser} mailboxes have no user of the same alias in ${snapshot.name} and were not added (Sync All Users (Unity Connection) is off).`,
      { objectType: 'UnityUser' }
    )
  }

  for (const [key, stored] of existing) {
    const record = result.get(key)
    // Users from the directory stay a directory user when Unified CM also has them.
    if (record && stored.data.ldapDn) record.data.ldapDn = stored.data.ldapDn
    if (record) continue
    if (stored.data.ldapDn) {
      // Directory users need no Unified CM account; LDAP synchronization decides when they go.
      result.set(key, {
        userid: stored.userid,
        role: stored.role,
        source: stored.source,
        data: stored.data,
        services: []
      })
      continue
    }
    counts.usersRemoved += 1
    log.add(
      'info',
      'DOMAIN_USER_REMOVED',
      `${stored.userid} is no longer on any processor of ${snapshot.name}; it was removed from the domain.`,
      { objectType: 'User', objectName: stored.userid }
    )
  }
  // In key order: the store's users are ordered by key, so writing them in order appends.
  // The default sort orders strings by UTF-16 code units, as < does, without a comparator call per pair.
  const users = [...result.keys()].sort().map((key) => result.get(key)!)
  for (const user of users) {
    counts.services += user.services.length
    for (const s of user.services) if (s.serviceAreaId === undefined) counts.servicesWithoutArea += 1
  }
  await checkpoint(total, total)
  return { users, counts }
}

/** The pattern of a user's primaryExtension (a nested element of the AXL user). */
function primaryDnOf(user: Data): string {
  const extension = user.primaryExtension
  if (typeof extension !== 'object' || extension === null) return ''
  const pattern = (extension as Data).pattern
  return typeof pattern === 'string' ? pattern : ''
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>()
  for (const item of items) {
    const key = keyOf(item)
    const list = map.get(key)
    if (list) list.push(item)
    else map.set(key, [item])
  }
  return map
}
