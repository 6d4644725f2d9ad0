// LDAP search filters (RFC 4515) as Switchboard builds and accepts them: values escaped whenever a
// filter is built from user input, advanced filters parsed before they are saved, and the seed's
// simple query builder (seed 000 table 5: fields, `*` at the start or end, `=`, `!=`, IN lists).
// Pure code shared by the Core (validation at the boundary) and the renderer (checks while typing).

/** Escapes a value for a filter: `*`, `(`, `)`, `\` and NUL as \XX (RFC 4515 section 3). */
export function escapeFilterValue(value: string): string {
  return value.replace(/[*()\\\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
}

export class FilterSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number
  ) {
    super(message)
    this.name = 'FilterSyntaxError'
  }
}

const ATTRIBUTE = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)+)(?:;[A-Za-z0-9-]+)*/
const MATCHING_RULE = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)+)/

/**
 * Checks a filter against RFC 4515's grammar (and, or, not, equality, approx, >=, <=, presence,
 * substrings, extensible match). Throws FilterSyntaxError naming the position and what was expected.
 */
export function parseFilter(text: string): void {
  let i = 0
  const fail = (what: string): never => {
    throw new FilterSyntaxError(`${what} at position ${i + 1}`, i)
  }
  const value = (allowStar: boolean): void => {
    const start = i
    while (i < text.length && text[i] !== ')') {
      const c = text[i]
      if (c === '(') fail('unescaped "(" in a value (write \\28)')
      if (c === '*' && !allowStar) fail('"*" is not allowed here (write \\2a for a literal asterisk)')
      if (c === '\\') {
        if (!/^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3)))
          fail('"\\" must be followed by two hexadecimal digits (\\2a, \\28, \\29, \\5c)')
        i += 3
        continue
      }
      i += 1
    }
    if (i === start && !allowStar) return
  }
  const item = (): void => {
    const attribute = ATTRIBUTE.exec(text.slice(i))
    const extensibleStart = text[i] === ':'
    if (!attribute && !extensibleStart) fail('expected an attribute name')
    if (attribute) i += attribute[0].length
    if (text[i] === ':') {
      // extensible: attr[:dn][:rule]:=value  or  [:dn]:rule:=value
      if (text.startsWith(':dn', i) && (text[i + 3] === ':' || text[i + 3] === '=')) i += 3
      if (text[i] === ':' && text[i + 1] !== '=') {
        i += 1
        const rule = MATCHING_RULE.exec(text.slice(i))
        if (!rule) fail('expected a matching rule after ":"')
        i += (rule as RegExpExecArray)[0].length
      } else if (!attribute) fail('an extensible match without an attribute needs a matching rule')
      if (!text.startsWith(':=', i)) fail('expected ":=" in an extensible match')
      i += 2
      value(false)
      return
    }
    if (text.startsWith('~=', i) || text.startsWith('>=', i) || text.startsWith('<=', i)) {
      i += 2
      value(false)
      return
    }
    if (text[i] !== '=') fail('expected "=", "~=", ">=" or "<=" after the attribute name')
    i += 1
    value(true) // presence, equality and substrings
  }
  const filter = (): void => {
    if (text[i] !== '(') fail('expected "("')
    i += 1
    const c = text[i]
    if (c === '&' || c === '|') {
      i += 1
      if (text[i] !== '(') fail(`"${c}" needs at least one filter in parentheses`)
      while (text[i] === '(') filter()
    } else if (c === '!') {
      i += 1
      filter()
    } else {
      item()
    }
    if (text[i] !== ')') fail('expected ")"')
    i += 1
  }
  const trimmed = text.trim()
  if (trimmed === '') throw new FilterSyntaxError('is empty', 0)
  if (trimmed !== text) throw new FilterSyntaxError('must not start or end with spaces', 0)
  filter()
  if (i !== text.length) fail('unexpected text after the filter')
}

/** The rule a filter breaks, or null when it is well-formed. */
export function filterProblem(text: string): string | null {
  try {
    parseFilter(text)
    return null
  } catch (error) {
    return error instanceof FilterSyntaxError ? `is not a valid LDAP filter: ${error.message}` : String(error)
  }
}

// ---------- the simple query builder ----------

/** The seed's simple-query fields, with the LDAP attribute each reads (some follow the field mapping). */
export const simpleQueryFields = {
  'User ID': 'userId',
  Department: 'department',
  'Contact phone number': 'phone',
  Title: 'title',
  'First Name': 'givenName',
  'Last Name': 'sn',
  'Manager ID': 'manager',
  'Directory URI': 'directoryUri',
  'Contact email': 'email',
  City: 'l',
  State: 'st',
  Office: 'physicalDeliveryOfficeName',
  Company: 'company',
  Street: 'streetAddress',
  'P. O. Box': 'postOfficeBox',
  'Zip Code': 'postalCode',
  Country: 'co',
  'Fax Number': 'facsimileTelephoneNumber',
  'IP Phone Number': 'ipPhone'
} as const
export type SimpleQueryField = keyof typeof simpleQueryFields

export const simpleOperators = ['=', '!=', 'in'] as const
export type SimpleOperator = (typeof simpleOperators)[number]

export interface SimpleCondition {
  field: SimpleQueryField
  operator: SimpleOperator
  /** One value, or for "in" several separated by commas or semicolons; `*` may start or end each. */
  value: string
}

/** Values of a condition: `/+` or `\+` stands for a literal "+", as the seed writes phone numbers. */
export function conditionValues(condition: SimpleCondition): string[] {
  const raw = condition.operator === 'in' ? condition.value.split(/[,;]/) : [condition.value]
  return raw.map((v) => v.trim().replace(/^[/\\]\+/, '+')).filter((v) => v !== '')
}

export function conditionProblem(condition: SimpleCondition): string | null {
  const values = conditionValues(condition)
  if (values.length === 0) return 'needs a value'
  if (condition.operator !== 'in' && /[,;]/.test(condition.value))
    return 'several values need the "in" operator (separated by commas or semicolons)'
  for (const v of values) {
    const body = v.replace(/^\*/, '').replace(/\*$/, '')
    if (body.includes('*')) return `"${v}": * may only start or end a value`
    if (body === '') return `"${v}": a value cannot be only *`
  }
  return null
}

/** One value as a filter assertion: a leading or trailing * stays a wildcard, the rest is escaped. */
function assertion(attribute: string, value: string): string {
  const start = value.startsWith('*')
  const end = value.length > 1 && value.endsWith('*')
  const body = value.slice(start ? 1 : 0, end ? -1 : undefined)
  return `(${attribute}=${start ? '*' : ''}${escapeFilterValue(body)}${end ? '*' : ''})`
}

/**
 * The LDAP filter of a simple query: conditions joined with AND; `!=` negates, "in" ORs its values.
 * `attributeOf` maps a field to the directory attribute (User ID, phone, e-mail and directory URI
 * follow the domain's field mapping).
 */
export function simpleQueryFilter(
  conditions: SimpleCondition[],
  attributeOf: (field: SimpleQueryField) => string
): string {
  const parts = conditions.map((c) => {
    const attribute = attributeOf(c.field)
    const values = conditionValues(c)
    if (c.operator === 'in')
      return values.length === 1
        ? assertion(attribute, values[0])
        : `(|${values.map((v) => assertion(attribute, v)).join('')})`
    const one = assertion(attribute, values[0])
    return c.operator === '!=' ? `(!${one})` : one
  })
  return parts.length === 1 ? parts[0] : `(&${parts.join('')})`
}
