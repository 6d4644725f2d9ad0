// What domain synchronization reads of each inventory type (engine.ts reads nothing else). The device
// synchronization and change notification store these fields of every object beside its data, and
// the domain synchronization reads them through a covering index: for 40,000 users it parses 45 MB
// instead of 100 MB (issue 9). A field added to the engine must be added here too; the engine's tests
// run it on the stored fields and on the full objects and expect the same outcome.

const DOMAIN_FIELDS = new Map<string, readonly string[]>([
  [
    'User',
    [
      'userid',
      'restricted',
      'department',
      'firstName',
      'lastName',
      'mailid',
      'imAndPresenceEnable',
      'primaryExtension'
    ]
  ],
  [
    'Phone',
    [
      'name',
      'ownerUserName',
      'product',
      'protocol',
      'devicePoolName',
      'commonDeviceConfigName',
      'callingSearchSpaceName',
      'locationName'
    ]
  ],
  ['Line', ['pattern', 'routePartitionName', 'shareLineAppearanceCssName', 'voiceMailProfileName']],
  ['LineAppearance', ['device', 'pattern', 'partition', 'position']],
  ['UserDeviceAssociation', ['userid', 'device']],
  ['DeviceProfile', ['name', 'loginUserId', 'product']],
  ['DeviceProfileService', ['device', 'service', 'url']],
  ['RemoteDestinationProfile', ['name', 'userId', 'devicePoolName', 'callingSearchSpaceName']],
  ['LicensedUser', ['userId', 'snrEnabled']],
  [
    'UnityUser',
    [
      'Alias',
      'DtmfAccessId',
      'FirstName',
      'LastName',
      'DisplayName',
      'EmailAddress',
      'UnifiedMessagingAccount'
    ]
  ]
])

/** Whether domain synchronization reads objects of this type. */
export function readByDomainSync(type: string): boolean {
  return DOMAIN_FIELDS.has(type)
}

/** The fields of an object that domain synchronization reads, as JSON; null for a type it does not read. */
export function domainFieldsOf(type: string, data: Record<string, unknown>): string | null {
  const names = DOMAIN_FIELDS.get(type)
  if (!names) return null
  const kept: Record<string, unknown> = {}
  for (const name of names) if (data[name] !== undefined) kept[name] = data[name]
  return JSON.stringify(kept)
}
