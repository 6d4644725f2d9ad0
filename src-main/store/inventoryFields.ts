// What domain synchronization reads of each inventory type (sync/domain reads nothing else). The device
// synchronization and change notification store these fields of every object beside its data, and
// the domain synchronization reads them through a covering index: for 40,000 users it parses 21 MB
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

/**
 * Bumped whenever a list above changes: fields stored under another version are not trusted (they
 * would lack a field the engine now reads), and their type is read from the objects' data instead
 * until the device's next synchronization stores them anew.
 */
const FIELDS_VERSION = 1

/**
 * The fields of an object that domain synchronization reads: the version, then the values in the
 * order of the type's list (null where the object has none). Null for a type it does not read.
 * Positions instead of names make the stored text, and its index, half as long.
 */
export function domainFieldValues(type: string, data: Record<string, unknown>): unknown[] | null {
  const names = DOMAIN_FIELDS.get(type)
  if (!names) return null
  const values: unknown[] = [FIELDS_VERSION]
  for (const name of names) values.push(data[name] ?? null)
  return values
}

/** The fields as the inventory stores them (JSON); null for a type domain synchronization does not read. */
export function domainFieldsOf(type: string, data: Record<string, unknown>): string | null {
  const values = domainFieldValues(type, data)
  return values && JSON.stringify(values)
}

/**
 * Turns stored fields of one type, parsed, back into an object with the engine's field names (leaving
 * out those the object did not have); undefined for fields stored under another version.
 */
export function domainFieldsReader(type: string): (values: unknown) => Record<string, unknown> | undefined {
  const names = DOMAIN_FIELDS.get(type)
  if (!names) throw new Error(`domain synchronization does not read ${type} objects`)
  return (values) => {
    if (!Array.isArray(values) || values[0] !== FIELDS_VERSION || values.length !== names.length + 1)
      return undefined
    const object: Record<string, unknown> = {}
    for (let i = 0; i < names.length; i++) if (values[i + 1] !== null) object[names[i]] = values[i + 1]
    return object
  }
}
