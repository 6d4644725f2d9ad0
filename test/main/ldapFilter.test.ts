// Issue 6: LDAP filters — RFC 4515 escaping of values built from input, validation of advanced
// queries before they are saved, and the seed's simple query builder (LDAP-25 … LDAP-27).
import { describe, expect, it } from 'vitest'
import {
  conditionProblem,
  escapeFilterValue,
  filterProblem,
  simpleQueryFilter,
  type SimpleQueryField
} from '../../src-preload/rules/ldapFilter'
import { parseFilterOption } from '../../src-main/cli/commands/ldap'

describe('escaping (RFC 4515)', () => {
  it('escapes the five special characters and leaves UTF-8 as it is', () => {
    expect(escapeFilterValue('a*b(c)d\\e\0f')).toBe('a\\2ab\\28c\\29d\\5ce\\00f')
    expect(escapeFilterValue('Zoë Ñúñez')).toBe('Zoë Ñúñez')
    expect(escapeFilterValue('*)(uid=*))(|(uid=*')).toBe('\\2a\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a')
  })
})

describe('advanced queries', () => {
  it.each([
    '(&(sAMAccountName=johndoe)(department=Cisco*)(mail=john@cisco.com))',
    '(objectClass=*)',
    '(|(cn=a*b*c)(!(sn=x)))',
    '(cn=\\28parens\\29)',
    '(userAccountControl:1.2.840.113556.1.4.803:=2)',
    '(cn:dn:2.5.13.5:=John)',
    '(:1.2.3:=x)',
    '(cn:=x)',
    '(uSNChanged>=1000)',
    '(memberOf;range=0-1499=*)',
    '(displayName~=Jon)',
    '(description=)'
  ])('accepts %s', (filter) => {
    expect(filterProblem(filter)).toBeNull()
  })

  it.each([
    ['', /is empty/],
    ['cn=x', /expected "\(" at position 1/],
    ['(cn=x', /expected "\)"/],
    ['(cn=x))', /unexpected text after the filter/],
    ['(&)', /"&" needs at least one filter/],
    ['(cn=a(b)', /unescaped "\("/],
    ['(cn=\\zz)', /two hexadecimal digits/],
    ['(cn>=a*)', /"\*" is not allowed here/],
    ['(=x)', /expected an attribute name/],
    ['(1cn=x)', /expected an attribute name/],
    ['(:dn:=x)', /needs a matching rule/],
    [' (cn=x)', /spaces/]
  ])('refuses %s', (filter, problem) => {
    expect(filterProblem(filter)).toMatch(problem)
  })
})

describe('simple queries', () => {
  const attributes: Partial<Record<SimpleQueryField, string>> = {
    'User ID': 'sAMAccountName',
    'Contact phone number': 'telephoneNumber'
  }
  const attributeOf = (field: SimpleQueryField): string => attributes[field] ?? field.toLowerCase()

  it('builds =, != and IN with wildcards at the start or end and escapes the rest', () => {
    expect(simpleQueryFilter([{ field: 'User ID', operator: '=', value: 'User123*' }], attributeOf)).toBe(
      '(sAMAccountName=User123*)'
    )
    expect(simpleQueryFilter([{ field: 'User ID', operator: '!=', value: 'jdoe' }], attributeOf)).toBe(
      '(!(sAMAccountName=jdoe))'
    )
    expect(
      simpleQueryFilter(
        [
          { field: 'Department', operator: '=', value: 'R&D (West)' },
          { field: 'User ID', operator: 'in', value: 'User1, User2;User3' }
        ],
        attributeOf
      )
    ).toBe(
      '(&(department=R&D \\28West\\29)(|(sAMAccountName=User1)(sAMAccountName=User2)(sAMAccountName=User3)))'
    )
  })

  it('reads /+ as a literal + in phone numbers (seed 000)', () => {
    expect(
      simpleQueryFilter(
        [{ field: 'Contact phone number', operator: 'in', value: '/+44*, /+55*, +33*' }],
        attributeOf
      )
    ).toBe('(|(telephoneNumber=+44*)(telephoneNumber=+55*)(telephoneNumber=+33*))')
  })

  it('refuses wildcards in the middle, empty values and lists without "in"', () => {
    expect(conditionProblem({ field: 'Title', operator: '=', value: 'a*b' })).toMatch(/only start or end/)
    expect(conditionProblem({ field: 'Title', operator: 'in', value: ' ; ' })).toMatch(/needs a value/)
    expect(conditionProblem({ field: 'Title', operator: '=', value: 'a,b' })).toMatch(/"in" operator/)
    expect(conditionProblem({ field: 'Title', operator: '=', value: '*' })).toMatch(/only \*/)
    expect(conditionProblem({ field: 'Title', operator: '=', value: 'Engineer*' })).toBeNull()
  })

  it('takes a Manager ID as a whole distinguished name, several of them separated by semicolons (issue 25 item 12)', () => {
    const manager = 'uid=jose,ou=staff,dc=lab,dc=example'
    expect(conditionProblem({ field: 'Manager ID', operator: '=', value: manager })).toBeNull()
    expect(simpleQueryFilter([{ field: 'Manager ID', operator: '=', value: manager }], attributeOf)).toBe(
      `(manager id=${manager})`
    )
    const two = `${manager}; uid=ana,ou=staff,dc=lab,dc=example`
    expect(conditionProblem({ field: 'Manager ID', operator: 'in', value: two })).toBeNull()
    expect(simpleQueryFilter([{ field: 'Manager ID', operator: 'in', value: two }], attributeOf)).toBe(
      `(|(manager id=${manager})(manager id=uid=ana,ou=staff,dc=lab,dc=example))`
    )
    expect(conditionProblem({ field: 'Manager ID', operator: '=', value: two })).toMatch(
      /several distinguished names need the "in" operator/
    )
    expect(conditionProblem({ field: 'Manager ID', operator: '=', value: 'jose' })).toMatch(
      /^"jose" must be a distinguished name/
    )
    expect(conditionProblem({ field: 'Manager ID', operator: '=', value: 'uid=jo*' })).toMatch(
      /cannot hold \*/
    )
  })
})

describe('--filter simple:… on the command line', () => {
  it('starts a new condition at a semicolon only where a field name follows', () => {
    expect(
      parseFilterOption('simple:Manager ID in uid=a,ou=x,dc=y;uid=b,ou=x,dc=y; Title = Eng*;User ID in p1;p2')
    ).toEqual({
      kind: 'simple',
      conditions: [
        { field: 'Manager ID', operator: 'in', value: 'uid=a,ou=x,dc=y;uid=b,ou=x,dc=y' },
        { field: 'Title', operator: '=', value: 'Eng*' },
        { field: 'User ID', operator: 'in', value: 'p1;p2' }
      ]
    })
  })
})
