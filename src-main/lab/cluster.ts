import { ChangeQueue } from './changes'
import { ref, text, type Collection, type FieldValue, type LabObject } from './model'
import { axlUuid, hash32, macAddress, pick, unit } from './random'
import { DEPARTMENTS, FIRST_NAMES, LAST_NAMES, PHONE_MODELS, SITES } from './vocabulary'

export interface ClusterOptions {
  name: string
  seed: number
  /** End users (besides the admin and globaladmin accounts). Phones ≈ 1.5×, lines 2×, device profiles ⅛. */
  users: number
  /** Full version getCCMVersion reports. */
  version?: string
}

export type Site = (typeof SITES)[number]

/** Which line sits on which device, at which button: what getPhone and the line-appearance SQL return. */
export interface LineAppearance {
  deviceType: 'Phone' | 'DeviceProfile' | 'RemoteDestinationProfile'
  deviceIndex: number
  lineIndex: number
  position: number
}

/** ASCII user-id stem: "Zoë Müller" → "zmuller". */
function idStem(first: string, last: string): string {
  const fold = (s: string): string =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/ł/g, 'l')
      .replace(/Ł/g, 'L')
      .replace(/ø/g, 'o')
      .replace(/[^A-Za-z]/g, '')
      .toLowerCase()
  return fold(first).slice(0, 1) + fold(last)
}

/** A static collection of infrastructure objects, built once (they are few). */
class StaticCollection implements Collection {
  private readonly byKey: Map<string, number>
  constructor(
    readonly type: string,
    readonly keyField: string,
    readonly searchFields: readonly string[],
    private readonly objects: (LabObject | undefined)[]
  ) {
    this.byKey = new Map(objects.map((o, i) => [text(o?.fields[keyField]).toLowerCase(), i]))
  }
  size(): number {
    return this.objects.length
  }
  at(index: number): LabObject | undefined {
    return this.objects[index]
  }
  has(index: number): boolean {
    return this.objects[index] !== undefined
  }
  indexOf(key: string): number | undefined {
    const index = this.byKey.get(key.toLowerCase())
    return index !== undefined && this.objects[index] ? index : undefined
  }
  replace(index: number, object: LabObject | undefined): void {
    this.objects[index] = object
  }
  append(object: LabObject): number {
    this.objects.push(object)
    this.byKey.set(text(object.fields[this.keyField]).toLowerCase(), this.objects.length - 1)
    return this.objects.length - 1
  }
}

/**
 * A generated collection: object i is computed from (seed, i) on demand, so a 60,000-phone cluster
 * costs nothing until a page is asked for. Mutations live in an overlay.
 */
class GeneratedCollection implements Collection {
  private readonly overlay = new Map<number, LabObject | undefined>()
  private readonly added: LabObject[] = []
  private keyIndex: Map<string, number> | undefined

  constructor(
    readonly type: string,
    readonly keyField: string,
    readonly searchFields: readonly string[],
    private readonly baseSize: number,
    private readonly generate: (index: number) => LabObject,
    private readonly keyOf: (index: number) => string
  ) {}

  size(): number {
    return this.baseSize + this.added.length
  }
  has(index: number): boolean {
    if (this.overlay.has(index)) return this.overlay.get(index) !== undefined
    return index >= 0 && index < this.size()
  }
  at(index: number): LabObject | undefined {
    if (this.overlay.has(index)) return this.overlay.get(index)
    if (index < this.baseSize) return this.generate(index)
    return this.added[index - this.baseSize]
  }
  indexOf(key: string): number | undefined {
    // Built on first lookup from keys alone (cheap strings, not objects).
    if (!this.keyIndex) {
      this.keyIndex = new Map()
      for (let i = 0; i < this.baseSize; i++) this.keyIndex.set(this.keyOf(i).toLowerCase(), i)
      this.added.forEach((o, i) =>
        this.keyIndex?.set(text(o.fields[this.keyField]).toLowerCase(), this.baseSize + i)
      )
    }
    const index = this.keyIndex.get(key.toLowerCase())
    return index !== undefined && this.at(index) ? index : undefined
  }
  replace(index: number, object: LabObject | undefined): void {
    this.overlay.set(index, object)
    if (object) this.keyIndex?.set(text(object.fields[this.keyField]).toLowerCase(), index)
  }
  append(object: LabObject): number {
    this.added.push(object)
    const index = this.size() - 1
    this.keyIndex?.set(text(object.fields[this.keyField]).toLowerCase(), index)
    return index
  }
}

type Mutable = StaticCollection | GeneratedCollection

/**
 * A simulated Unified CM cluster: infrastructure and users, phones, lines, device profiles and
 * remote destination profiles with realistic relations, deterministic for a seed.
 */
export class LabCluster {
  readonly name: string
  readonly seed: number
  readonly version: string
  readonly users: number
  readonly phones: number
  readonly lines: number
  readonly deviceProfiles: number
  readonly rdps: number
  readonly sites: Site[]
  readonly changes: ChangeQueue
  private readonly collections = new Map<string, Mutable>()

  constructor(options: ClusterOptions) {
    if (!Number.isInteger(options.users) || options.users < 1)
      throw new Error('users must be a whole number of at least 1')
    this.name = options.name
    this.seed = options.seed
    this.version = options.version ?? '15.0.1.11900(23)'
    this.users = options.users
    this.phones = Math.floor(options.users * 1.5)
    this.lines = options.users * 2
    this.deviceProfiles = Math.max(1, Math.floor(options.users / 8))
    this.rdps = Math.max(1, Math.floor(options.users / 20))
    this.sites = SITES.slice(0, Math.min(SITES.length, Math.max(2, Math.ceil(options.users / 3000))))
    this.changes = new ChangeQueue(options.seed)
    this.buildInfrastructure()
    this.buildUserObjects()
  }

  /** Every collection, keyed by lower-case AXL object name. */
  collection(type: string): Collection | undefined {
    return this.collections.get(type.toLowerCase())
  }

  types(): string[] {
    return [...this.collections.values()].map((c) => c.type)
  }

  uuid(type: string, key: string | number): string {
    return axlUuid(this.seed, type, key)
  }

  // ---------- relations ----------

  siteOfUser(i: number): Site {
    return this.sites[i % this.sites.length]
  }

  userid(i: number): string {
    if (i === this.users) return 'admin'
    if (i === this.users + 1) return 'globaladmin'
    return `${idStem(this.firstName(i), this.lastName(i))}${String(i + 1).padStart(4, '0')}`
  }

  firstName(i: number): string {
    return pick(FIRST_NAMES, this.seed, 'first', i)
  }

  lastName(i: number): string {
    return pick(LAST_NAMES, this.seed, 'last', i)
  }

  department(i: number): string {
    return pick(DEPARTMENTS, this.seed, 'dept', i)
  }

  /** Phone j's owner: every user has a desk phone; half of them (even indexes) also Jabber. */
  phoneOwner(j: number): number | undefined {
    if (j >= this.users) return (j - this.users) * 2
    return this.isCommonAreaPhone(j) ? undefined : j
  }

  isCommonAreaPhone(j: number): boolean {
    return j < this.users && hash32(this.seed, 'common-area', j) % 50 === 1
  }

  /** About 1% of desk phones are analog ports on a VG224 gateway. */
  isAnalog(j: number): boolean {
    return j < this.users && hash32(this.seed, 'analog', j) % 100 === 0
  }

  phoneName(j: number): string {
    if (j >= this.users) return `CSF${this.userid((j - this.users) * 2).toUpperCase()}`.slice(0, 15)
    if (this.isAnalog(j)) return `AN${macAddress(this.seed, j).slice(2)}${String(j % 24).padStart(3, '0')}`
    return `SEP${macAddress(this.seed, j)}`
  }

  /** Lines: [0, N) primary DNs, [N, 1.5N) second lines of odd users, then device-profile lines, then intercom and orphan DNs. */
  linePattern(k: number): string {
    return `${(k % 9) + 1}${String(k).padStart(6, '0')}`
  }

  lineKind(k: number): 'primary' | 'secondary' | 'device-profile' | 'intercom' | 'orphan' {
    const n = this.users
    if (k < n) return 'primary'
    if (k < n + Math.floor(n / 2)) return 'secondary'
    if (k < n + Math.floor(n / 2) + this.deviceProfiles) return 'device-profile'
    return (k - n) % 2 === 0 ? 'intercom' : 'orphan'
  }

  /** Line appearances of a device, in button order. */
  appearances(deviceType: LineAppearance['deviceType'], index: number): LineAppearance[] {
    const n = this.users
    const half = Math.floor(n / 2)
    const list: LineAppearance[] = []
    const add = (lineIndex: number): void => {
      if (lineIndex < this.lines)
        list.push({ deviceType, deviceIndex: index, lineIndex, position: list.length + 1 })
    }
    if (deviceType === 'Phone') {
      if (index >= n)
        add((index - n) * 2) // Jabber shares the owner's primary line
      else {
        add(index)
        if (index % 2 === 1 && (index - 1) / 2 < half) add(n + (index - 1) / 2)
        const intercom = n + half + this.deviceProfiles + index * 2
        if (index % 10 === 0 && this.lineKind(intercom) === 'intercom') add(intercom)
      }
    } else if (deviceType === 'DeviceProfile') {
      add(n + half + index)
    } else {
      add(index * 20) // remote destination profile shares the owner's primary DN
    }
    return list
  }

  /**
   * Phone services device profile p subscribes to, ordered by service name (what the
   * telecastersubscribedservice query and getDeviceProfile return): Extension Mobility for every
   * profile but each fourth (p % 4 === 3), the Corporate Directory for even profiles.
   */
  profileServices(p: number): { service: string; url: string }[] {
    const host = `http://${this.name.toLowerCase()}-pub.lab.example.test:8080`
    const services: { service: string; url: string }[] = []
    if (p % 2 === 0) services.push({ service: 'Corporate Directory', url: `${host}/ccmcip/xmldirectory.jsp` })
    if (p % 4 !== 3)
      services.push({ service: 'Extension Mobility', url: `${host}/emapp/EMAppServlet?device=#DEVICENAME#` })
    return services
  }

  // ---------- builders ----------

  private register(collection: Mutable): void {
    this.collections.set(collection.type.toLowerCase(), collection)
  }

  private object(type: string, key: string, fields: Record<string, FieldValue | undefined>): LabObject {
    const clean: Record<string, FieldValue> = {}
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) clean[k] = v
    return { uuid: this.uuid(type, key), fields: clean }
  }

  /** A reference to an infrastructure object by type and name. */
  fk(type: string, name: string): FieldValue {
    return ref(name, this.uuid(type, name))
  }

  private staticType(
    type: string,
    keyField: string,
    searchFields: string[],
    rows: Record<string, FieldValue | undefined>[]
  ): void {
    this.register(
      new StaticCollection(
        type,
        keyField,
        searchFields,
        rows.map((fields) => this.object(type, text(fields[keyField]), fields))
      )
    )
  }

  private buildInfrastructure(): void {
    const sites = this.sites
    const per = <T>(f: (site: Site, i: number) => T): T[] => sites.map(f)
    const named = (
      names: string[],
      extra: (name: string, i: number) => Record<string, FieldValue | undefined> = () => ({})
    ) => names.map((name, i) => ({ name, ...extra(name, i) }))

    this.staticType(
      'CallManagerGroup',
      'name',
      ['name'],
      named(['CMG-Primary', 'CMG-Secondary'], () => ({ tftpDefault: 'false' }))
    )
    this.staticType(
      'Region',
      'name',
      ['name'],
      named(['Default', ...per((s) => `REG-${s.code}`)], () => ({ defaultCodec: 'G.711' }))
    )
    this.staticType(
      'Location',
      'name',
      ['name'],
      named(['Hub_None', 'Phantom', ...per((s) => `LOC-${s.code}`)], (_n, i) => ({
        id: String(i + 1),
        withinAudioBandwidth: '0'
      }))
    )
    this.staticType(
      'RoutePartition',
      'name',
      ['name', 'description'],
      named(
        ['PT-Internal', 'PT-Intercom', 'PT-Emergency', 'PT-VoiceMail', ...per((s) => `PT-${s.code}-Local`)],
        (n) => ({
          description: `${n.replace('PT-', '')} numbers`
        })
      )
    )
    const cssNames = [
      'CSS-Internal',
      'CSS-Intercom',
      ...sites.flatMap((s) => [
        `CSS-${s.code}-Device`,
        `CSS-${s.code}-National`,
        `CSS-${s.code}-International`
      ])
    ]
    this.staticType(
      'Css',
      'name',
      ['description', 'partitionUsage', 'name'],
      cssNames.map((name) => ({
        description: `${name.replace('CSS-', '')} calling search space`,
        clause: name === 'CSS-Intercom' ? 'PT-Intercom' : 'PT-Internal:PT-Emergency:PT-VoiceMail',
        partitionUsage: name === 'CSS-Intercom' ? 'Intercom' : 'General',
        name
      }))
    )
    this.staticType(
      'DateTimeGroup',
      'name',
      ['name', 'timeZone'],
      named(['CMLocal', ...per((s) => `DT-${s.code}`)], () => ({ timeZone: 'Etc/GMT' }))
    )
    this.staticType(
      'Srst',
      'name',
      ['name', 'ipAddress'],
      named(
        per((s) => `SRST-${s.code}`),
        (_n, i) => ({ port: '2000', ipAddress: `10.${i + 10}.0.1` })
      )
    )
    this.staticType(
      'MediaResourceGroup',
      'name',
      ['name', 'description'],
      named(
        per((s) => `MRG-${s.code}`),
        () => ({ description: 'Conference and MTP', multicast: 'false' })
      )
    )
    this.staticType(
      'MediaResourceList',
      'name',
      ['name'],
      named(
        per((s) => `MRL-${s.code}`),
        (n) => ({ clause: n.replace('MRL', 'MRG') })
      )
    )
    this.staticType(
      'DevicePool',
      'name',
      ['name', 'callManagerGroupName', 'regionName'],
      sites.flatMap((s) =>
        ['Phones', 'Gateways'].map((role) => ({
          name: `DP-${s.code}-${role}`,
          dateTimeSettingName: this.fk('DateTimeGroup', `DT-${s.code}`),
          callManagerGroupName: this.fk('CallManagerGroup', 'CMG-Primary'),
          mediaResourceListName: this.fk('MediaResourceList', `MRL-${s.code}`),
          regionName: this.fk('Region', `REG-${s.code}`),
          srstName: this.fk('Srst', `SRST-${s.code}`),
          locationName: this.fk('Location', `LOC-${s.code}`)
        }))
      )
    )
    this.staticType(
      'CommonDeviceConfig',
      'name',
      ['name'],
      named(
        per((s) => `CDC-${s.code}`),
        () => ({
          softkeyTemplateName: this.fk('SoftKeyTemplate', 'Standard User'),
          userLocale: 'English United States'
        })
      )
    )
    this.staticType(
      'SoftKeyTemplate',
      'name',
      ['name', 'description'],
      named(['Standard User', 'Standard Feature', 'SKT-Executive'], () => ({ description: 'Softkeys' }))
    )
    this.staticType(
      'PhoneButtonTemplate',
      'name',
      ['name'],
      named(
        [
          'Standard 8845 SIP',
          'Standard 7841 SIP',
          'Standard 7821 SCCP',
          'Standard Client Services Framework'
        ],
        () => ({ isUserModifiable: 'false' })
      )
    )
    this.staticType(
      'CommonPhoneConfig',
      'name',
      ['name'],
      named(['Standard Common Phone Profile', 'CPP-Executive'], () => ({ description: 'Phone profile' }))
    )
    this.staticType(
      'SipProfile',
      'name',
      ['name', 'description'],
      named(['Standard SIP Profile', 'Standard SIP Profile For Mobile Device', 'SIP-Trunk-Profile'], () => ({
        description: 'SIP profile'
      }))
    )
    this.staticType(
      'SipTrunk',
      'name',
      ['name', 'description', 'callingSearchSpaceName', 'devicePoolName'],
      [
        {
          name: 'SIP-TRUNK-UNITY',
          description: 'Trunk to Unity Connection',
          product: 'SIP Trunk',
          protocol: 'SIP',
          devicePoolName: this.fk('DevicePool', `DP-${sites[0].code}-Gateways`)
        },
        ...per((s) => ({
          name: `SIP-TRUNK-PSTN-${s.code}`,
          description: `PSTN ${s.city}`,
          product: 'SIP Trunk',
          protocol: 'SIP',
          devicePoolName: this.fk('DevicePool', `DP-${s.code}-Gateways`)
        }))
      ]
    )
    this.staticType(
      'RouteGroup',
      'name',
      ['name'],
      named(
        per((s) => `RG-${s.code}-PSTN`),
        () => ({ distributionAlgorithm: 'Circular' })
      )
    )
    this.staticType(
      'RouteList',
      'name',
      ['name', 'description'],
      named(
        per((s) => `RL-${s.code}-PSTN`),
        () => ({
          description: 'PSTN route list',
          callManagerGroupName: this.fk('CallManagerGroup', 'CMG-Primary')
        })
      )
    )
    this.staticType(
      'RoutePattern',
      'pattern',
      ['pattern', 'description', 'routePartitionName'],
      sites.flatMap((s) => [
        {
          pattern: `9.${s.prefix}XXXXXXX`,
          description: `${s.city} local`,
          routePartitionName: this.fk('RoutePartition', `PT-${s.code}-Local`)
        },
        {
          pattern: '9.911',
          description: 'Emergency',
          routePartitionName: this.fk('RoutePartition', `PT-${s.code}-Local`)
        }
      ])
    )
    this.staticType(
      'TransPattern',
      'pattern',
      ['pattern', 'description', 'routePartitionName'],
      per((s, i) => ({
        pattern: `8${i + 1}.XXXX`,
        description: `Abbreviated dial ${s.code}`,
        usage: 'Translation',
        routePartitionName: this.fk('RoutePartition', 'PT-Internal')
      }))
    )
    this.staticType('RouteFilter', 'name', ['name'], named(['RF-Local', 'RF-International']))
    this.staticType(
      'LineGroup',
      'name',
      ['name'],
      named(
        per((s) => `LG-${s.code}-Helpdesk`),
        () => ({ distributionAlgorithm: 'Top Down' })
      )
    )
    this.staticType(
      'HuntList',
      'name',
      ['description', 'name'],
      per((s) => ({
        description: `Helpdesk ${s.city}`,
        callManagerGroupName: this.fk('CallManagerGroup', 'CMG-Primary'),
        routeListEnabled: 'true',
        name: `HL-${s.code}-Helpdesk`
      }))
    )
    this.staticType(
      'HuntPilot',
      'pattern',
      ['pattern', 'description', 'routePartitionName'],
      per((s, i) => ({
        pattern: `${i + 1}999000`,
        description: `Helpdesk ${s.city}`,
        usage: 'Hunt Pilot',
        routePartitionName: this.fk('RoutePartition', 'PT-Internal')
      }))
    )
    this.staticType(
      'CallPark',
      'pattern',
      ['pattern', 'description', 'routePartitionName'],
      per((s, i) => ({
        pattern: `${i + 1}9980X`,
        description: `Park ${s.code}`,
        usage: 'Call Park',
        routePartitionName: this.fk('RoutePartition', 'PT-Internal')
      }))
    )
    this.staticType(
      'CallPickupGroup',
      'pattern',
      ['pattern', 'description', 'routePartitionName'],
      per((s, i) => ({
        pattern: `${i + 1}99700`,
        description: `Pickup ${s.code}`,
        usage: 'Call Pick Up Group',
        routePartitionName: this.fk('RoutePartition', 'PT-Internal')
      }))
    )
    this.staticType(
      'MeetMe',
      'pattern',
      ['pattern', 'description', 'routePartitionName'],
      per((_s, i) => ({
        pattern: `${i + 1}99600`,
        description: 'Meet-Me',
        usage: 'Conference',
        routePartitionName: this.fk('RoutePartition', 'PT-Internal')
      }))
    )
    this.staticType(
      'ConferenceNow',
      'conferenceNowNumber',
      ['conferenceNowNumber', 'routePartitionName'],
      [
        {
          conferenceNowNumber: '1999500',
          routePartitionName: this.fk('RoutePartition', 'PT-Internal'),
          description: 'Conference Now'
        }
      ]
    )
    this.staticType(
      'ConferenceBridge',
      'name',
      ['name', 'description', 'devicePoolName'],
      per((s) => ({
        name: `CFB-${s.code}`,
        description: `Conference bridge ${s.city}`,
        product: 'Cisco Conference Bridge Software',
        devicePoolName: this.fk('DevicePool', `DP-${s.code}-Gateways`)
      }))
    )
    this.staticType(
      'VoiceMailPilot',
      'dirn',
      ['dirn', 'description', 'cssName'],
      [
        {
          dirn: '1999999',
          description: 'Unity Connection',
          cssName: this.fk('Css', 'CSS-Internal'),
          isDefault: 'true'
        }
      ]
    )
    this.staticType(
      'VoiceMailProfile',
      'name',
      ['name'],
      named(['Default', 'VMP-Unity'], (n) => ({
        description: 'Voicemail profile',
        isDefault: n === 'Default' ? 'true' : 'false'
      }))
    )
    this.staticType(
      'VoiceMailPort',
      'name',
      ['name', 'description'],
      named(
        Array.from({ length: 4 }, (_, i) => `CiscoUM1-VI${i + 1}`),
        () => ({ description: 'Voicemail port', product: 'Cisco Voice Mail Port', protocol: 'SCCP' })
      )
    )
    this.staticType('AarGroup', 'name', ['name'], named(['AAR-Default', ...per((s) => `AAR-${s.code}`)]))
    this.staticType(
      'CmcInfo',
      'code',
      ['code'],
      [
        { code: '1001', description: 'Client Alpha' },
        { code: '1002', description: 'Client Beta' }
      ]
    )
    this.staticType(
      'FacInfo',
      'name',
      ['name', 'code', 'authorizationLevel'],
      [{ name: 'FAC-International', code: '4321', authorizationLevel: '30' }]
    )
    this.staticType(
      'DeviceMobilityGroup',
      'name',
      ['name', 'description'],
      named(['DMG-Global'], () => ({ description: 'Device mobility' }))
    )
    this.staticType(
      'DeviceMobility',
      'name',
      ['name', 'subNet', 'subNetMaskSz'],
      named(per((s) => `DMI-${s.code}`))
    )
    this.staticType(
      'DialPlan',
      'name',
      ['name', 'description'],
      named(['NANP'], () => ({ description: 'North American Numbering Plan' }))
    )
    this.staticType(
      'DialPlanTag',
      'name',
      ['name'],
      named(['AREA-CODE', 'OFFICE-CODE'], () => ({ dialPlanName: this.fk('DialPlan', 'NANP') }))
    )
    this.staticType('ElinGroup', 'name', ['name'], named(per((s) => `ELIN-${s.code}`)))
    this.staticType(
      'Gatekeeper',
      'name',
      ['name', 'description'],
      named(['GK-Legacy'], () => ({ description: 'Legacy H.323 gatekeeper' }))
    )
    this.staticType(
      'GeoLocation',
      'name',
      ['name', 'description'],
      named(
        per((s) => `GEO-${s.code}`),
        (n) => ({ description: n })
      )
    )
    this.staticType(
      'GeoLocationFilter',
      'name',
      ['name', 'description'],
      named(['GLF-Country'], () => ({ description: 'Country only' }))
    )
    this.staticType(
      'H323Gateway',
      'name',
      ['name', 'description', 'protocol', 'callingSearchSpaceName', 'devicePoolName'],
      [{ name: '10.1.1.1', description: 'Legacy H.323 gateway', product: 'H.323 Gateway', protocol: 'H.225' }]
    )
    this.staticType(
      'H323Trunk',
      'name',
      ['name', 'description', 'callingSearchSpaceName', 'devicePoolName'],
      [
        {
          name: 'ICT-LEGACY',
          description: 'Intercluster trunk',
          product: 'Inter-Cluster Trunk',
          protocol: 'Inter-Cluster Trunk'
        }
      ]
    )
    this.staticType(
      'InteractiveVoiceResponse',
      'name',
      ['name', 'description', 'devicePoolName'],
      [{ name: 'IVR_2', description: 'Interactive Voice Response' }]
    )
    this.staticType(
      'MlppDomain',
      'domainName',
      ['domainName'],
      [{ domainName: 'Default', domainId: '000000' }]
    )
    this.staticType(
      'MessageWaiting',
      'pattern',
      ['pattern', 'routePartitionName', 'description', 'callingSearchSpaceName'],
      [
        {
          pattern: '1999998',
          routePartitionName: this.fk('RoutePartition', 'PT-VoiceMail'),
          description: 'MWI on',
          messageWaitingIndicator: 'true'
        }
      ]
    )
    this.staticType(
      'MohAudioSource',
      'name',
      ['sourceId', 'name'],
      [{ sourceId: '1', name: 'SampleAudioSource', sourceFile: 'SampleAudioSource' }]
    )
    this.staticType(
      'PresenceGroup',
      'name',
      ['name', 'description'],
      named(['Standard Presence group'], () => ({ description: 'Default presence group' }))
    )
    this.staticType(
      'PhysicalLocation',
      'name',
      ['name', 'description'],
      named(
        per((s) => `PL-${s.code}`),
        (n) => ({ description: n })
      )
    )
    this.staticType(
      'ResourcePriorityNamespace',
      'namespace',
      ['namespace', 'description'],
      [{ namespace: 'dsn', description: 'Defense Switched Network' }]
    )
    this.staticType(
      'ResourcePriorityNamespaceList',
      'name',
      ['name', 'description'],
      named(['RPNL-Default'], () => ({ description: 'Namespaces' }))
    )
    this.staticType(
      'ServiceProfile',
      'name',
      ['name', 'description'],
      named(['SP-Jabber', 'SP-Desk'], (n) => ({
        description: n,
        isDefault: n === 'SP-Jabber' ? 'true' : 'false'
      }))
    )
    this.staticType(
      'UcService',
      'name',
      ['name'],
      [
        {
          serviceType: 'Voicemail',
          productType: 'Unity Connection',
          name: 'UC-Voicemail',
          description: 'Voicemail',
          hostnameorip: 'cuc.example.test',
          port: '443'
        }
      ]
    )
    this.staticType(
      'Gateway',
      'domainName',
      ['domainName', 'description', 'product', 'protocol'],
      sites.flatMap((s, i) =>
        (['VG202', 'VG204', 'VG224', 'VG310', 'VG320', 'VG350'] as const).map((model, k) => ({
          domainName: `${model}-${s.code}`.toLowerCase() + '.example.test',
          description: `${model} ${s.city}`,
          product: model,
          protocol: k < 3 ? 'SCCP' : 'MGCP',
          callManagerGroupName: this.fk('CallManagerGroup', i % 2 === 0 ? 'CMG-Primary' : 'CMG-Secondary')
        }))
      )
    )
  }

  private buildUserObjects(): void {
    const n = this.users
    const userObject = (i: number): LabObject => {
      const userid = this.userid(i)
      if (i >= n) {
        return this.object('User', userid, {
          firstName: '',
          lastName: userid === 'admin' ? 'Administrator' : 'Global Administrator',
          userid,
          status: '1',
          homeCluster: 'true',
          imAndPresenceEnable: 'false'
        })
      }
      const site = this.siteOfUser(i)
      const first = this.firstName(i)
      const last = this.lastName(i)
      const primary = this.linePattern(i)
      const manager = i >= 25 ? this.userid(i - (i % 25)) : undefined
      return this.object('User', userid, {
        firstName: first,
        middleName:
          unit(this.seed, 'middle', i) < 0.1 ? pick(FIRST_NAMES, this.seed, 'middle-name', i) : undefined,
        lastName: last,
        userid,
        mailid: `${userid}@example.test`,
        department: this.department(i),
        manager: manager && manager !== userid ? manager : undefined,
        primaryExtension: { children: { pattern: primary, routePartitionName: 'PT-Internal' } },
        status: '1',
        homeCluster: 'true',
        imAndPresenceEnable: i % 2 === 0 ? 'true' : 'false',
        serviceProfile: i % 2 === 0 ? this.fk('ServiceProfile', 'SP-Jabber') : undefined,
        directoryUri: `${userid}@example.test`,
        telephoneNumber: `+${site.prefix}555${String(i % 10000).padStart(4, '0')}`,
        title: pick(
          ['Engineer', 'Manager', 'Analyst', 'Director', 'Specialist', 'Associate'],
          this.seed,
          'title',
          i
        ),
        mobileNumber: i % 3 === 0 ? `+1650${String(1_000_000 + i).slice(-7)}` : undefined,
        userIdentity: userid
      })
    }
    this.register(
      new GeneratedCollection(
        'User',
        'userid',
        ['firstName', 'lastName', 'userid', 'department'],
        n + 2,
        userObject,
        (i) => this.userid(i)
      )
    )

    const phoneObject = (j: number): LabObject => {
      const name = this.phoneName(j)
      const owner = this.phoneOwner(j)
      const site = owner !== undefined ? this.siteOfUser(owner) : this.sites[j % this.sites.length]
      const analog = this.isAnalog(j)
      const model =
        j >= n
          ? PHONE_MODELS[PHONE_MODELS.length - 1]
          : analog
            ? undefined
            : PHONE_MODELS[hash32(this.seed, 'model', j) % (PHONE_MODELS.length - 1)]
      const product = analog ? 'Analog Phone' : (model?.model ?? 'Cisco 8845')
      const protocol = analog ? 'SCCP' : (model?.protocol ?? 'SIP')
      return this.object('Phone', name, {
        name,
        description:
          owner !== undefined
            ? `${this.firstName(owner)} ${this.lastName(owner)} ${product.replace('Cisco ', '')}`
            : `Common area ${site.city}`,
        product,
        model: product,
        class: 'Phone',
        protocol,
        protocolSide: 'User',
        callingSearchSpaceName: this.fk('Css', `CSS-${site.code}-Device`),
        devicePoolName: this.fk('DevicePool', `DP-${site.code}-${analog ? 'Gateways' : 'Phones'}`),
        commonDeviceConfigName: this.fk('CommonDeviceConfig', `CDC-${site.code}`),
        commonPhoneConfigName: this.fk('CommonPhoneConfig', 'Standard Common Phone Profile'),
        locationName: this.fk('Location', `LOC-${site.code}`),
        securityProfileName: ref(
          `${product} - Standard ${protocol} Non-Secure Profile`,
          this.uuid('PhoneSecurityProfile', `${product}-${protocol}`)
        ),
        sipProfileName: protocol === 'SIP' ? this.fk('SipProfile', 'Standard SIP Profile') : undefined,
        phoneTemplateName: analog
          ? undefined
          : this.fk(
              'PhoneButtonTemplate',
              j >= n ? 'Standard Client Services Framework' : 'Standard 8845 SIP'
            ),
        softkeyTemplateName: this.fk('SoftKeyTemplate', 'Standard User'),
        enableExtensionMobility: analog || j >= n ? 'false' : 'true',
        ownerUserName:
          owner !== undefined ? ref(this.userid(owner), this.uuid('User', this.userid(owner))) : undefined,
        presenceGroupName: this.fk('PresenceGroup', 'Standard Presence group')
      })
    }
    this.register(
      new GeneratedCollection(
        'Phone',
        'name',
        [
          'name',
          'description',
          'protocol',
          'callingSearchSpaceName',
          'devicePoolName',
          'securityProfileName'
        ],
        this.phones,
        phoneObject,
        (j) => this.phoneName(j)
      )
    )

    const lineObject = (k: number): LabObject => {
      const pattern = this.linePattern(k)
      const kind = this.lineKind(k)
      const owner = kind === 'primary' ? k : kind === 'secondary' ? (k - n) * 2 + 1 : undefined
      const partition = kind === 'intercom' ? 'PT-Intercom' : 'PT-Internal'
      return this.object('Line', `${pattern}/${partition}`, {
        pattern,
        description:
          owner !== undefined
            ? `${this.firstName(owner)} ${this.lastName(owner)}`
            : kind === 'orphan'
              ? 'Unassigned'
              : kind,
        usage: kind === 'intercom' ? 'Device Intercom' : 'Device',
        routePartitionName: this.fk('RoutePartition', partition),
        alertingName: owner !== undefined ? `${this.firstName(owner)} ${this.lastName(owner)}` : undefined,
        asciiAlertingName:
          owner !== undefined
            ? `${this.firstName(owner)} ${this.lastName(owner)}`.normalize('NFD').replace(/[^\x20-\x7e]/g, '')
            : undefined,
        presenceGroupName: this.fk('PresenceGroup', 'Standard Presence group'),
        shareLineAppearanceCssName:
          owner !== undefined ? this.fk('Css', `CSS-${this.siteOfUser(owner).code}-National`) : undefined,
        voiceMailProfileName: kind === 'primary' ? this.fk('VoiceMailProfile', 'VMP-Unity') : undefined
      })
    }
    this.register(
      new GeneratedCollection(
        'Line',
        'pattern',
        ['pattern', 'description', 'usage', 'routePartitionName'],
        this.lines,
        lineObject,
        (k) => this.linePattern(k)
      )
    )

    const profileName = (p: number): string => `UDP-${this.userid(p * 8)}`
    this.register(
      new GeneratedCollection(
        'DeviceProfile',
        'name',
        ['name', 'description'],
        this.deviceProfiles,
        (p) =>
          this.object('DeviceProfile', profileName(p), {
            name: profileName(p),
            description: `Extension Mobility profile of ${this.firstName(p * 8)} ${this.lastName(p * 8)}`,
            product: 'Cisco 8845',
            model: 'Cisco 8845',
            class: 'Device Profile',
            protocol: 'SIP',
            protocolSide: 'User',
            phoneTemplateName: this.fk('PhoneButtonTemplate', 'Standard 8845 SIP'),
            userLocale: 'English United States',
            loginUserId: this.userid(p * 8),
            softkeyTemplateName: this.fk('SoftKeyTemplate', 'Standard User')
          }),
        profileName
      )
    )

    const rdpName = (r: number): string => `RDP-${this.userid(r * 20)}`
    this.register(
      new GeneratedCollection(
        'RemoteDestinationProfile',
        'name',
        ['name'],
        this.rdps,
        (r) => {
          const site = this.siteOfUser(r * 20)
          return this.object('RemoteDestinationProfile', rdpName(r), {
            name: rdpName(r),
            description: `Single number reach for ${this.userid(r * 20)}`,
            product: 'Remote Destination Profile',
            model: 'Remote Destination Profile',
            class: 'Remote Destination Profile',
            protocol: 'Remote Destination',
            protocolSide: 'User',
            callingSearchSpaceName: this.fk('Css', `CSS-${site.code}-National`),
            devicePoolName: this.fk('DevicePool', `DP-${site.code}-Phones`),
            userId: ref(this.userid(r * 20), this.uuid('User', this.userid(r * 20))),
            rerouteCallingSearchSpaceName: this.fk('Css', `CSS-${site.code}-National`)
          })
        },
        rdpName
      )
    )
    const rdName = (r: number): string => `RD-${this.userid(r * 20)}-mobile`
    this.register(
      new GeneratedCollection(
        'RemoteDestination',
        'name',
        ['name', 'remoteDestinationProfileName'],
        this.rdps,
        (r) =>
          this.object('RemoteDestination', rdName(r), {
            name: rdName(r),
            destination: `+1650${String(2_000_000 + r).slice(-7)}`,
            answerTooSoonTimer: '1500',
            answerTooLateTimer: '19000',
            delayBeforeRingingCell: '4000',
            remoteDestinationProfileName: ref(rdpName(r), this.uuid('RemoteDestinationProfile', rdpName(r))),
            isMobilePhone: 'true',
            enableMobileConnect: 'true'
          }),
        rdName
      )
    )

    this.register(
      new GeneratedCollection(
        'LicensedUser',
        'userId',
        ['userId', 'firstName', 'lastName'],
        n,
        (i) => {
          const jabber = i % 2 === 0 && i / 2 < Math.floor(n / 2) ? 1 : 0
          const devices = (this.isCommonAreaPhone(i) ? 0 : 1) + jabber
          return this.object('LicensedUser', this.userid(i), {
            userId: this.userid(i),
            firstName: this.firstName(i),
            lastName: this.lastName(i),
            snrEnabled: i % 20 === 0 ? 'true' : 'false',
            emEnabled: i % 8 === 0 ? 'true' : 'false',
            deviceCount: String(devices),
            licenseType: devices > 1 || i % 20 === 0 ? 'Enhanced Plus' : 'Enhanced',
            licenseUsed: devices > 1 ? 'Enhanced Plus' : 'Enhanced'
          })
        },
        (i) => this.userid(i)
      )
    )
  }

  // ---------- mutations (change injection) ----------

  private mutable(type: string): Mutable {
    const collection = this.collections.get(type.toLowerCase())
    if (!collection) throw new Error(`Unknown object type ${type}`)
    return collection
  }

  /** Changes fields of an object and records the change for listChange. */
  update(type: string, index: number, changes: Record<string, string>): void {
    const collection = this.mutable(type)
    const current = collection.at(index)
    if (!current) throw new Error(`${type} #${index} does not exist`)
    collection.replace(index, { uuid: current.uuid, fields: { ...current.fields, ...changes } })
    this.changes.record({ type: collection.type, uuid: current.uuid, action: 'u', changedTags: changes })
  }

  remove(type: string, index: number): void {
    const collection = this.mutable(type)
    const current = collection.at(index)
    if (!current) throw new Error(`${type} #${index} does not exist`)
    collection.replace(index, undefined)
    this.changes.record({ type: collection.type, uuid: current.uuid, action: 'r', changedTags: {} })
  }

  add(type: string, fields: Record<string, FieldValue>): number {
    const collection = this.mutable(type)
    const key = text(fields[collection.keyField])
    if (!key) throw new Error(`${type} needs ${collection.keyField}`)
    if (collection.indexOf(key) !== undefined) throw new Error(`${type} ${key} already exists`)
    const object: LabObject = { uuid: this.uuid(type, `added:${key}`), fields }
    const index = collection.append(object)
    this.changes.record({ type: collection.type, uuid: object.uuid, action: 'a', changedTags: {} })
    return index
  }
}
