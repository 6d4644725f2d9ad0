// Host names and addresses as device setup accepts them (shared by the Core and the forms).

const HOSTNAME =
  /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/
const IPV6_GROUP = /^[0-9A-Fa-f]{1,4}$/

/**
 * An IPv6 address (RFC 4291 text forms, optional zone id, optional matching brackets): eight groups,
 * or fewer with one `::`, the last two groups optionally written as IPv4. Shapes alone are not
 * enough: `1.2.3.4:80` is made of the same characters.
 */
function isIPv6(text: string): boolean {
  const bracketed = text.startsWith('[') || text.endsWith(']')
  if (bracketed && !(text.startsWith('[') && text.endsWith(']'))) return false
  const [address, zone, ...more] = (bracketed ? text.slice(1, -1) : text).split('%')
  if (more.length > 0 || (zone !== undefined && !/^[A-Za-z0-9]+$/.test(zone))) return false
  const halves = address.split('::')
  if (halves.length > 2) return false
  const groups = halves.map((half) => (half === '' ? [] : half.split(':')))
  const all = groups.flat()
  const last = all[all.length - 1]
  const embeddedIPv4 = last !== undefined && last.includes('.')
  if (embeddedIPv4 && !IPV4.test(last)) return false
  const hexGroups = embeddedIPv4 ? all.slice(0, -1) : all
  if (!hexGroups.every((g) => IPV6_GROUP.test(g))) return false
  const width = hexGroups.length + (embeddedIPv4 ? 2 : 0)
  return halves.length === 2 ? width <= 7 : width === 8
}

/** A host name, an IPv4 address or an IPv6 address; all-numeric dotted text must be IPv4 (300.1.1.1 is not a host name). */
export function isHost(text: string): boolean {
  return /^[\d.]+$/.test(text) ? IPV4.test(text) : HOSTNAME.test(text) || (text.includes(':') && isIPv6(text))
}
