import { UserError } from './errors'

/**
 * What is running against each device right now (a connection test today; synchronizations use the
 * same registry), so deletes and edits can be refused with the name of the work in progress.
 */
export class DeviceActivity {
  private readonly running = new Map<number, string>()

  /** Claims the device for `what`; throws BUSY naming the work already running. */
  begin(deviceId: number, deviceName: string, what: string): () => void {
    const current = this.running.get(deviceId)
    if (current) throw new UserError('BUSY', `${deviceName} is busy: ${current} is in progress.`)
    this.running.set(deviceId, what)
    return () => this.running.delete(deviceId)
  }

  current(deviceId: number): string | undefined {
    return this.running.get(deviceId)
  }
}
