// Where devices are: each site's region and location (codecs and bandwidth between sites), its physical
// and geographic location, device mobility subnet, emergency location group and AAR group.
import { named, staticType, type InfrastructureContext, type StaticType } from './infrastructure'

export function locations({ sites }: InfrastructureContext): StaticType[] {
  /** One object a site, named `<prefix>-<site code>` and described by its name. */
  const describedPerSite = (type: string, prefix: string): StaticType =>
    staticType(
      type,
      'name',
      ['name', 'description'],
      named(
        sites.map((s) => `${prefix}-${s.code}`),
        (n) => ({ description: n })
      )
    )
  return [
    staticType(
      'Region',
      'name',
      ['name'],
      named(['Default', ...sites.map((s) => `REG-${s.code}`)], () => ({ defaultCodec: 'G.711' }))
    ),
    staticType(
      'Location',
      'name',
      ['name'],
      named(['Hub_None', 'Phantom', ...sites.map((s) => `LOC-${s.code}`)], (_n, i) => ({
        id: String(i + 1),
        withinAudioBandwidth: '0'
      }))
    ),
    describedPerSite('PhysicalLocation', 'PL'),
    describedPerSite('GeoLocation', 'GEO'),
    staticType(
      'GeoLocationFilter',
      'name',
      ['name', 'description'],
      named(['GLF-Country'], () => ({ description: 'Country only' }))
    ),
    staticType(
      'DeviceMobilityGroup',
      'name',
      ['name', 'description'],
      named(['DMG-Global'], () => ({ description: 'Device mobility' }))
    ),
    staticType(
      'DeviceMobility',
      'name',
      ['name', 'subNet', 'subNetMaskSz'],
      named(sites.map((s) => `DMI-${s.code}`))
    ),
    staticType('ElinGroup', 'name', ['name'], named(sites.map((s) => `ELIN-${s.code}`))),
    staticType('AarGroup', 'name', ['name'], named(['AAR-Default', ...sites.map((s) => `AAR-${s.code}`)]))
  ]
}
