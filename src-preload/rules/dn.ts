// Distinguished names (RFC 4514) as device setup and LDAP settings accept them.

/**
 * Distinguished name per RFC 4514: comma-separated RDNs of `attribute=value`; values may contain
 * backslash escapes or be quoted. Returns the rule that failed, or null.
 */
export function dnProblem(dn: string): string | null {
  const text = dn.trim()
  if (text === '') return 'is required'
  let i = 0
  while (i < text.length) {
    const eq = text.indexOf('=', i)
    if (eq < 0) return `"${text.slice(i).trim()}" is not of the form attribute=value`
    const attr = text.slice(i, eq).trim()
    if (!/^([A-Za-z][A-Za-z0-9-]*|[0-9]+(\.[0-9]+)*)$/.test(attr)) {
      return `"${attr}" is not a valid attribute name (example: CN=Administrator,CN=Users,DC=example,DC=com)`
    }
    i = eq + 1
    let value = ''
    while (i < text.length && text[i] !== ',' && text[i] !== ';' && text[i] !== '+') {
      if (text[i] === '\\') {
        if (i + 1 >= text.length) return 'ends with an unfinished escape (\\)'
        value += text[i + 1]
        i += 2
        continue
      }
      value += text[i]
      i += 1
    }
    if (value.trim() === '') return `attribute "${attr}" has an empty value`
    if (i < text.length) i += 1
    if (i === text.length && /[,;+]$/.test(text)) return 'ends with a separator'
  }
  return null
}

/**
 * How an Active Directory (or AD LDS) administrator may name the bind account besides a DN: a user
 * principal name (`admin@corp.example.com`) or a down-level logon name (`CORP\admin`); AD accepts
 * both in a simple bind. Returns the rule that failed, or null.
 */
export function adBindNameProblem(name: string): string | null {
  const text = name.trim()
  if (/^[^\s@\\]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(text)) return null
  const slash = text.indexOf('\\')
  if (slash >= 0) {
    const domain = text.slice(0, slash)
    const user = text.slice(slash + 1)
    if (!/^[A-Za-z0-9][A-Za-z0-9 .!@#$%^&')(_{}~-]{0,14}$/.test(domain))
      return `"${domain}" is not a NetBIOS domain name (1 to 15 characters)`
    if (user === '' || /[\\/"[\]:;|=,+*?<>]/.test(user)) return `"${user}" is not a user logon name`
    return null
  }
  if (!text.includes('=')) return `"${text}" is none of these`
  return dnProblem(text)
}
