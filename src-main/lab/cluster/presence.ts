// Presence and Jabber: the presence group, the service profiles Jabber users get, and the UC service
// they point at.
import { named, staticType, type InfrastructureContext, type StaticType } from './infrastructure'

export function presence(_context: InfrastructureContext): StaticType[] {
  return [
    staticType(
      'PresenceGroup',
      'name',
      ['name', 'description'],
      named(['Standard Presence group'], () => ({ description: 'Default presence group' }))
    ),
    staticType(
      'ServiceProfile',
      'name',
      ['name', 'description'],
      named(['SP-Jabber', 'SP-Desk'], (n) => ({
        description: n,
        isDefault: n === 'SP-Jabber' ? 'true' : 'false'
      }))
    ),
    staticType(
      'UcService',
      'name',
      ['name'],
      [
        {
          serviceType: 'Voicemail',
          productType: 'Unity Connection',
          name: 'UC-Voicemail',
          description: 'Voicemail',
          hostnameorip: 'cuc.example.test',
          port: '443'
        }
      ]
    )
  ]
}
