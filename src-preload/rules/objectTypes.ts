/**
 * Inventory object types are the API's names (AXL `Css`, `FacInfo`; CUPI `Cos`). Admins know them by
 * the names the administration pages use; both are accepted, in any case, spaced or not.
 */
const adminNames: Record<string, string> = {
  Css: 'Calling Search Space',
  FacInfo: 'Forced Authorization Code',
  CmcInfo: 'Client Matter Code',
  AarGroup: 'AAR Group',
  UcService: 'UC Service',
  ElinGroup: 'ELIN Group',
  MlppDomain: 'MLPP Domain',
  GeoLocation: 'Geolocation',
  CallManagerGroup: 'Unified CM Group',
  MeetMe: 'Meet-Me Number/Pattern',
  Cos: 'Class of Service'
}

/** The name an administrator reads: "Calling Search Space" for Css, "Device Pool" for DevicePool. */
export function objectTypeLabel(type: string): string {
  return adminNames[type] ?? type.replace(/([a-z])([A-Z])/g, '$1 $2')
}

const comparable = (name: string): string => name.toLowerCase().replace(/[\s_-]/g, '')

/** The type among `types` that `typed` names (API or admin name, any case), if any. */
export function findObjectType(types: readonly string[], typed: string): string | undefined {
  const wanted = comparable(typed)
  return types.find((type) => comparable(type) === wanted || comparable(objectTypeLabel(type)) === wanted)
}
