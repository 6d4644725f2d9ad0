// Call features with numbers of their own: each site's helpdesk hunting (line group, hunt list, hunt
// pilot), call park, call pickup and Meet-Me numbers, and the Conference Now number.
import { named, staticType, type InfrastructureContext, type StaticType } from './infrastructure'

export function callFeatures({ sites, fk }: InfrastructureContext): StaticType[] {
  return [
    staticType(
      'LineGroup',
      'name',
      ['name'],
      named(
        sites.map((s) => `LG-${s.code}-Helpdesk`),
        () => ({ distributionAlgorithm: 'Top Down' })
      )
    ),
    staticType(
      'HuntList',
      'name',
      ['description', 'name'],
      sites.map((s) => ({
        description: `Helpdesk ${s.city}`,
        callManagerGroupName: fk('CallManagerGroup', 'CMG-Primary'),
        routeListEnabled: 'true',
        name: `HL-${s.code}-Helpdesk`
      }))
    ),
    staticType(
      'HuntPilot',
      'pattern',
      ['pattern', 'description', 'routePartitionName'],
      sites.map((s, i) => ({
        pattern: `${i + 1}999000`,
        description: `Helpdesk ${s.city}`,
        usage: 'Hunt Pilot',
        routePartitionName: fk('RoutePartition', 'PT-Internal')
      }))
    ),
    staticType(
      'CallPark',
      'pattern',
      ['pattern', 'description', 'routePartitionName'],
      sites.map((s, i) => ({
        pattern: `${i + 1}9980X`,
        description: `Park ${s.code}`,
        usage: 'Call Park',
        routePartitionName: fk('RoutePartition', 'PT-Internal')
      }))
    ),
    staticType(
      'CallPickupGroup',
      'pattern',
      ['pattern', 'description', 'routePartitionName'],
      sites.map((s, i) => ({
        pattern: `${i + 1}99700`,
        description: `Pickup ${s.code}`,
        usage: 'Call Pick Up Group',
        routePartitionName: fk('RoutePartition', 'PT-Internal')
      }))
    ),
    staticType(
      'MeetMe',
      'pattern',
      ['pattern', 'description', 'routePartitionName'],
      sites.map((_s, i) => ({
        pattern: `${i + 1}99600`,
        description: 'Meet-Me',
        usage: 'Conference',
        routePartitionName: fk('RoutePartition', 'PT-Internal')
      }))
    ),
    staticType(
      'ConferenceNow',
      'conferenceNowNumber',
      ['conferenceNowNumber', 'routePartitionName'],
      [
        {
          conferenceNowNumber: '1999500',
          routePartitionName: fk('RoutePartition', 'PT-Internal'),
          description: 'Conference Now'
        }
      ]
    )
  ]
}
