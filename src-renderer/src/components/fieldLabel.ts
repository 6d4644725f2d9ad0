// Field names as people read them: the audit trail's changes and an inventory object's fields.
/** Abbreviations that read in capitals inside a field name (userId → User ID). */
const ACRONYMS = new Set([
  'id',
  'dn',
  'dns',
  'url',
  'uri',
  'ssl',
  'tls',
  'os',
  'ldap',
  'um',
  'ip',
  'axl',
  'cm'
])

/** One step of a field path: an identifier in words; a name (a service area "Sales", "CCM2") as it is. */
function segmentLabel(segment: string): string {
  if (!/^[a-z][a-zA-Z0-9]*$/.test(segment)) return segment
  const words = segment
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(' ')
    .map((word) => (ACRONYMS.has(word.toLowerCase()) ? word.toUpperCase() : word.toLowerCase()))
    .join(' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** A field's dotted path in words: `fieldRules.firstName.create` → "Field rules › First name › Create". */
export function fieldLabel(path: string): string {
  return path.split('.').map(segmentLabel).join(' › ')
}
