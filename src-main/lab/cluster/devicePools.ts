// Device pools and what each bundles for a site's phones and gateways: Call Manager group, date and
// time, SRST reference and location; and the common device configuration of each site.
import { named, staticType, type InfrastructureContext, type StaticType } from './infrastructure'

export function devicePools({ sites, fk }: InfrastructureContext): StaticType[] {
  return [
    staticType(
      'CallManagerGroup',
      'name',
      ['name'],
      named(['CMG-Primary', 'CMG-Secondary'], () => ({ tftpDefault: 'false' }))
    ),
    staticType(
      'DateTimeGroup',
      'name',
      ['name', 'timeZone'],
      named(['CMLocal', ...sites.map((s) => `DT-${s.code}`)], () => ({ timeZone: 'Etc/GMT' }))
    ),
    staticType(
      'Srst',
      'name',
      ['name', 'ipAddress'],
      named(
        sites.map((s) => `SRST-${s.code}`),
        (_n, i) => ({ port: '2000', ipAddress: `10.${i + 10}.0.1` })
      )
    ),
    staticType(
      'DevicePool',
      'name',
      ['name', 'callManagerGroupName', 'regionName'],
      sites.flatMap((s) =>
        ['Phones', 'Gateways'].map((role) => ({
          name: `DP-${s.code}-${role}`,
          dateTimeSettingName: fk('DateTimeGroup', `DT-${s.code}`),
          callManagerGroupName: fk('CallManagerGroup', 'CMG-Primary'),
          mediaResourceListName: fk('MediaResourceList', `MRL-${s.code}`),
          regionName: fk('Region', `REG-${s.code}`),
          srstName: fk('Srst', `SRST-${s.code}`),
          locationName: fk('Location', `LOC-${s.code}`)
        }))
      )
    ),
    staticType(
      'CommonDeviceConfig',
      'name',
      ['name'],
      named(
        sites.map((s) => `CDC-${s.code}`),
        () => ({
          softkeyTemplateName: fk('SoftKeyTemplate', 'Standard User'),
          userLocale: 'English United States'
        })
      )
    )
  ]
}
