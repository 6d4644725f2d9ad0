// Issue 25 item 22: the device inventory browser's query, its type choices and an object's fields.
import { describe, expect, it } from 'vitest'
import {
  INVENTORY_PAGE_SIZE,
  inventoryQuery,
  MAX_OBJECT_FIELDS,
  objectCount,
  objectFields,
  typeChoices
} from '../../src-renderer/src/features/devices/inventoryModel'

describe('inventory query', () => {
  it('sends only the filters in use, the search trimmed, a page at a time', () => {
    expect(inventoryQuery('Lab CUCM 1', { type: '', search: '  ' }, 0)).toEqual({
      device: 'Lab CUCM 1',
      offset: 0,
      limit: INVENTORY_PAGE_SIZE
    })
    expect(inventoryQuery('Lab CUCM 1', { type: 'Phone', search: ' SEP00 ' }, 100)).toEqual({
      device: 'Lab CUCM 1',
      type: 'Phone',
      search: 'SEP00',
      offset: 100,
      limit: INVENTORY_PAGE_SIZE
    })
  })

  it('offers each type with its count, by name', () => {
    const types = { User: 52, Phone: 1200, Line: 80 }
    expect(typeChoices(types)).toEqual([
      { type: 'Line', label: 'Line (80)' },
      { type: 'Phone', label: 'Phone (1,200)' },
      { type: 'User', label: 'User (52)' }
    ])
    expect(objectCount(types)).toBe(1332)
  })
})

describe('object fields', () => {
  it('flattens nested elements and lists into paths read in words', () => {
    const { fields, more } = objectFields({
      name: 'SEP001122334455',
      devicePoolName: 'DP-West',
      lines: { line: [{ index: 1, dirn: { pattern: '4085550101', routePartitionName: null } }] },
      callingSearchSpaces: ['CSS-A', 'CSS-B'],
      restricted: true
    })
    expect(more).toBe(0)
    expect(fields.map((f) => [f.label, f.value])).toEqual([
      ['Name', 'SEP001122334455'],
      ['Device pool name', 'DP-West'],
      ['Lines › Line › 0 › Index', '1'],
      ['Lines › Line › 0 › Dirn › Pattern', '4085550101'],
      ['Lines › Line › 0 › Dirn › Route partition name', '—'],
      ['Calling search spaces', 'CSS-A, CSS-B'],
      ['Restricted', 'true']
    ])
    expect(fields[3].path).toBe('lines.line.0.dirn.pattern')
  })

  it('shows at most a bounded number of fields and a deep value as JSON', () => {
    const wide = Object.fromEntries(Array.from({ length: MAX_OBJECT_FIELDS + 25 }, (_, i) => [`f${i}`, i]))
    const { fields, more } = objectFields(wide)
    expect(fields).toHaveLength(MAX_OBJECT_FIELDS)
    expect(more).toBe(25)
    const deep = objectFields({ a: { b: { c: { d: { e: { f: { g: 1 } } } } } } })
    expect(deep.fields).toEqual([{ path: 'a.b.c.d.e.f', label: 'A › B › C › D › E › F', value: '{"g":1}' }])
  })
})
