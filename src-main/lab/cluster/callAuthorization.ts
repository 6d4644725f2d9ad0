// Who may place which calls: client matter and forced authorization codes, the MLPP domain and the
// resource priority namespaces of precedence calls.
import { named, staticType, type StaticType } from './infrastructure'

export function callAuthorization(): StaticType[] {
  return [
    staticType(
      'CmcInfo',
      'code',
      ['code'],
      [
        { code: '1001', description: 'Client Alpha' },
        { code: '1002', description: 'Client Beta' }
      ]
    ),
    staticType(
      'FacInfo',
      'name',
      ['name', 'code', 'authorizationLevel'],
      [{ name: 'FAC-International', code: '4321', authorizationLevel: '30' }]
    ),
    staticType('MlppDomain', 'domainName', ['domainName'], [{ domainName: 'Default', domainId: '000000' }]),
    staticType(
      'ResourcePriorityNamespace',
      'namespace',
      ['namespace', 'description'],
      [{ namespace: 'dsn', description: 'Defense Switched Network' }]
    ),
    staticType(
      'ResourcePriorityNamespaceList',
      'name',
      ['name', 'description'],
      named(['RPNL-Default'], () => ({ description: 'Namespaces' }))
    )
  ]
}
