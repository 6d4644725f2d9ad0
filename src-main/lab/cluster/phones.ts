// The cluster's phones, generated from (seed, index): a desk phone per user (a few common-area phones
// and analog ports among them), then a Jabber client for half of the users.
import { ref, type LabObject } from '../model'
import { hash32 } from '../random'
import { PHONE_MODELS } from '../vocabulary'
import { GeneratedCollection } from './collections'
import type { ClusterLayout } from './layout'

export function phoneCollection(cluster: ClusterLayout): GeneratedCollection {
  return new GeneratedCollection(
    'Phone',
    'name',
    ['name', 'description', 'protocol', 'callingSearchSpaceName', 'devicePoolName', 'securityProfileName'],
    cluster.phones,
    (j) => phoneObject(cluster, j),
    (j) => cluster.phoneName(j)
  )
}

/** A phone's product and protocol: Jabber for the clients, an analog port, or a desk phone model. */
function modelOf(cluster: ClusterLayout, j: number): { product: string; protocol: string } {
  if (cluster.isAnalog(j)) return { product: 'Analog Phone', protocol: 'SCCP' }
  const model =
    j >= cluster.users
      ? PHONE_MODELS[PHONE_MODELS.length - 1]
      : PHONE_MODELS[hash32(cluster.seed, 'model', j) % (PHONE_MODELS.length - 1)]
  return { product: model?.model ?? 'Cisco 8845', protocol: model?.protocol ?? 'SIP' }
}

function phoneObject(cluster: ClusterLayout, j: number): LabObject {
  const name = cluster.phoneName(j)
  const owner = cluster.phoneOwner(j)
  const site = owner !== undefined ? cluster.siteOfUser(owner) : cluster.sites[j % cluster.sites.length]
  const analog = cluster.isAnalog(j)
  const jabber = j >= cluster.users
  const { product, protocol } = modelOf(cluster, j)
  return cluster.object('Phone', name, {
    name,
    description:
      owner !== undefined
        ? `${cluster.firstName(owner)} ${cluster.lastName(owner)} ${product.replace('Cisco ', '')}`
        : `Common area ${site.city}`,
    product,
    model: product,
    class: 'Phone',
    protocol,
    protocolSide: 'User',
    callingSearchSpaceName: cluster.fk('Css', `CSS-${site.code}-Device`),
    devicePoolName: cluster.fk('DevicePool', `DP-${site.code}-${analog ? 'Gateways' : 'Phones'}`),
    commonDeviceConfigName: cluster.fk('CommonDeviceConfig', `CDC-${site.code}`),
    commonPhoneConfigName: cluster.fk('CommonPhoneConfig', 'Standard Common Phone Profile'),
    locationName: cluster.fk('Location', `LOC-${site.code}`),
    securityProfileName: ref(
      `${product} - Standard ${protocol} Non-Secure Profile`,
      cluster.uuid('PhoneSecurityProfile', `${product}-${protocol}`)
    ),
    sipProfileName: protocol === 'SIP' ? cluster.fk('SipProfile', 'Standard SIP Profile') : undefined,
    phoneTemplateName: analog
      ? undefined
      : cluster.fk(
          'PhoneButtonTemplate',
          jabber ? 'Standard Client Services Framework' : 'Standard 8845 SIP'
        ),
    softkeyTemplateName: cluster.fk('SoftKeyTemplate', 'Standard User'),
    enableExtensionMobility: analog || jabber ? 'false' : 'true',
    ownerUserName:
      owner !== undefined
        ? ref(cluster.userid(owner), cluster.uuid('User', cluster.userid(owner)))
        : undefined,
    presenceGroupName: cluster.fk('PresenceGroup', 'Standard Presence group')
  })
}
