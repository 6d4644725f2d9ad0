// DEV-03 (name rule), DEV-10/11 (LDAP ports and SSL), DEV-13 (canonical admin DN), DEV-06 (Unity
// Connection OS credentials), IM&P linked to a Call Processor: one schema, errors naming the field.
import { describe, expect, it } from 'vitest'
import { deviceInputSchema, dnProblem } from '../../src-preload/contract'
import { fieldIssues } from '../../src-main/api/dispatch'

const ldap = {
  name: 'Corp AD',
  kind: 'directory',
  product: 'ad',
  host: 'dc1.example.com',
  adminDn: 'CN=Administrator,CN=Users,DC=example,DC=com',
  password: 'pw',
  searchBase: 'OU=Staff,DC=example,DC=com'
}
const cucm = {
  name: 'CUCM-1',
  kind: 'call-processor',
  product: 'cucm',
  host: '10.0.0.5',
  username: 'axl',
  password: 'pw'
}

function issues(input: unknown): Record<string, string> {
  const parsed = deviceInputSchema.safeParse(input)
  if (parsed.success) return {}
  return Object.fromEntries(fieldIssues(parsed.error).map((i) => [i.field, i.message]))
}

describe('device names (DEV-03)', () => {
  it.each(['CUCM Pub 1', 'cucm_pub-1.example@site', 'A'])('accepts %j', (name) => {
    expect(issues({ ...cucm, name })).toEqual({})
  })
  it.each(['cucm/pub', 'pub#1', 'Zürich', '', '   ', 'a'.repeat(65)])(
    'refuses %j naming the field',
    (name) => {
      expect(Object.keys(issues({ ...cucm, name }))).toContain('name')
    }
  )
})

describe('hosts and ports', () => {
  it.each([
    'cucm.example.com',
    '192.168.10.5',
    'fe80::1',
    'localhost',
    '::1',
    '[2001:db8::10]',
    '2001:db8:0:0:0:0:0:1',
    'fe80::1%eth0',
    '::ffff:192.0.2.1'
  ])('accepts host %j', (host) => {
    expect(issues({ ...cucm, host })).toEqual({})
  })
  it.each([
    'http://cucm',
    'cucm pub',
    '300.1.1.1',
    '-bad.example.com',
    '',
    // Made of IPv6's characters, but not addresses (the old shape check let them through).
    '1.2.3.4:80',
    '[::1',
    '1:2:3:4:5:6:7:8:9',
    '2001:db8::1::2',
    '12345::1',
    '::ffff:300.0.0.1'
  ])('refuses host %j', (host) => {
    expect(issues({ ...cucm, host }).host).toBeDefined()
  })
  it.each([0, 65536, 1.5])('refuses port %j', (port) => {
    expect(issues({ ...cucm, port }).port).toMatch(/between 1 and 65535|whole number/)
  })
})

describe('directory servers (DEV-09..14)', () => {
  it('accepts a complete AD definition, with plain, SSL and Global Catalog ports', () => {
    expect(issues(ldap)).toEqual({})
    expect(issues({ ...ldap, port: 636, useSsl: true })).toEqual({})
    expect(issues({ ...ldap, port: 3268 })).toEqual({})
    expect(issues({ ...ldap, port: 3269, useSsl: true })).toEqual({})
  })
  it('refuses 3269 or 636 without Use SSL, and 389 or 3268 with it (DEV-11)', () => {
    expect(issues({ ...ldap, port: 3269 }).port).toMatch(/choose SSL \(LDAPS\)/)
    expect(issues({ ...ldap, port: 636 }).port).toMatch(/choose SSL \(LDAPS\)/)
    expect(issues({ ...ldap, port: 389, useSsl: true }).port).toMatch(/use 636/)
    expect(issues({ ...ldap, port: 3268, useSsl: true }).port).toMatch(/use 3269/)
    expect(issues({ ...ldap, backupHost: 'dc2', backupPort: 3269 }).backupPort).toMatch(
      /choose SSL \(LDAPS\)/
    )
  })
  it('accepts StartTLS on the plain ports only, never with SSL, and on directories only (issue 28)', () => {
    expect(issues({ ...ldap, startTls: true })).toEqual({})
    expect(issues({ ...ldap, port: 3268, startTls: true })).toEqual({})
    expect(issues({ ...ldap, port: 636, startTls: true }).port).toMatch(
      /636 is an SSL port: StartTLS runs on the plain LDAP port \(use 389\)/
    )
    expect(issues({ ...ldap, port: 636, useSsl: true, startTls: true }).startTls).toMatch(
      /cannot be combined with SSL \(LDAPS\)/
    )
    expect(issues({ ...cucm, startTls: true }).startTls).toMatch(/does not apply/)
  })
  it('requires the bind DN, password and search base, and a backup host for a backup port', () => {
    const { adminDn: _a, searchBase: _s, password: _p, ...bare } = ldap
    expect(Object.keys(issues(bare)).sort()).toEqual(['adminDn', 'password', 'searchBase'])
    expect(issues({ ...ldap, backupPort: 389 }).backupPort).toMatch(/backup server address/)
  })
  it('refuses fields that belong to other device types', () => {
    expect(issues({ ...ldap, username: 'x' }).username).toMatch(/does not apply/)
  })
  it('only offers directory products', () => {
    expect(issues({ ...ldap, product: 'cucm' }).product).toMatch(/ad, adlds, openldap, oracle/)
  })
})

describe('distinguished names (DEV-13)', () => {
  it.each([
    'CN=Administrator,OU=Sales,DC=ca,DC=com',
    'CN= Administrator, OU =Sales, DC=ca, DC=com',
    'cn=Smith\\, John,ou=people,dc=example,dc=org',
    'uid=admin+cn=x,dc=example,dc=com',
    '2.5.4.3=admin,dc=example'
  ])('accepts %j', (dn) => {
    expect(dnProblem(dn)).toBeNull()
  })
  it.each([
    ['Administrator', /attribute=value/],
    ['CN=,DC=com', /empty value/],
    ['CN=x,', /separator/],
    ['1cn=x', /not a valid attribute name/],
    ['CN=x\\', /unfinished escape/]
  ])('refuses %j', (dn, rule) => {
    expect(dnProblem(dn)).toMatch(rule)
  })
})

describe('bind names of Active Directory (issue 25 item 10)', () => {
  const openldap = { ...ldap, product: 'openldap', adminDn: 'cn=admin,dc=example,dc=com' }
  it.each([
    'administrator@example.com',
    'svc.ldap@corp.example.com',
    'CORP\\administrator',
    'CORP\\svc ldap'
  ])('accepts %j for AD and AD LDS', (adminDn) => {
    expect(issues({ ...ldap, adminDn })).toEqual({})
    expect(issues({ ...ldap, product: 'adlds', adminDn })).toEqual({})
  })
  it.each([
    [
      'administrator',
      /must be a distinguished name, user@realm or DOMAIN\\user: "administrator" is none of these/
    ],
    ['TOO-LONG-NETBIOS-NAME\\admin', /is not a NetBIOS domain name/],
    ['CORP\\', /is not a user logon name/],
    [
      'CN=,DC=com',
      /must be a distinguished name, user@realm or DOMAIN\\user: attribute "CN" has an empty value/
    ]
  ])('refuses %j for AD, naming the rule', (adminDn, rule) => {
    expect(issues({ ...ldap, adminDn }).adminDn).toMatch(rule)
  })
  it('keeps the DN rule for the other directories', () => {
    expect(issues(openldap)).toEqual({})
    expect(issues({ ...openldap, adminDn: 'admin@example.com' }).adminDn).toMatch(
      /^must be a distinguished name: /
    )
  })
})

describe('processors', () => {
  it('Call Processor needs the AXL user and password', () => {
    expect(Object.keys(issues({ ...cucm, username: undefined, password: undefined })).sort()).toEqual([
      'password',
      'username'
    ])
  })
  it('Unity Connection OS administrator credentials come as a pair (DEV-06)', () => {
    const cuc = {
      name: 'CUC',
      kind: 'message-processor',
      product: 'unity-connection',
      host: 'cuc',
      username: 'a',
      password: 'p'
    }
    expect(issues(cuc)).toEqual({})
    expect(issues({ ...cuc, osUsername: 'os' }).osPassword).toMatch(/together/)
  })
  it('IM and Presence must name its Call Processor', () => {
    const imp = {
      name: 'IMP',
      kind: 'presence-processor',
      product: 'imp',
      host: 'imp',
      username: 'a',
      password: 'p'
    }
    expect(issues(imp).callProcessor).toMatch(/required/)
    expect(issues({ ...imp, callProcessor: 'CUCM-1' })).toEqual({})
  })
  it('Extension Mobility details need a name and an http(s) URL (DEV-19)', () => {
    expect(
      issues({
        ...cucm,
        extensionMobility: {
          serviceName: 'EM',
          serviceUrl: 'http://cucm:8080/emapp/EMAppServlet?device=#DEVICENAME#'
        }
      })
    ).toEqual({})
    expect(
      issues({ ...cucm, extensionMobility: { serviceName: 'EM', serviceUrl: 'ftp://x' } })[
        'extensionMobility.serviceUrl'
      ]
    ).toMatch(/URL/)
  })
  it('unknown fields are refused by name', () => {
    expect(issues({ ...cucm, colour: 'red' }).colour).toBe('is not a known field')
  })
})
