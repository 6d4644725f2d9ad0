// What lets users take their number along, generated from (seed, index): Extension Mobility device
// profiles (every eighth user), and remote destination profiles with one mobile destination each
// (every twentieth user, for Single Number Reach).
import { ref } from '../model'
import { GeneratedCollection } from './collections'
import type { ClusterLayout } from './layout'

export function deviceProfileCollection(cluster: ClusterLayout): GeneratedCollection {
  const profileName = (p: number): string => `UDP-${cluster.userid(p * 8)}`
  return new GeneratedCollection(
    'DeviceProfile',
    'name',
    ['name', 'description'],
    cluster.deviceProfiles,
    (p) =>
      cluster.object('DeviceProfile', profileName(p), {
        name: profileName(p),
        description: `Extension Mobility profile of ${cluster.firstName(p * 8)} ${cluster.lastName(p * 8)}`,
        product: 'Cisco 8845',
        model: 'Cisco 8845',
        class: 'Device Profile',
        protocol: 'SIP',
        protocolSide: 'User',
        phoneTemplateName: cluster.fk('PhoneButtonTemplate', 'Standard 8845 SIP'),
        userLocale: 'English United States',
        loginUserId: cluster.userid(p * 8),
        softkeyTemplateName: cluster.fk('SoftKeyTemplate', 'Standard User')
      }),
    profileName
  )
}

const rdpName = (cluster: ClusterLayout, r: number): string => `RDP-${cluster.userid(r * 20)}`

export function remoteDestinationProfileCollection(cluster: ClusterLayout): GeneratedCollection {
  return new GeneratedCollection(
    'RemoteDestinationProfile',
    'name',
    ['name'],
    cluster.rdps,
    (r) => {
      const owner = cluster.userid(r * 20)
      const site = cluster.siteOfUser(r * 20)
      return cluster.object('RemoteDestinationProfile', rdpName(cluster, r), {
        name: rdpName(cluster, r),
        description: `Single number reach for ${owner}`,
        product: 'Remote Destination Profile',
        model: 'Remote Destination Profile',
        class: 'Remote Destination Profile',
        protocol: 'Remote Destination',
        protocolSide: 'User',
        callingSearchSpaceName: cluster.fk('Css', `CSS-${site.code}-National`),
        devicePoolName: cluster.fk('DevicePool', `DP-${site.code}-Phones`),
        userId: ref(owner, cluster.uuid('User', owner)),
        rerouteCallingSearchSpaceName: cluster.fk('Css', `CSS-${site.code}-National`)
      })
    },
    (r) => rdpName(cluster, r)
  )
}

/** Remote destinations are known by their number (get, update and remove name the destination). */
export function remoteDestinationCollection(cluster: ClusterLayout): GeneratedCollection {
  const rdName = (r: number): string => `RD-${cluster.userid(r * 20)}-mobile`
  const destination = (r: number): string => `+1650${String(2_000_000 + r).slice(-7)}`
  return new GeneratedCollection(
    'RemoteDestination',
    'destination',
    ['name', 'remoteDestinationProfileName'],
    cluster.rdps,
    (r) =>
      cluster.object('RemoteDestination', rdName(r), {
        name: rdName(r),
        destination: destination(r),
        answerTooSoonTimer: '1500',
        answerTooLateTimer: '19000',
        delayBeforeRingingCell: '4000',
        remoteDestinationProfileName: ref(
          rdpName(cluster, r),
          cluster.uuid('RemoteDestinationProfile', rdpName(cluster, r))
        ),
        isMobilePhone: 'true',
        enableMobileConnect: 'true'
      }),
    destination
  )
}
