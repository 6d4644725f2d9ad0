// LDAP search filters (RFC 4515) as Switchboard builds and accepts them: values escaped whenever a
// filter is built from user input, advanced filters parsed before they are saved, and the seed's
// simple query builder (seed 000 table 5: fields, `*` at the start or end, `=`, `!=`, IN lists).
// Pure code shared by the Core (validation at the boundary) and the renderer (checks while typing).
import { dnProblem } from './dn'

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

/** A parsed filter; assertion values are decoded (escapes resolved, UTF-8 read). */
export type FilterNode =
  | { type: 'and' | 'or'; filters: FilterNode[] }
  | { type: 'not'; filter: FilterNode }
  | { type: 'equality' | 'approx' | 'greaterOrEqual' | 'lessOrEqual'; attribute: string; value: string }
  | { type: 'present'; attribute: string }
  | { type: 'substrings'; attribute: string; initial?: string; any: string[]; final?: string }
  | { type: 'extensible'; attribute?: string; dnAttributes: boolean; rule?: string; value: string }

const utf8Encoder = new TextEncoder()
// Not fatal: binary values (objectGUID=\a1\b2…) are valid filters even though they are not text.
const utf8Decoder = new TextDecoder('utf-8')

/**
 * Parses a filter per RFC 4515's grammar (and, or, not, equality, approx, >=, <=, presence,
 * substrings, extensible match). Throws FilterSyntaxError naming the position and what was expected.
 */
export function parseFilter(text: string): FilterNode {
  let i = 0
  const fail = (what: string): never => {
    throw new FilterSyntaxError(`${what} at position ${i + 1}`, i)
  }
  /** The pieces of a value between unescaped "*" (one piece when stars are not allowed). */
  const value = (allowStar: boolean): string[] => {
    const pieces: string[] = []
    let bytes: number[] = []
    while (i < text.length && text[i] !== ')') {
      const c = text[i]
      if (c === '(') fail('unescaped "(" in a value (write \\28)')
      if (c === '*') {
        if (!allowStar) fail('"*" is not allowed here (write \\2a for a literal asterisk)')
        pieces.push(utf8Decoder.decode(new Uint8Array(bytes)))
        bytes = []
        i += 1
        continue
      }
      if (c === '\\') {
        const hex = text.slice(i + 1, i + 3)
        if (!/^[0-9A-Fa-f]{2}$/.test(hex))
          fail('"\\" must be followed by two hexadecimal digits (\\2a, \\28, \\29, \\5c)')
        bytes.push(parseInt(hex, 16))
        i += 3
        continue
      }
      const char = String.fromCodePoint(text.codePointAt(i) as number)
      bytes.push(...utf8Encoder.encode(char))
      i += char.length
    }
    pieces.push(utf8Decoder.decode(new Uint8Array(bytes)))
    return pieces
  }
  const item = (): FilterNode => {
    const attribute = ATTRIBUTE.exec(text.slice(i))?.[0]
    const extensibleStart = text[i] === ':'
    if (attribute === undefined && !extensibleStart) fail('expected an attribute name')
    if (attribute !== undefined) i += attribute.length
    if (text[i] === ':') {
      // extensible: attr[:dn][:rule]:=value  or  [:dn]:rule:=value
      let dnAttributes = false
      let rule: string | undefined
      if (text.startsWith(':dn', i) && (text[i + 3] === ':' || text[i + 3] === '=')) {
        dnAttributes = true
        i += 3
      }
      if (text[i] === ':' && text[i + 1] !== '=') {
        i += 1
        rule = MATCHING_RULE.exec(text.slice(i))?.[0]
        if (rule === undefined) return fail('expected a matching rule after ":"')
        i += rule.length
      } else if (attribute === undefined)
        fail('an extensible match without an attribute needs a matching rule')
      if (!text.startsWith(':=', i)) fail('expected ":=" in an extensible match')
      i += 2
      return {
        type: 'extensible',
        ...(attribute !== undefined ? { attribute } : {}),
        dnAttributes,
        ...(rule !== undefined ? { rule } : {}),
        value: value(false)[0]
      }
    }
    const name = attribute as string
    for (const [operator, type] of [
      ['~=', 'approx'],
      ['>=', 'greaterOrEqual'],
      ['<=', 'lessOrEqual']
    ] as const)
      if (text.startsWith(operator, i)) {
        i += 2
        return { type, attribute: name, value: value(false)[0] }
      }
    if (text[i] !== '=') fail('expected "=", "~=", ">=" or "<=" after the attribute name')
    i += 1
    const pieces = value(true) // presence, equality and substrings
    if (pieces.length === 1) return { type: 'equality', attribute: name, value: pieces[0] }
    if (pieces.length === 2 && pieces[0] === '' && pieces[1] === '')
      return { type: 'present', attribute: name }
    const [initial, ...rest] = pieces
    const final = rest.pop() as string
    return {
      type: 'substrings',
      attribute: name,
      ...(initial !== '' ? { initial } : {}),
      any: rest.filter((piece) => piece !== ''),
      ...(final !== '' ? { final } : {})
    }
  }
  const filter = (): FilterNode => {
    if (text[i] !== '(') fail('expected "("')
    i += 1
    const c = text[i]
    let node: FilterNode
    if (c === '&' || c === '|') {
      i += 1
      if (text[i] !== '(') fail(`"${c}" needs at least one filter in parentheses`)
      const filters: FilterNode[] = []
      while (text[i] === '(') filters.push(filter())
      node = { type: c === '&' ? 'and' : 'or', filters }
    } else if (c === '!') {
      i += 1
      node = { type: 'not', filter: filter() }
    } else {
      node = item()
    }
    if (text[i] !== ')') fail('expected ")"')
    i += 1
    return node
  }
  const trimmed = text.trim()
  if (trimmed === '') throw new FilterSyntaxError('is empty', 0)
  if (trimmed !== text) throw new FilterSyntaxError('must not start or end with spaces', 0)
  const root = filter()
  if (i !== text.length) fail('unexpected text after the filter')
  return root
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

// ---------- filters Switchboard evaluates itself ----------

/**
 * Matching rules of extensible matches that service-area and role filters (LDAP-30, -31) may use:
 * those filters are tested against each directory entry in-process, not sent to the server, so only
 * rules Switchboard implements are accepted. Keys are OIDs and lower-cased names.
 */
const ENTRY_RULES = {
  '2.5.13.2': 'caseIgnore',
  caseignorematch: 'caseIgnore',
  '2.5.13.5': 'caseExact',
  caseexactmatch: 'caseExact',
  '1.2.840.113556.1.4.803': 'bitwiseAnd',
  '1.2.840.113556.1.4.804': 'bitwiseOr'
} as const
export type EntryMatchingRule = (typeof ENTRY_RULES)[keyof typeof ENTRY_RULES]

/** The rule an extensible match uses (none given: equality), or undefined when it is not implemented. */
export function entryMatchingRule(rule: string | undefined): EntryMatchingRule | undefined {
  if (rule === undefined) return 'caseIgnore'
  return (ENTRY_RULES as Record<string, EntryMatchingRule>)[rule.toLowerCase()]
}

/** What in a filter Switchboard cannot evaluate against an entry, or null. */
function unsupportedMatch(node: FilterNode): string | null {
  switch (node.type) {
    case 'and':
    case 'or':
      return node.filters.map(unsupportedMatch).find((p) => p !== null) ?? null
    case 'not':
      return unsupportedMatch(node.filter)
    case 'extensible':
      if (node.dnAttributes) return 'the :dn form of an extensible match is not supported here'
      if (node.attribute === undefined) return 'an extensible match needs an attribute here'
      if (entryMatchingRule(node.rule) === undefined)
        return `the matching rule ${node.rule} is not supported here (use ${Object.keys(ENTRY_RULES)
          .filter((k) => /^\d/.test(k))
          .join(', ')})`
      return null
    default:
      return null
  }
}

/**
 * The rule a service-area or user-role LDAP filter breaks, or null: RFC 4515's grammar, and only
 * matches Switchboard evaluates itself (see entryMatchingRule).
 */
export function entryFilterProblem(text: string): string | null {
  const problem = filterProblem(text)
  if (problem) return problem
  const unsupported = unsupportedMatch(parseFilter(text))
  return unsupported ? `cannot be evaluated by Switchboard: ${unsupported}` : null
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

/**
 * Fields whose attribute holds a distinguished name: a value is a whole DN (its commas are part of
 * it, so "in" separates DNs with semicolons only) and DN matching has no wildcards.
 */
const dnValuedFields: ReadonlySet<SimpleQueryField> = new Set(['Manager ID'])

/** Values of a condition: `/+` or `\+` stands for a literal "+", as the seed writes phone numbers. */
export function conditionValues(condition: SimpleCondition): string[] {
  const separator = dnValuedFields.has(condition.field) ? /;/ : /[,;]/
  const raw = condition.operator === 'in' ? condition.value.split(separator) : [condition.value]
  return raw.map((v) => v.trim().replace(/^[/\\]\+/, '+')).filter((v) => v !== '')
}

export function conditionProblem(condition: SimpleCondition): string | null {
  const values = conditionValues(condition)
  if (values.length === 0) return 'needs a value'
  if (dnValuedFields.has(condition.field)) {
    if (condition.operator !== 'in' && condition.value.includes(';'))
      return 'several distinguished names need the "in" operator (separated by semicolons)'
    for (const v of values) {
      const problem = v.includes('*') ? 'it cannot hold * (directories match DNs whole)' : dnProblem(v)
      if (problem) return `"${v}" must be a distinguished name: ${problem}`
    }
    return null
  }
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
