import { UserError } from './errors'

/**
 * What is running against each device right now (connection tests, synchronizations, orders), so
 * deletes and edits can be refused with the name of the work in progress, and an order waits for
 * whatever holds its devices.
 */
export class DeviceActivity {
  /** What holds each device, and whether it is an order (a synchronization waits for those). */
  private readonly running = new Map<number, { what: string; order: boolean }>()
  /** Who waits for a device to be released (acquire). */
  private waiters: (() => void)[] = []

  /** Claims the device for `what`; throws BUSY naming the work already running. */
  begin(deviceId: number, deviceName: string, what: string): () => void {
    const current = this.running.get(deviceId)
    if (current) throw new UserError('BUSY', `${deviceName} is busy: ${current.what} is in progress.`)
    this.running.set(deviceId, { what, order: false })
    return () => this.release([deviceId])
  }

  /**
   * Claims the device for a synchronization: at once when it is free, once they end when orders hold
   * it (a synchronization does not read a device halfway through an order), BUSY when other work
   * does. `waitingFor` names the order waited for; `claimed` says whether the device was claimed
   * (false: `release` was called first); `release` frees it, or stops waiting, at once.
   */
  claimAfterOrders(
    deviceId: number,
    deviceName: string,
    what: string
  ): { waitingFor?: string; claimed: Promise<boolean>; release: () => void } {
    const current = this.running.get(deviceId)
    if (!current) {
      const free = this.begin(deviceId, deviceName, what)
      return { claimed: Promise.resolve(true), release: free }
    }
    if (!current.order) throw new UserError('BUSY', `${deviceName} is busy: ${current.what} is in progress.`)
    const stop = new AbortController()
    let free: (() => void) | undefined
    const claimed = this.acquire([deviceId], what, stop.signal, false).then((release) => {
      free = release
      return release !== undefined
    })
    return {
      waitingFor: current.what,
      claimed,
      release: () => {
        stop.abort()
        free?.()
        free = undefined
      }
    }
  }

  /**
   * Claims all the devices for `what` (an order, unless `order` is false) once none is held (all at
   * once, so two orders sharing devices cannot each hold one and wait for the other). Undefined when
   * `signal` aborts first.
   */
  async acquire(
    deviceIds: readonly number[],
    what: string,
    signal: AbortSignal,
    order = true
  ): Promise<(() => void) | undefined> {
    while (deviceIds.some((id) => this.running.has(id))) {
      if (signal.aborted) return undefined
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          signal.removeEventListener('abort', wake)
          resolve()
        }
        this.waiters.push(wake)
        signal.addEventListener('abort', wake, { once: true })
      })
    }
    if (signal.aborted) return undefined
    for (const id of deviceIds) this.running.set(id, { what, order })
    return () => this.release(deviceIds)
  }

  current(deviceId: number): string | undefined {
    return this.running.get(deviceId)?.what
  }

  private release(deviceIds: readonly number[]): void {
    for (const id of deviceIds) this.running.delete(id)
    const waiting = this.waiters
    this.waiters = []
    for (const wake of waiting) wake()
  }
}
