// A domain's users as synchronizations file them and the store keeps them: each with its details and
// services, and for users LDAP synchronization created, what it decided for them.
import type { LineSource } from '../../src-preload/contract'

/** A user as domain synchronization files it: services keep their service area by id. */
export interface StoredUserService {
  kind: string
  name: string
  processorId: number
  serviceAreaId?: number
  details: Record<string, string>
  /** What global search finds this service by: "mac:<12 hex>" or "dn:<number>". */
  searchKey?: string
}

export interface DomainUserRecord {
  userid: string
  role: string
  source: string
  data: {
    firstName: string
    lastName: string
    department?: string
    email?: string
    /** Set for users that came from the domain's directory: their entry's DN. */
    ldapDn?: string
    phone?: string
    title?: string
    manager?: string
    middleName?: string
    directoryUri?: string
    mobile?: string
    /** The user's primary directory number on Unified CM (write-back writes it to the directory). */
    primaryDn?: string
  }
  services: StoredUserService[]
}

/** What LDAP synchronization decided for a user it created: service area, roles, planned line. */
export interface LdapProvisioningRecord {
  userid: string
  serviceAreaId?: number
  roles: string[]
  line?: { dn: string; source: LineSource; callProcessorId: number }
}

/** A user a synchronization creates, with what LDAP provisioning decided for it. */
export interface NewDomainUser {
  user: DomainUserRecord
  provisioning?: Omit<LdapProvisioningRecord, 'userid'>
}

export interface DomainUserRow extends DomainUserRecord {
  domainId: number
}

/** A stored user as a synchronization starts from: its details, without its services. */
export type StoredDomainUser = Omit<DomainUserRow, 'services'>
