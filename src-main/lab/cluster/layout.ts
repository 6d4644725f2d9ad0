// What a simulated cluster holds and how its objects relate, computed from its seed and size alone:
// the counts, sites, user ids and names, phone and line layout, and the uuids and references of its
// objects. The collection builders beside this file generate objects from it; LabCluster adds the
// collections and the changes made to them.
import { ref, type FieldValue, type LabObject } from '../model'
import { axlUuid, hash32, macAddress, pick } from '../random'
import { DEPARTMENTS, FIRST_NAMES, LAST_NAMES, SITES, type Site } from '../vocabulary'
import type { Fields } from './infrastructure'

export interface ClusterOptions {
  name: string
  seed: number
  /** End users (besides the admin and globaladmin accounts). Phones ≈ 1.5×, lines 2×, device profiles ⅛. */
  users: number
  /** Full version getCCMVersion reports. */
  version?: string
}

/** Which line sits on which device, at which button: what getPhone and the line-appearance SQL return. */
export interface LineAppearance {
  deviceType: 'Phone' | 'DeviceProfile' | 'RemoteDestinationProfile'
  deviceIndex: number
  lineIndex: number
  position: number
  /** The button's text, when written through AXL (generated appearances show the number). */
  label?: string
  display?: string
}

/** A line on a button, as an AXL write sets it: the line and the button's texts. */
export type ButtonLine = Pick<LineAppearance, 'lineIndex' | 'label' | 'display'>

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

export class ClusterLayout {
  readonly name: string
  readonly seed: number
  readonly version: string
  readonly users: number
  readonly phones: number
  readonly lines: number
  readonly deviceProfiles: number
  readonly rdps: number
  readonly sites: Site[]

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

  /** An object of this cluster: its uuid from type and key, and the fields that are set. */
  object(type: string, key: string, fields: Fields): LabObject {
    const clean: Record<string, FieldValue> = {}
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) clean[k] = v
    return { uuid: this.uuid(type, key), fields: clean }
  }

  /** A reference to an infrastructure object by type and name. */
  fk(type: string, name: string): FieldValue {
    return ref(name, this.uuid(type, name))
  }
}
