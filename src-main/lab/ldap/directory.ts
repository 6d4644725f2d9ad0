import type { LabCluster } from '../cluster'
import { hash32 } from '../random'

/** AD stores a user's objectCategory as the DN of its schema class; filters name it by its short name. */
export const PERSON_CATEGORY = 'CN=Person,CN=Schema,CN=Configuration,DC=example,DC=test'

export type Attributes = Record<string, string[]>

export interface DirectoryEntry {
  dn: string
  attributes: Attributes
}

/** RFC 4514 escaping of an attribute value inside a DN. */
export function escapeDnValue(value: string): string {
  return value.replace(/([,+"\\<>;=#])/g, '\\$1').replace(/^ | $/g, '\\ ')
}

/**
 * Active Directory-like content for a cluster: about 95% of its users (a few disabled), some users
 * only in the directory (non-ASCII names, commas in the CN), service accounts and groups. Entries
 * are built by index on demand; only the DN list is kept.
 */
export class LabDirectory {
  readonly usersDn: string
  readonly groupsDn: string
  readonly serviceDn: string
  readonly extraUsers: number

  constructor(
    private readonly cluster: LabCluster,
    readonly baseDn: string,
    private readonly bindDn: string
  ) {
    this.usersDn = `OU=Staff,${baseDn}`
    this.groupsDn = `OU=Groups,${baseDn}`
    this.serviceDn = `OU=Service Accounts,${baseDn}`
    this.extraUsers = Math.max(3, Math.floor(cluster.users / 20))
  }

  /** Whether cluster user i has a directory account. */
  hasAccount(i: number): boolean {
    return hash32(this.cluster.seed, 'ad', i) % 100 < 95
  }

  disabled(i: number): boolean {
    return hash32(this.cluster.seed, 'ad-disabled', i) % 100 < 3
  }

  private cn(i: number): string {
    if (i >= this.cluster.users) {
      const k = i - this.cluster.users
      return k % 3 === 0 ? `Østergaard, Åsa ${k}` : k % 3 === 1 ? `José Nuñez ${k}` : `Smith, Jane ${k}`
    }
    return `${this.cluster.firstName(i)} ${this.cluster.lastName(i)} (${this.cluster.userid(i)})`
  }

  userDn(i: number): string {
    return `CN=${escapeDnValue(this.cn(i))},${this.usersDn}`
  }

  /** Indexes of user entries: cluster users with an account, then directory-only users. */
  userIndexes(): number[] {
    const list: number[] = []
    for (let i = 0; i < this.cluster.users; i++) if (this.hasAccount(i)) list.push(i)
    for (let k = 0; k < this.extraUsers; k++) list.push(this.cluster.users + k)
    return list
  }

  user(i: number): DirectoryEntry {
    const c = this.cluster
    const seed = c.seed
    const guid = Buffer.alloc(16)
    for (let k = 0; k < 4; k++) guid.writeUInt32LE(hash32(seed, 'objectGUID', i, k), k * 4)
    if (i >= c.users) {
      const k = i - c.users
      const sam = `dironly${String(k).padStart(4, '0')}`
      const [given, sn] =
        k % 3 === 0 ? ['Åsa', 'Østergaard'] : k % 3 === 1 ? ['José', 'Nuñez'] : ['Jane', 'Smith']
      return {
        dn: this.userDn(i),
        attributes: {
          objectClass: ['top', 'person', 'organizationalPerson', 'user'],
          objectCategory: [PERSON_CATEGORY],
          cn: [this.cn(i)],
          sAMAccountName: [sam],
          userPrincipalName: [`${sam}@example.test`],
          givenName: [given],
          sn: [sn],
          displayName: [`${given} ${sn}`],
          mail: [`${sam}@example.test`],
          department: ['Contractors'],
          userAccountControl: ['512'],
          objectGUID: [guid.toString('base64')],
          employeeNumber: [`C${String(k).padStart(5, '0')}`]
        }
      }
    }
    const site = c.siteOfUser(i)
    const userid = c.userid(i)
    const manager = i >= 25 && i % 25 !== 0 ? i - (i % 25) : undefined
    const attributes: Attributes = {
      objectClass: ['top', 'person', 'organizationalPerson', 'user'],
      objectCategory: [PERSON_CATEGORY],
      cn: [this.cn(i)],
      sAMAccountName: [userid],
      userPrincipalName: [`${userid}@example.test`],
      givenName: [c.firstName(i)],
      sn: [c.lastName(i)],
      displayName: [`${c.firstName(i)} ${c.lastName(i)}`],
      mail: [`${userid}@example.test`],
      telephoneNumber: [`+${site.prefix}555${String(i % 10000).padStart(4, '0')}`],
      ipPhone: [c.linePattern(i)],
      department: [c.department(i)],
      title: ['Engineer', 'Manager', 'Analyst', 'Director', 'Specialist', 'Associate'].slice(
        hash32(seed, 'title', i) % 6,
        (hash32(seed, 'title', i) % 6) + 1
      ),
      l: [site.city],
      employeeNumber: [String(100000 + i)],
      userAccountControl: [this.disabled(i) ? '514' : '512'],
      objectGUID: [guid.toString('base64')],
      'msRTCSIP-PrimaryUserAddress': [`sip:${userid}@example.test`],
      uSNChanged: [String(10000 + i)],
      whenChanged: ['20261101120000.0Z']
    }
    if (i % 3 === 0) attributes.mobile = [`+1650${String(1_000_000 + i).slice(-7)}`]
    if (manager !== undefined && this.hasAccount(manager)) attributes.manager = [this.userDn(manager)]
    return { dn: this.userDn(i), attributes }
  }

  /** Containers, the bind account and a few groups: small, built eagerly. */
  fixedEntries(): DirectoryEntry[] {
    const ou = (dn: string, name: string): DirectoryEntry => ({
      dn,
      attributes: { objectClass: ['top', 'organizationalUnit'], ou: [name] }
    })
    const bindCn = /^CN=([^,]+)/i.exec(this.bindDn)?.[1] ?? 'svc-switchboard'
    const members = this.userIndexes().slice(0, 30)
    return [
      {
        dn: this.baseDn,
        attributes: {
          objectClass: ['top', 'domain', 'domainDNS'],
          dc: [/^DC=([^,]+)/i.exec(this.baseDn)?.[1] ?? 'example']
        }
      },
      ou(this.usersDn, 'Staff'),
      ou(this.groupsDn, 'Groups'),
      ou(this.serviceDn, 'Service Accounts'),
      {
        dn: this.bindDn,
        attributes: {
          objectClass: ['top', 'person', 'organizationalPerson', 'user'],
          objectCategory: [PERSON_CATEGORY],
          cn: [bindCn],
          sAMAccountName: [bindCn],
          userAccountControl: ['66048']
        }
      },
      ...['UC Users', 'Executives', 'Helpdesk'].map((name, g) => ({
        dn: `CN=${name},${this.groupsDn}`,
        attributes: {
          objectClass: ['top', 'group'],
          cn: [name],
          member: members.filter((_, k) => k % 3 === g).map((i) => this.userDn(i))
        }
      }))
    ]
  }
}
