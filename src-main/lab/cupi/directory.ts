import { randomUUID } from 'node:crypto'
import type { LabCluster } from '../cluster'
import { hash32 } from '../random'

export type Row = Record<string, string>

function guid(seed: number, kind: string, index: number | string): string {
  const hex = [0, 1, 2, 3]
    .map((k) => hash32(seed, 'cuc', kind, index, k).toString(16).padStart(8, '0'))
    .join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

/** Where each mailbox is, by ObjectId, alias and extension: built on the first write, then kept. */
interface MailboxIndex {
  byId: Map<string, number>
  byAlias: Map<string, number>
  byExtension: Map<string, number>
}

/**
 * Mailboxes derived from the cluster: most users have one on their primary extension, a few on an
 * extension CUCM does not know, some users have none, and a few mailboxes belong to no CUCM user.
 * Writes change them: a user imported from LDAP takes the slot of its cluster user, a user created
 * from a template is added after the generated ones, and every listing sees the change.
 */
export class UnityDirectory {
  readonly coses: Row[]
  readonly templates: Row[]
  private readonly extra: number
  /** Rows changed by writes, by slot: a row, or null once deleted. */
  private readonly edited = new Map<number, Row | null>()
  /** Users created from a template, after the generated slots (null once deleted). */
  private readonly added: (Row | null)[] = []
  /** When each user's PIN was last set, by ObjectId; the PIN itself is never kept. */
  private readonly pinChanged = new Map<string, string>()
  private index: MailboxIndex | undefined

  constructor(private readonly cluster: LabCluster) {
    const seed = cluster.seed
    this.coses = [
      { name: 'Voice Mail User COS', tts: 'false' },
      { name: 'System', tts: 'false' },
      { name: 'UM with TTS', tts: 'true' },
      { name: 'UM without TTS', tts: 'false' }
    ].map((c, i) => ({
      ObjectId: guid(seed, 'cos', i),
      DisplayName: c.name,
      AccessTts: c.tts,
      MaxMsgLength: '300'
    }))
    this.templates = [
      'voicemailusertemplate',
      'administratortemplate',
      ...cluster.sites.map((s) => `vm-${s.code.toLowerCase()}`)
    ].map((alias, i) => ({
      ObjectId: guid(seed, 'template', i),
      Alias: alias,
      DisplayName:
        alias === 'voicemailusertemplate'
          ? 'Voice Mail User Template'
          : alias === 'administratortemplate'
            ? 'Administrator Template'
            : `Voicemail ${alias.slice(3).toUpperCase()}`,
      CosObjectId: this.coses[i % this.coses.length].ObjectId
    }))
    this.extra = Math.max(2, Math.floor(cluster.users / 20))
  }

  /** What kind of mailbox cluster user i has (as generated, before any write). */
  mailboxOf(i: number): 'matching' | 'other-extension' | 'none' {
    const roll = hash32(this.cluster.seed, 'cuc', i) % 100
    if (roll < 90) return 'matching'
    if (roll < 95) return 'other-extension'
    return 'none'
  }

  /** Mailbox slots: cluster users first, then Unity-only mailboxes, then users created by writes. */
  size(): number {
    return this.cluster.users + this.extra + this.added.length
  }

  /** Whether slot i holds a mailbox, without building its row (listings count every slot). */
  exists(i: number): boolean {
    const edit = this.edited.get(i)
    if (edit !== undefined) return edit !== null
    const generated = this.cluster.users + this.extra
    if (i >= generated) return this.added[i - generated] !== null
    return i >= this.cluster.users || this.mailboxOf(i) !== 'none'
  }

  at(i: number): Row | undefined {
    const edit = this.edited.get(i)
    if (edit !== undefined) return edit ?? undefined
    const generated = this.cluster.users + this.extra
    if (i >= generated) return this.added[i - generated] ?? undefined
    return this.generated(i)
  }

  /** Cluster user i as Unity Connection's LDAP import lists it, while it has no mailbox. */
  importable(i: number): Row | undefined {
    if (i >= this.cluster.users || this.exists(i)) return undefined
    return {
      pkid: guid(this.cluster.seed, 'ldap', i),
      alias: this.cluster.userid(i),
      firstName: this.cluster.firstName(i),
      lastName: this.cluster.lastName(i)
    }
  }

  /** The cluster user an LDAP import's pkid names, while it can still be imported. */
  importableByPkid(pkid: string): number | undefined {
    for (let i = 0; i < this.cluster.users; i++)
      if (this.mailboxOf(i) === 'none' || this.edited.get(i) === null)
        if (this.importable(i)?.pkid === pkid) return i
    return undefined
  }

  /** The slot of a mailbox by ObjectId, alias (any case) or extension. */
  slotOf(key: { objectId?: string; alias?: string; extension?: string }): number | undefined {
    const index = this.mailboxIndex()
    if (key.objectId !== undefined) return index.byId.get(key.objectId.toLowerCase())
    if (key.alias !== undefined) return index.byAlias.get(key.alias.toLowerCase())
    if (key.extension !== undefined) return index.byExtension.get(key.extension)
    return undefined
  }

  /** A user created from a template, after every other slot. */
  add(fields: Row): Row {
    const row = this.newRow(fields)
    this.added.push(row)
    this.indexRow(this.size() - 1, row)
    return row
  }

  /** Cluster user `slot` imported from LDAP: its mailbox takes the user's slot. */
  importInto(slot: number, fields: Row): Row {
    const row = this.newRow(fields)
    this.put(slot, row)
    return row
  }

  /** Changes the fields given of the mailbox in `slot`. */
  update(slot: number, fields: Row): Row {
    const row = { ...(this.at(slot) as Row), ...fields }
    this.put(slot, row)
    return row
  }

  remove(slot: number): void {
    const row = this.at(slot)
    this.unindexRow(row)
    const generated = this.cluster.users + this.extra
    if (slot >= generated) this.added[slot - generated] = null
    else this.edited.set(slot, null)
    if (row) this.pinChanged.delete(row.ObjectId)
  }

  setPin(objectId: string, at: Date): void {
    this.pinChanged.set(objectId, at.toISOString().replace(/\.\d{3}Z$/, 'Z'))
  }

  /** When the user's PIN last changed ('' when never through the lab). */
  pinChangedAt(objectId: string): string {
    return this.pinChanged.get(objectId) ?? ''
  }

  private newRow(fields: Row): Row {
    return {
      ObjectId: randomUUID(),
      FirstName: '',
      LastName: '',
      EmailAddress: '',
      DtmfAccessId: '',
      CosObjectId: this.coses[0].ObjectId,
      Inactive: 'false',
      CreationTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      PartitionObjectId: guid(this.cluster.seed, 'partition', 0),
      IsVmEnrolled: 'false',
      SmtpProxyAddress: '',
      UnifiedMessagingAccount: 'false',
      ...fields
    }
  }

  private put(slot: number, row: Row): void {
    this.unindexRow(this.at(slot))
    const generated = this.cluster.users + this.extra
    if (slot >= generated) this.added[slot - generated] = row
    else this.edited.set(slot, row)
    this.indexRow(slot, row)
  }

  private mailboxIndex(): MailboxIndex {
    if (this.index) return this.index
    this.index = { byId: new Map(), byAlias: new Map(), byExtension: new Map() }
    for (let i = 0; i < this.size(); i++) {
      const row = this.exists(i) ? this.at(i) : undefined
      if (row) this.indexRow(i, row)
    }
    return this.index
  }

  private indexRow(slot: number, row: Row): void {
    if (!this.index) return
    this.index.byId.set(row.ObjectId.toLowerCase(), slot)
    this.index.byAlias.set(row.Alias.toLowerCase(), slot)
    if (row.DtmfAccessId) this.index.byExtension.set(row.DtmfAccessId, slot)
  }

  private unindexRow(row: Row | undefined): void {
    if (!this.index || !row) return
    this.index.byId.delete(row.ObjectId.toLowerCase())
    this.index.byAlias.delete(row.Alias.toLowerCase())
    if (row.DtmfAccessId) this.index.byExtension.delete(row.DtmfAccessId)
  }

  private generated(index: number): Row | undefined {
    const seed = this.cluster.seed
    if (index >= this.cluster.users) {
      const k = index - this.cluster.users
      const alias = k === 0 ? 'operator' : k === 1 ? 'undeliverablemessagesmailbox' : `vm-lobby-${k}`
      return {
        ObjectId: guid(seed, 'user', `extra-${k}`),
        Alias: alias,
        DisplayName: k === 0 ? 'Operator' : k === 1 ? 'Undeliverable Messages' : `Lobby mailbox ${k}`,
        FirstName: '',
        LastName: '',
        EmailAddress: '',
        DtmfAccessId: k < 2 ? '' : `8${String(900000 + k)}`,
        CosObjectId: this.coses[1].ObjectId,
        Inactive: 'false',
        CreationTime: '2024-02-01T09:00:00Z',
        PartitionObjectId: guid(seed, 'partition', 0),
        IsVmEnrolled: 'true',
        SmtpProxyAddress: '',
        UnifiedMessagingAccount: 'false'
      }
    }
    const kind = this.mailboxOf(index)
    if (kind === 'none') return undefined
    const userid = this.cluster.userid(index)
    const um = index % 3 === 0
    return {
      ObjectId: guid(seed, 'user', index),
      Alias: userid,
      DisplayName: `${this.cluster.firstName(index)} ${this.cluster.lastName(index)}`,
      FirstName: this.cluster.firstName(index),
      LastName: this.cluster.lastName(index),
      EmailAddress: `${userid}@example.test`,
      DtmfAccessId:
        kind === 'matching' ? this.cluster.linePattern(index) : `7${String(index).padStart(6, '0')}`,
      CosObjectId: this.coses[um ? 2 : 0].ObjectId,
      Inactive: 'false',
      CreationTime: new Date(Date.UTC(2024, 0, 1) + (index % 700) * 86_400_000)
        .toISOString()
        .replace('.000', ''),
      PartitionObjectId: guid(seed, 'partition', 0),
      IsVmEnrolled: index % 10 === 3 ? 'false' : 'true',
      SmtpProxyAddress: `smtp:${userid}@example.test`,
      UnifiedMessagingAccount: um ? 'true' : 'false'
    }
  }
}
