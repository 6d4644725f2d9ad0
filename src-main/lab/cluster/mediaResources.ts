// Media resources: each site's media resource group and list, conference bridge, music on hold and IVR.
import { named, staticType, type InfrastructureContext, type StaticType } from './infrastructure'

export function mediaResources({ sites, fk }: InfrastructureContext): StaticType[] {
  return [
    staticType(
      'MediaResourceGroup',
      'name',
      ['name', 'description'],
      named(
        sites.map((s) => `MRG-${s.code}`),
        () => ({ description: 'Conference and MTP', multicast: 'false' })
      )
    ),
    staticType(
      'MediaResourceList',
      'name',
      ['name'],
      named(
        sites.map((s) => `MRL-${s.code}`),
        (n) => ({ clause: n.replace('MRL', 'MRG') })
      )
    ),
    staticType(
      'ConferenceBridge',
      'name',
      ['name', 'description', 'devicePoolName'],
      sites.map((s) => ({
        name: `CFB-${s.code}`,
        description: `Conference bridge ${s.city}`,
        product: 'Cisco Conference Bridge Software',
        devicePoolName: fk('DevicePool', `DP-${s.code}-Gateways`)
      }))
    ),
    staticType(
      'MohAudioSource',
      'name',
      ['sourceId', 'name'],
      [{ sourceId: '1', name: 'SampleAudioSource', sourceFile: 'SampleAudioSource' }]
    ),
    staticType(
      'InteractiveVoiceResponse',
      'name',
      ['name', 'description', 'devicePoolName'],
      [{ name: 'IVR_2', description: 'Interactive Voice Response' }]
    )
  ]
}
