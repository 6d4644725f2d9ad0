// The way out of the cluster: SIP and H.323 trunks, gateways and the gatekeeper, and each site's PSTN
// route group and route list.
import { named, staticType, type InfrastructureContext, type StaticType } from './infrastructure'

export function gateways({ sites, fk }: InfrastructureContext): StaticType[] {
  return [
    staticType(
      'SipTrunk',
      'name',
      ['name', 'description', 'callingSearchSpaceName', 'devicePoolName'],
      [
        {
          name: 'SIP-TRUNK-UNITY',
          description: 'Trunk to Unity Connection',
          product: 'SIP Trunk',
          protocol: 'SIP',
          devicePoolName: fk('DevicePool', `DP-${sites[0].code}-Gateways`)
        },
        ...sites.map((s) => ({
          name: `SIP-TRUNK-PSTN-${s.code}`,
          description: `PSTN ${s.city}`,
          product: 'SIP Trunk',
          protocol: 'SIP',
          devicePoolName: fk('DevicePool', `DP-${s.code}-Gateways`)
        }))
      ]
    ),
    staticType(
      'H323Trunk',
      'name',
      ['name', 'description', 'callingSearchSpaceName', 'devicePoolName'],
      [
        {
          name: 'ICT-LEGACY',
          description: 'Intercluster trunk',
          product: 'Inter-Cluster Trunk',
          protocol: 'Inter-Cluster Trunk'
        }
      ]
    ),
    staticType(
      'H323Gateway',
      'name',
      ['name', 'description', 'protocol', 'callingSearchSpaceName', 'devicePoolName'],
      [{ name: '10.1.1.1', description: 'Legacy H.323 gateway', product: 'H.323 Gateway', protocol: 'H.225' }]
    ),
    staticType(
      'Gateway',
      'domainName',
      ['domainName', 'description', 'product', 'protocol'],
      sites.flatMap((s, i) =>
        (['VG202', 'VG204', 'VG224', 'VG310', 'VG320', 'VG350'] as const).map((model, k) => ({
          domainName: `${model}-${s.code}`.toLowerCase() + '.example.test',
          description: `${model} ${s.city}`,
          product: model,
          protocol: k < 3 ? 'SCCP' : 'MGCP',
          callManagerGroupName: fk('CallManagerGroup', i % 2 === 0 ? 'CMG-Primary' : 'CMG-Secondary')
        }))
      )
    ),
    staticType(
      'Gatekeeper',
      'name',
      ['name', 'description'],
      named(['GK-Legacy'], () => ({ description: 'Legacy H.323 gatekeeper' }))
    ),
    staticType(
      'RouteGroup',
      'name',
      ['name'],
      named(
        sites.map((s) => `RG-${s.code}-PSTN`),
        () => ({ distributionAlgorithm: 'Circular' })
      )
    ),
    staticType(
      'RouteList',
      'name',
      ['name', 'description'],
      named(
        sites.map((s) => `RL-${s.code}-PSTN`),
        () => ({
          description: 'PSTN route list',
          callManagerGroupName: fk('CallManagerGroup', 'CMG-Primary')
        })
      )
    )
  ]
}
