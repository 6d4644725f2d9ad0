// A user's products on one Call Processor (seed 001 table 5-3): phones and soft phones with their
// lines, Extension Mobility profiles, remote destination profiles with their lines, and the
// user-level products, each placed in a service area.
import type { StoredUserService } from '../../store/domainUserRecords'
import type { CallProcessorSnapshot, InventoryObject, LogSink } from './snapshot'
import type { CallProcessorIndex, Mailbox, MailboxIndex, UserPhone } from './processorIndexes'
import type { Product, ServiceAreaPlacement, Wanted } from './serviceAreaPlacement'
import { isTrue, sameText, text, type Data } from './values'

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

type LineKind = 'Line' | 'Extension Mobility Access Line' | 'Remote Destination Profile Line'

/** A user of the Call Processor whom the domain takes, with the devices its rules looked at. */
export interface CallProcessorUser {
  userid: string
  /** The lower-cased user id. */
  key: string
  data: Data
  phones: UserPhone[]
  remoteDestinationProfiles: InventoryObject[]
}

/** What building one user's services keeps track of. */
interface UserProducts {
  user: CallProcessorUser
  services: StoredUserService[]
  softPhones: number
  /** Lines placed so far by name: a shared line is one product. */
  placedLines: Set<string>
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

/** Builds the services of the users of one Call Processor. */
export class UserServices {
  /** The Message Processors named in DOM-41's warning; undefined when the domain has none. */
  private readonly messageProcessorNames: string | undefined
  /** The mailboxes serving this Call Processor's lines, by extension. */
  private readonly mailboxByExtension: Map<string, Mailbox>

  constructor(
    private readonly cp: CallProcessorSnapshot,
    private readonly index: CallProcessorIndex,
    mailboxes: MailboxIndex,
    private readonly placement: ServiceAreaPlacement,
    private readonly log: LogSink,
    domainHasMessageProcessors: boolean
  ) {
    const serving = mailboxes.processorsServing.get(cp.id)
    this.messageProcessorNames = !domainHasMessageProcessors
      ? undefined
      : serving
        ? serving.join(', ')
        : `any Message Processor serving ${cp.name}`
    this.mailboxByExtension = mailboxes.byLine.get(cp.id) ?? new Map<string, Mailbox>()
  }

  of(user: CallProcessorUser): StoredUserService[] {
    const products: UserProducts = { user, services: [], softPhones: 0, placedLines: new Set() }
    for (const phone of user.phones) this.addPhone(products, phone)
    for (const profile of this.index.deviceProfilesOf.get(user.key) ?? [])
      this.addDeviceProfile(products, profile.data)
    for (const rdp of user.remoteDestinationProfiles) this.addRemoteDestinationProfile(products, rdp.data)
    this.addUserLevelProducts(products)
    return products.services
  }

  private place(
    products: UserProducts,
    kind: string,
    name: string,
    wanted: Wanted | undefined,
    code: string,
    mpName?: string
  ): number | undefined {
    const product: Product = { kind, name, userid: products.user.userid }
    return this.placement.place(product, this.cp, wanted, code, mpName)
  }

  private addPhone(products: UserProducts, phone: UserPhone): void {
    const soft = SOFT_PHONE_PRODUCTS.has(text(phone.data.product).toLowerCase())
    const kind = soft ? 'Soft Phone' : 'Phone'
    if (soft) products.softPhones += 1
    const areaId = this.place(
      products,
      kind,
      phone.name,
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
    products.services.push(
      newService(
        kind,
        phone.name,
        this.cp.id,
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
    this.addLines(products, phone.name, phone.data, 'Line', 'DOMAIN_LINE_NO_SERVICE_AREA')
  }

  /** DOM-31/32: a device profile is Extension Mobility Access only when it subscribes to the EM service. */
  private addDeviceProfile(products: UserProducts, profile: Data): void {
    const name = text(profile.name)
    if (!this.subscribesToExtensionMobility(name)) {
      const emService = this.cp.extensionMobility
      this.log.add(
        'info',
        'DOMAIN_PROFILE_NOT_EXTENSION_MOBILITY',
        `Device profile ${name} of ${products.user.userid} is not subscribed to the Extension Mobility service${emService ? ` (${emService.serviceName})` : ''}; it was not added as Extension Mobility Access.`,
        {
          objectType: 'DeviceProfile',
          objectName: name,
          hint: 'Subscribe the profile to the Extension Mobility service on Unified CM if the user logs in with it.'
        }
      )
      return
    }
    const kind = 'Extension Mobility Access'
    const areaId = this.place(products, kind, name, undefined, 'DOMAIN_PROFILE_NO_SERVICE_AREA')
    products.services.push(newService(kind, name, this.cp.id, areaId, { product: text(profile.product) }))
    this.addLines(
      products,
      name,
      profile,
      'Extension Mobility Access Line',
      'DOMAIN_PROFILE_LINE_NO_SERVICE_AREA'
    )
  }

  private subscribesToExtensionMobility(profileName: string): boolean {
    const emService = this.cp.extensionMobility
    return (this.index.subscriptionsOf.get(profileName) ?? []).some((s) =>
      emService
        ? sameText(text(s.data.url), emService.serviceUrl) ||
          sameText(text(s.data.service), emService.serviceName)
        : text(s.data.service).toLowerCase().includes('extension mobility')
    )
  }

  private addRemoteDestinationProfile(products: UserProducts, rdp: Data): void {
    const kind = 'Remote Destination Profile'
    const name = text(rdp.name)
    const areaId = this.place(
      products,
      kind,
      name,
      { devicePool: text(rdp.devicePoolName), deviceCss: text(rdp.callingSearchSpaceName) },
      'DOMAIN_RDP_NO_SERVICE_AREA'
    )
    products.services.push(
      newService(kind, name, this.cp.id, areaId, { devicePool: text(rdp.devicePoolName) })
    )
    this.addLines(products, name, rdp, 'Remote Destination Profile Line', 'DOMAIN_RDP_LINE_NO_SERVICE_AREA')
  }

  private addLines(
    products: UserProducts,
    deviceName: string,
    device: Data,
    kind: LineKind,
    code: string
  ): void {
    for (const a of this.index.appearancesOf.get(deviceName) ?? []) {
      const pattern = text(a.data.pattern)
      const partition = text(a.data.partition)
      const line = this.index.lines.get(partition)?.get(pattern) ?? {}
      const lineName = `${pattern}${partition ? ` / ${partition}` : ''}`
      const serviceName =
        kind === 'Line' ? lineName : `${deviceName} line ${text(a.data.position)}: ${lineName}`
      if (kind === 'Line' && products.placedLines.has(lineName)) continue // a shared line is one product
      const mailbox = this.mailboxByExtension.get(pattern)
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
      const areaId = this.place(products, kind, serviceName, wanted, code, mailbox?.mpName)
      if (kind === 'Line') products.placedLines.add(lineName)
      products.services.push(
        newService(
          kind,
          serviceName,
          this.cp.id,
          areaId,
          { pattern, partition, device: deviceName, position: text(a.data.position) },
          `dn:${pattern}`
        )
      )
      if (kind === 'Line' && !mailbox && text(line.voiceMailProfileName) !== '')
        this.warnNoVoicemail(products.user.userid, pattern, lineName)
    }
  }

  /** DOM-41: a line that expects voicemail has a mailbox with its number on a Message Processor. */
  private warnNoVoicemail(userid: string, pattern: string, lineName: string): void {
    if (this.messageProcessorNames === undefined) return
    this.log.add(
      'warning',
      'DOMAIN_NO_VOICEMAIL',
      `No matching voicemail found for directory number ${pattern} of ${userid}: no mailbox on ${this.messageProcessorNames} has this extension.`,
      {
        objectType: 'Line',
        objectName: lineName,
        hint: 'Run the Message Processor’s user synchronization, or create a service area with this line’s Call Processor, route partition and Message Processor.'
      }
    )
  }

  /** DOM-29: user-level products go to the first service area of the user's Call Processor. */
  private addUserLevelProducts(products: UserProducts): void {
    const { user } = products
    const firstArea = this.placement.firstAreaOn(this.cp.id)
    const add = (kind: 'Enable Mobility Support' | 'Enable Softphone Support' | 'User Services'): void => {
      products.services.push(newService(kind, user.userid, this.cp.id, firstArea, {}))
    }
    if (isTrue(this.index.licenses.get(user.key)?.snrEnabled) || user.remoteDestinationProfiles.length > 0)
      add('Enable Mobility Support')
    if (products.softPhones > 0) add('Enable Softphone Support')
    if (isTrue(user.data.imAndPresenceEnable)) add('User Services')
  }
}
