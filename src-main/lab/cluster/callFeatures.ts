// Call features with numbers of their own: each site's helpdesk hunting (line group, hunt list, hunt
// pilot), call park, call pickup and Meet-Me numbers, and the Conference Now number.
import type { Site } from '../vocabulary'
import { named, staticType, type InfrastructureContext, type StaticType } from './infrastructure'

export function callFeatures({ sites, fk }: InfrastructureContext): StaticType[] {
  /** A pattern of each site in the internal partition: the site's place in the list, then `numberAfterSite`. */
  const sitePatterns = (
    type: string,
    usage: string,
    numberAfterSite: string,
    description: (site: Site) => string
  ): StaticType =>
    staticType(
      type,
      'pattern',
      ['pattern', 'description', 'routePartitionName'],
      sites.map((s, i) => ({
        pattern: `${i + 1}${numberAfterSite}`,
        description: description(s),
        usage,
        routePartitionName: fk('RoutePartition', 'PT-Internal')
      }))
    )
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
    sitePatterns('HuntPilot', 'Hunt Pilot', '999000', (s) => `Helpdesk ${s.city}`),
    sitePatterns('CallPark', 'Call Park', '9980X', (s) => `Park ${s.code}`),
    sitePatterns('CallPickupGroup', 'Call Pick Up Group', '99700', (s) => `Pickup ${s.code}`),
    sitePatterns('MeetMe', 'Conference', '99600', () => 'Meet-Me'),
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
