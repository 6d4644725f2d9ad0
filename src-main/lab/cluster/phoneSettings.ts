// What phones are configured with besides their pool: softkey and button templates, common phone
// profiles and SIP profiles.
import { named, staticType, type InfrastructureContext, type StaticType } from './infrastructure'

export function phoneSettings(_context: InfrastructureContext): StaticType[] {
  return [
    staticType(
      'SoftKeyTemplate',
      'name',
      ['name', 'description'],
      named(['Standard User', 'Standard Feature', 'SKT-Executive'], () => ({ description: 'Softkeys' }))
    ),
    staticType(
      'PhoneButtonTemplate',
      'name',
      ['name'],
      named(
        [
          'Standard 8845 SIP',
          'Standard 7841 SIP',
          'Standard 7821 SCCP',
          'Standard Client Services Framework'
        ],
        () => ({ isUserModifiable: 'false' })
      )
    ),
    staticType(
      'CommonPhoneConfig',
      'name',
      ['name'],
      named(['Standard Common Phone Profile', 'CPP-Executive'], () => ({ description: 'Phone profile' }))
    ),
    staticType(
      'SipProfile',
      'name',
      ['name', 'description'],
      named(['Standard SIP Profile', 'Standard SIP Profile For Mobile Device', 'SIP-Trunk-Profile'], () => ({
        description: 'SIP profile'
      }))
    )
  ]
}
