import type { DemoStatus } from '../../src-preload/contract'
import { UserError } from '../core/errors'
import type { EventBus } from '../core/events'
import type { DeviceService } from '../devices/service'
import type { RunningLab } from '../lab'
import { labDeviceFields, type LabServer } from '../lab/servers'

export const DEMO_USERS = 50

/**
 * The built-in demo: a small lab started inside this process, its servers registered as devices
 * (updated in place on later starts, since ports and passwords change every time), their
 * certificates trusted, and a first connection test run, so a new user sees real data at once.
 */
export class DemoService {
  private lab: RunningLab | undefined
  private starting: Promise<DemoStatus> | undefined

  constructor(
    private readonly devices: DeviceService,
    private readonly events: EventBus
  ) {}

  status(): DemoStatus {
    return { running: this.lab !== undefined, servers: (this.lab?.servers ?? []).map(describe) }
  }

  start(): Promise<DemoStatus> {
    if (this.lab) return Promise.resolve(this.status())
    this.starting ??= this.launch().finally(() => (this.starting = undefined))
    return this.starting
  }

  async stop(): Promise<void> {
    const lab = this.lab
    this.lab = undefined
    await lab?.stop()
    this.events.emit('demo:changed', this.status())
  }

  private async launch(): Promise<DemoStatus> {
    // The lab loads when the demo starts: other hosts never pay for it (see cli/commands/lab.ts).
    const { startLab } = await import('../lab')
    const lab = await startLab({ users: DEMO_USERS, clusters: 1, seed: 1, faults: {} })
    try {
      // Call Processors first: IM and Presence and Unity Connection refer to theirs by name.
      const order = ['call-processor', 'message-processor', 'presence-processor', 'directory']
      for (const server of [...lab.servers].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))) {
        this.register(server)
        if (server.fingerprint) await this.devices.trust(server.name, server.fingerprint)
      }
    } catch (error) {
      await lab.stop()
      throw error instanceof UserError
        ? error
        : new UserError('INTERNAL', `The demo lab could not be registered: ${String(error)}`)
    }
    this.lab = lab
    for (const server of lab.servers) await this.devices.test(server.name)
    this.events.emit('demo:changed', this.status())
    return this.status()
  }

  private register(server: LabServer): void {
    const { name: _name, kind: _kind, product: _product, ...fields } = labDeviceFields(server)
    const existing = this.devices.list().find((d) => d.name.toLowerCase() === server.name.toLowerCase())
    if (existing) {
      if (existing.kind !== server.kind) {
        throw new UserError(
          'CONFLICT',
          `A ${existing.kind} named "${existing.name}" already exists; rename it to start the demo lab.`
        )
      }
      this.devices.edit(server.name, fields)
    } else {
      this.devices.add(labDeviceFields(server))
    }
  }
}

function describe(server: LabServer): DemoStatus['servers'][number] {
  return { name: server.name, kind: server.kind, url: server.url, version: server.version }
}
