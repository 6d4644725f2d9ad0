// Issue 6: service-area and user-role LDAP filters (LDAP-30, -31) are evaluated against each
// directory entry in-process — every RFC 4515 operator, escapes, non-ASCII values and multi-valued
// attributes — and only matches Switchboard implements are accepted when a filter is saved.
import { describe, expect, it } from 'vitest'
import { entryFilterProblem, parseFilter } from '../../src-preload/rules/ldapFilter'
import type { DirectoryEntry } from '../../src-main/connectors/ldap/client'
import { filterAttributes, matchesEntry } from '../../src-main/sync/directory/matcher'

/** Attribute names as the client returns them: lower case. */
const entry: DirectoryEntry = {
  dn: 'uid=zoe,ou=people,dc=lab,dc=example',
  attributes: {
    uid: ['zoe'],
    cn: ['Zoë Ñúñez'],
    sn: ['Ñúñez'],
    title: ['Senior  Engineer'],
    l: ['San Jose'],
    mail: ['zoe@lab.example', 'z.nunez@lab.example'],
    departmentnumber: ['R&D (West)'],
    description: ['50% *off* \\ sale'],
    employeenumber: ['1200'],
    useraccountcontrol: ['514'],
    objectclass: ['top', 'inetOrgPerson']
  }
}
const matches = (filter: string): boolean => matchesEntry(parseFilter(filter), entry)

describe('matcher: each filter operator (LDAP-30, -31)', () => {
  it('equality ignores case and extra spaces, and fails on an absent attribute', () => {
    expect(matches('(uid=ZOE)')).toBe(true)
    expect(matches('(title=senior engineer)')).toBe(true)
    expect(matches('(uid=zoey)')).toBe(false)
    expect(matches('(manager=zoe)')).toBe(false)
  })

  it('presence needs at least one value', () => {
    expect(matches('(mail=*)')).toBe(true)
    expect(matches('(mobile=*)')).toBe(false)
  })

  it('substrings: initial, any and final pieces in order, without overlapping', () => {
    expect(matches('(l=san*)')).toBe(true)
    expect(matches('(l=*JOSE)')).toBe(true)
    expect(matches('(l=S*n*J*e)')).toBe(true)
    expect(matches('(l=*jose*san*)')).toBe(false)
    expect(matches('(uid=zo*oe)')).toBe(false) // "zo" and "oe" would share the "o"
    expect(matches('(l=*san*an j*)')).toBe(false) // "an j" would start inside "san"
    expect(matches('(uid=**)')).toBe(true)
  })

  it('and, or and not combine; not of an absent attribute is true', () => {
    expect(matches('(&(uid=zoe)(l=San Jose))')).toBe(true)
    expect(matches('(&(uid=zoe)(l=Paris))')).toBe(false)
    expect(matches('(|(l=Paris)(l=San Jose))')).toBe(true)
    expect(matches('(|(l=Paris)(l=Rome))')).toBe(false)
    expect(matches('(!(l=Paris))')).toBe(true)
    expect(matches('(!(mobile=1))')).toBe(true)
    expect(matches('(&(objectClass=inetOrgPerson)(!(|(title=Manager)(title=Director))))')).toBe(true)
  })

  it('>= and <= compare integers as numbers and other values lexically, without case', () => {
    expect(matches('(employeeNumber>=1000)')).toBe(true)
    expect(matches('(employeeNumber>=999)')).toBe(true) // as text "1200" < "999"
    expect(matches('(employeeNumber<=1199)')).toBe(false)
    expect(matches('(l>=SAN)')).toBe(true)
    expect(matches('(l<=sam)')).toBe(false)
  })

  it('approximate match is equality', () => {
    expect(matches('(l~=san jose)')).toBe(true)
    expect(matches('(l~=San Josef)')).toBe(false)
  })

  it("extensible matches: equality, case-exact and Active Directory's bitwise rules", () => {
    expect(matches('(l:=san jose)')).toBe(true)
    expect(matches('(l:caseExactMatch:=san jose)')).toBe(false)
    expect(matches('(l:2.5.13.5:=San Jose)')).toBe(true)
    // 514 = 512 (normal account) + 2 (disabled)
    expect(matches('(userAccountControl:1.2.840.113556.1.4.803:=2)')).toBe(true)
    expect(matches('(userAccountControl:1.2.840.113556.1.4.803:=3)')).toBe(false)
    expect(matches('(userAccountControl:1.2.840.113556.1.4.804:=3)')).toBe(true)
    expect(matches('(userAccountControl:1.2.840.113556.1.4.804:=1)')).toBe(false)
  })
})

describe('matcher: values', () => {
  it('reads escapes, so special characters match literally', () => {
    expect(matches('(departmentNumber=R&D \\28West\\29)')).toBe(true)
    expect(matches('(description=50% \\2aoff\\2a \\5c sale)')).toBe(true)
    expect(matches('(description=*\\2a*)')).toBe(true)
    expect(matches('(description=\\2a*)')).toBe(false)
  })

  it('compares non-ASCII values, written as they are or as escaped UTF-8 bytes', () => {
    expect(matches('(cn=zoë ñúñez)')).toBe(true)
    expect(matches('(sn=\\c3\\91\\c3\\ba\\c3\\b1ez)')).toBe(true)
    expect(matches('(sn=Nunez)')).toBe(false)
    expect(matches('(cn=*Ñ*)')).toBe(true)
  })

  it('matches when any value of a multi-valued attribute does', () => {
    expect(matches('(mail=z.nunez@lab.example)')).toBe(true)
    expect(matches('(mail=z.*)')).toBe(true)
    expect(matches('(!(mail=z.nunez@lab.example))')).toBe(false)
    expect(matches('(objectClass=person)')).toBe(false)
  })

  it('lists the attributes a filter reads, for the directory search', () => {
    expect(
      filterAttributes(parseFilter('(&(l=San*)(!(title=x))(|(mail=*)(uac:1.2.840.113556.1.4.803:=2)))'))
    ).toEqual(['l', 'title', 'mail', 'uac'])
  })
})

describe('saving a service-area or role filter', () => {
  it.each([
    '(&(l=San Jose)(title=Engineer*))',
    '(userAccountControl:1.2.840.113556.1.4.803:=2)',
    '(cn:caseIgnoreMatch:=x)'
  ])('accepts %s', (filter) => {
    expect(entryFilterProblem(filter)).toBeNull()
  })

  it.each([
    ['(&(l=San Jose)', /not a valid LDAP filter: expected "\)"/],
    ['(cn:dn:=x)', /cannot be evaluated by Switchboard: the :dn form/],
    ['(:1.2.840.113556.1.4.803:=2)', /needs an attribute/],
    ['(cn:2.5.13.99:=x)', /matching rule 2\.5\.13\.99 is not supported here/]
  ])('refuses %s', (filter, problem) => {
    expect(entryFilterProblem(filter)).toMatch(problem)
  })
})
