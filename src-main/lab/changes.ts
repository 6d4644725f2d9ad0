/** One entry of CUCM's change-notification queue (listChange). */
export interface ChangeEntry {
  id: number
  type: string
  uuid: string
  action: 'a' | 'u' | 'r'
  /** For updates: the fields that changed, with their new values. */
  changedTags: Record<string, string>
}

/**
 * The in-memory change queue CUCM keeps for listChange: bounded (100,000 entries by default), with a
 * queue id that changes whenever the AXL service "restarts", which forces clients into a full sync.
 */
export class ChangeQueue {
  private entries: ChangeEntry[] = []
  private nextId = 1
  private restarts = 0
  queueId: string

  constructor(
    private readonly seed: number,
    readonly capacity = 100_000
  ) {
    this.queueId = this.makeQueueId(0)
  }

  private makeQueueId(restart: number): string {
    return String(1_000_000_000 + ((this.seed * 7919 + restart * 104_729) % 8_999_999_999))
  }

  record(entry: Omit<ChangeEntry, 'id'>): ChangeEntry {
    const full = { ...entry, id: this.nextId++ }
    this.entries.push(full)
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity)
    return full
  }

  /** Simulates an AXL service restart: a new queue id and an empty queue. */
  restart(): void {
    this.restarts += 1
    this.queueId = this.makeQueueId(this.restarts)
    this.entries = []
  }

  get firstChangeId(): number {
    return this.entries[0]?.id ?? this.nextId
  }

  get lastChangeId(): number {
    return this.nextId - 1
  }

  /**
   * Entries from `startId` on, at most `max`. Returns undefined when `startId` has already left the
   * queue (it overflowed or was reset): the client must resynchronize fully.
   */
  since(startId: number, max: number): ChangeEntry[] | undefined {
    if (startId < this.firstChangeId) return undefined
    const from = this.entries.findIndex((e) => e.id >= startId)
    return from < 0 ? [] : this.entries.slice(from, from + max)
  }
}
