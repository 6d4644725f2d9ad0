// Voicemail on Unity Connection: the pilot, the voicemail profiles lines refer to, the voicemail ports
// and the message waiting number.
import { named, staticType, type InfrastructureContext, type StaticType } from './infrastructure'

export function voicemail({ fk }: InfrastructureContext): StaticType[] {
  return [
    staticType(
      'VoiceMailPilot',
      'dirn',
      ['dirn', 'description', 'cssName'],
      [
        {
          dirn: '1999999',
          description: 'Unity Connection',
          cssName: fk('Css', 'CSS-Internal'),
          isDefault: 'true'
        }
      ]
    ),
    staticType(
      'VoiceMailProfile',
      'name',
      ['name'],
      named(['Default', 'VMP-Unity'], (n) => ({
        description: 'Voicemail profile',
        isDefault: n === 'Default' ? 'true' : 'false'
      }))
    ),
    staticType(
      'VoiceMailPort',
      'name',
      ['name', 'description'],
      named(
        Array.from({ length: 4 }, (_, i) => `CiscoUM1-VI${i + 1}`),
        () => ({ description: 'Voicemail port', product: 'Cisco Voice Mail Port', protocol: 'SCCP' })
      )
    ),
    staticType(
      'MessageWaiting',
      'pattern',
      ['pattern', 'routePartitionName', 'description', 'callingSearchSpaceName'],
      [
        {
          pattern: '1999998',
          routePartitionName: fk('RoutePartition', 'PT-VoiceMail'),
          description: 'MWI on',
          messageWaitingIndicator: 'true'
        }
      ]
    )
  ]
}
