// Order steps the order tests and the write benchmark build alike.
import type { StepAction } from '../../../src-preload/contract'
import type { LabCluster } from '../../../src-main/lab/cluster'

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
