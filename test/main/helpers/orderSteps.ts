// Order steps the order tests and the write benchmark build alike, and the lab devices they start with.
import { expect } from 'vitest'
import type { StepAction } from '../../../src-preload/contract'
import type { RunningLab } from '../../../src-main/lab'
import type { LabCluster } from '../../../src-main/lab/cluster'
import { addTrustedLabDevice, type TestCore } from './core'
import { finishedRun } from './runs'

/** A new hire's Cisco 8845 on a site of the lab cluster, showing `line` on its first button. */
export function deskPhoneStep(
  cluster: LabCluster,
  device: string,
  phone: { name: string; userid: string; line: { pattern: string; partition?: string }; site?: number }
): Extract<StepAction, { type: 'add-phone' }> {
  const site = cluster.sites[(phone.site ?? 0) % cluster.sites.length]
  return {
    type: 'add-phone',
    device,
    phone: {
      name: phone.name,
      product: 'Cisco 8845',
      class: 'Phone',
      protocol: 'SIP',
      devicePoolName: `DP-${site.code}-Phones`,
      locationName: `LOC-${site.code}`,
      phoneTemplateName: 'Standard 8845 SIP',
      description: `Desk phone of ${phone.userid}`,
      lines: [{ index: 1, ...phone.line }]
    }
  }
}

/**
 * The lab's Unified CM and Unity Connection as devices of `core`, trusted, with Allow changes on and
 * synchronized (Unity Connection's users; Unified CM's infrastructure and users), as order tests start.
 */
export async function writableLabDevices(
  core: TestCore,
  lab: RunningLab
): Promise<{ device: string; unity: string }> {
  const names: string[] = []
  for (const product of ['cucm', 'unity-connection'] as const) {
    const server = lab.servers.find((s) => s.product === product)
    if (!server) throw new Error(`the lab has no ${product}`)
    await addTrustedLabDevice(core, server)
    await core.value('devices:edit', { name: server.name, changes: { allowChanges: true } })
    names.push(server.name)
  }
  const [device, unity] = names as [string, string]
  await core.value('devices:test', { name: unity })
  const runs = [
    { device: unity, kind: 'user' },
    { device, kind: 'infrastructure' },
    { device, kind: 'user' }
  ] as const
  for (const run of runs) {
    const { runId } = await core.value('sync:start', run)
    expect((await finishedRun(core, runId)).status).toBe('succeeded')
  }
  return { device, unity }
}
