// The collections a simulated cluster serves: infrastructure built once, and users and their devices
// generated on demand from (seed, index), both taking the changes a test or the change feed injects.
import { text, type Collection, type LabObject } from '../model'

/** A static collection of infrastructure objects, built once (they are few). */
export class StaticCollection implements Collection {
  private readonly byKey: Map<string, number>
  constructor(
    readonly type: string,
    readonly keyField: string,
    readonly searchFields: readonly string[],
    private readonly objects: (LabObject | undefined)[]
  ) {
    this.byKey = new Map(objects.map((o, i) => [text(o?.fields[keyField]).toLowerCase(), i]))
  }
  size(): number {
    return this.objects.length
  }
  at(index: number): LabObject | undefined {
    return this.objects[index]
  }
  has(index: number): boolean {
    return this.objects[index] !== undefined
  }
  indexOf(key: string): number | undefined {
    const index = this.byKey.get(key.toLowerCase())
    return index !== undefined && this.objects[index] ? index : undefined
  }
  /** The key an object with these fields is found by. */
  keyOf(fields: LabObject['fields']): string {
    return text(fields[this.keyField])
  }
  replace(index: number, object: LabObject | undefined): void {
    const before = this.objects[index]
    // A renamed object is no longer found by its old name.
    if (before && object) this.byKey.delete(this.keyOf(before.fields).toLowerCase())
    this.objects[index] = object
    if (object) this.byKey.set(this.keyOf(object.fields).toLowerCase(), index)
  }
  append(object: LabObject): number {
    this.objects.push(object)
    this.byKey.set(this.keyOf(object.fields).toLowerCase(), this.objects.length - 1)
    return this.objects.length - 1
  }
}

/**
 * A generated collection: object i is computed from (seed, i) on demand, so a 60,000-phone cluster
 * costs nothing until a page is asked for. Mutations live in an overlay.
 */
export class GeneratedCollection implements Collection {
  private readonly overlay = new Map<number, LabObject | undefined>()
  private readonly added: LabObject[] = []
  private keyIndex: Map<string, number> | undefined

  constructor(
    readonly type: string,
    readonly keyField: string,
    readonly searchFields: readonly string[],
    private readonly baseSize: number,
    private readonly generate: (index: number) => LabObject,
    private readonly keyAt: (index: number) => string,
    /** The key of an object's fields (default: its key field); lines are keyed by pattern and partition. */
    readonly keyOf: (fields: LabObject['fields']) => string = (fields) => text(fields[keyField])
  ) {}

  size(): number {
    return this.baseSize + this.added.length
  }
  has(index: number): boolean {
    if (this.overlay.has(index)) return this.overlay.get(index) !== undefined
    return index >= 0 && index < this.size()
  }
  at(index: number): LabObject | undefined {
    if (this.overlay.has(index)) return this.overlay.get(index)
    if (index < this.baseSize) return this.generate(index)
    return this.added[index - this.baseSize]
  }
  indexOf(key: string): number | undefined {
    // Built on first lookup from keys alone (cheap strings, not objects).
    if (!this.keyIndex) {
      this.keyIndex = new Map()
      for (let i = 0; i < this.baseSize; i++) this.keyIndex.set(this.keyAt(i).toLowerCase(), i)
      this.added.forEach((o, i) => this.keyIndex?.set(this.keyOf(o.fields).toLowerCase(), this.baseSize + i))
    }
    const index = this.keyIndex.get(key.toLowerCase())
    return index !== undefined && this.at(index) ? index : undefined
  }
  replace(index: number, object: LabObject | undefined): void {
    const before = this.keyIndex && object ? this.at(index) : undefined
    // A renamed object is no longer found by its old name.
    if (before && this.keyIndex?.get(this.keyOf(before.fields).toLowerCase()) === index)
      this.keyIndex.delete(this.keyOf(before.fields).toLowerCase())
    this.overlay.set(index, object)
    if (object) this.keyIndex?.set(this.keyOf(object.fields).toLowerCase(), index)
  }
  append(object: LabObject): number {
    this.added.push(object)
    const index = this.size() - 1
    this.keyIndex?.set(this.keyOf(object.fields).toLowerCase(), index)
    return index
  }
}

/** A collection whose objects can be replaced, removed and added. */
export type MutableCollection = StaticCollection | GeneratedCollection
