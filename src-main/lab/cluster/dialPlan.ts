// The dial plan: route partitions and calling search spaces, each site's route and translation
// patterns, route filters, and the installed NANP dial plan.
import type { Site } from '../vocabulary'
import { named, staticType, type InfrastructureContext, type StaticType } from './infrastructure'

export function dialPlan({ sites, fk }: InfrastructureContext): StaticType[] {
  return [
    staticType(
      'RoutePartition',
      'name',
      ['name', 'description'],
      named(
        [
          'PT-Internal',
          'PT-Intercom',
          'PT-Emergency',
          'PT-VoiceMail',
          ...sites.map((s) => `PT-${s.code}-Local`)
        ],
        (n) => ({
          description: `${n.replace('PT-', '')} numbers`
        })
      )
    ),
    staticType(
      'Css',
      'name',
      ['description', 'partitionUsage', 'name'],
      cssNames(sites).map((name) => ({
        description: `${name.replace('CSS-', '')} calling search space`,
        clause: name === 'CSS-Intercom' ? 'PT-Intercom' : 'PT-Internal:PT-Emergency:PT-VoiceMail',
        partitionUsage: name === 'CSS-Intercom' ? 'Intercom' : 'General',
        name
      }))
    ),
    staticType(
      'RoutePattern',
      'pattern',
      ['pattern', 'description', 'routePartitionName'],
      sites.flatMap((s) => [
        {
          pattern: `9.${s.prefix}XXXXXXX`,
          description: `${s.city} local`,
          routePartitionName: fk('RoutePartition', `PT-${s.code}-Local`)
        },
        {
          pattern: '9.911',
          description: 'Emergency',
          routePartitionName: fk('RoutePartition', `PT-${s.code}-Local`)
        }
      ])
    ),
    staticType(
      'TransPattern',
      'pattern',
      ['pattern', 'description', 'routePartitionName'],
      sites.map((s, i) => ({
        pattern: `8${i + 1}.XXXX`,
        description: `Abbreviated dial ${s.code}`,
        usage: 'Translation',
        routePartitionName: fk('RoutePartition', 'PT-Internal')
      }))
    ),
    staticType('RouteFilter', 'name', ['name'], named(['RF-Local', 'RF-International'])),
    staticType(
      'DialPlan',
      'name',
      ['name', 'description'],
      named(['NANP'], () => ({ description: 'North American Numbering Plan' }))
    ),
    staticType(
      'DialPlanTag',
      'name',
      ['name'],
      named(['AREA-CODE', 'OFFICE-CODE'], () => ({ dialPlanName: fk('DialPlan', 'NANP') }))
    )
  ]
}

/** Calling search spaces: internal and intercom, then device, national and international per site. */
function cssNames(sites: readonly Site[]): string[] {
  return [
    'CSS-Internal',
    'CSS-Intercom',
    ...sites.flatMap((s) => [`CSS-${s.code}-Device`, `CSS-${s.code}-National`, `CSS-${s.code}-International`])
  ]
}
