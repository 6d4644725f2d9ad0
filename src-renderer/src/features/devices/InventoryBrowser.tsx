import { useEffect, useId, useState } from 'react'
import type { Device, InventoryItem, Output } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { Dialog } from '../../components/Dialog'
import { onRowKeyDown } from '../../components/rowKeys'
import { useStore } from '../../store'
import { pageLabel } from '../logs/runListModel'
import {
  INVENTORY_PAGE_SIZE,
  INVENTORY_SEARCH_MAX,
  inventoryQuery,
  noInventoryFilters,
  objectCount,
  objectFields,
  typeChoices,
  type InventoryFilters
} from './inventoryModel'

/** Typing in the search asks the store once the typing pauses. */
const TYPING_DELAY_MS = 300

type InventoryPage = Output<'inventory:list'>

/** Quick View → Inventory: how many objects the last synchronizations left, and the browser. */
export function InventorySection({ device }: { device: Device }) {
  const [types, setTypes] = useState<Record<string, number>>()
  const [browsing, setBrowsing] = useState(false)
  const titleId = useId()
  // A synchronization that finishes changes the inventory; the device's latest run says when.
  const latestRun = useStore((s) => {
    const run = s.runs[device.name]?.[0]
    return run ? `${run.id}:${run.status}` : ''
  })

  useEffect(() => {
    let current = true
    void call('inventory:list', { device: device.name, offset: 0, limit: 1 }).then((result) => {
      if (current) setTypes(result.ok ? result.value.types : undefined)
    })
    return () => {
      current = false
    }
  }, [device.name, latestRun])

  if (device.kind === 'directory') return null
  const total = types ? objectCount(types) : 0
  const typeCount = types ? Object.keys(types).length : 0
  return (
    <section aria-labelledby={titleId}>
      <h3 id={titleId}>Inventory</h3>
      <p className="muted">
        {types === undefined
          ? 'Reading the inventory…'
          : total === 0
            ? 'Nothing yet: synchronize the device to bring in its phones, lines and users.'
            : `${total.toLocaleString('en-US')} objects of ${typeCount} ${typeCount === 1 ? 'type' : 'types'}, as the last synchronizations read them.`}
      </p>
      <div className="actions">
        <button type="button" disabled={total === 0} onClick={() => setBrowsing(true)}>
          Browse Inventory
        </button>
      </div>
      {browsing && <InventoryBrowser device={device.name} onClose={() => setBrowsing(false)} />}
    </section>
  )
}

/** The device's objects by type and name, a page at a time, with one object's fields beside them. */
export function InventoryBrowser({ device, onClose }: { device: string; onClose: () => void }) {
  const [filters, setFilters] = useState<InventoryFilters>(noInventoryFilters)
  // The search as typed; it reaches `filters` once typing pauses.
  const [typed, setTyped] = useState('')
  const [offset, setOffset] = useState(0)
  const [page, setPage] = useState<InventoryPage>()
  const [types, setTypes] = useState<Record<string, number>>({})
  const [selected, setSelected] = useState<InventoryItem>()
  const [error, setError] = useState<string>()

  useEffect(() => {
    if (typed === filters.search) return
    const timer = setTimeout(() => {
      setFilters((f) => ({ ...f, search: typed }))
      setOffset(0)
    }, TYPING_DELAY_MS)
    return () => clearTimeout(timer)
  }, [typed, filters.search])

  useEffect(() => {
    let current = true
    void call('inventory:list', inventoryQuery(device, filters, offset)).then((result) => {
      if (!current) return
      if (!result.ok) return setError(`The inventory could not be read: ${result.error.message}`)
      setError(undefined)
      setPage(result.value)
      setTypes(result.value.types)
    })
    return () => {
      current = false
    }
  }, [device, filters, offset])

  const chooseType = (type: string) => {
    setFilters((f) => ({ ...f, type }))
    setOffset(0)
  }

  return (
    <Dialog
      title={`Inventory of ${device}`}
      onClose={onClose}
      wide
      footer={
        <button type="button" onClick={onClose}>
          Close
        </button>
      }
    >
      <div className="inventory-browser">
        <form
          className="log-filters"
          role="search"
          aria-label="Filter the inventory"
          onSubmit={(e) => e.preventDefault()}
        >
          <label>
            Type
            <select value={filters.type} onChange={(e) => chooseType(e.target.value)}>
              <option value="">All types ({objectCount(types).toLocaleString('en-US')})</option>
              {typeChoices(types).map((choice) => (
                <option key={choice.type} value={choice.type}>
                  {choice.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Name contains
            <input
              type="search"
              value={typed}
              maxLength={INVENTORY_SEARCH_MAX}
              placeholder="SEP0011, 4085550101, jdoe"
              onChange={(e) => setTyped(e.target.value)}
            />
          </label>
        </form>
        {error && (
          <p role="alert" className="error-summary">
            {error}
          </p>
        )}
        {page === undefined ? (
          <p className="muted">Reading the inventory…</p>
        ) : (
          <div className="inventory-panes">
            <div className="stack">
              <div className="table-scroll inventory-objects">
                <table className="grid">
                  <caption className="visually-hidden">Objects of {device}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Type</th>
                      <th scope="col">Name</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((item) => {
                      const isSelected = item.type === selected?.type && item.key === selected.key
                      return (
                        <tr
                          key={`${item.type}\u0000${item.key}`}
                          tabIndex={0}
                          aria-selected={isSelected}
                          className={isSelected ? 'selected' : undefined}
                          onClick={() => setSelected(item)}
                          onKeyDown={(e) => onRowKeyDown(e, () => setSelected(item))}
                        >
                          <td>{item.type}</td>
                          <td className="wrap">{item.name}</td>
                        </tr>
                      )
                    })}
                    {page.items.length === 0 && (
                      <tr>
                        <td colSpan={2} className="empty">
                          No object matches these filters.
                        </td>
                      </tr>
                    )}
                  </tbody>
                </table>
              </div>
              <nav className="pager" aria-label="Inventory pages">
                <button
                  type="button"
                  disabled={offset === 0}
                  onClick={() => setOffset(Math.max(0, offset - INVENTORY_PAGE_SIZE))}
                >
                  Previous
                </button>
                <span>{pageLabel('Objects', offset, page.items.length, page.total)}</span>
                <button
                  type="button"
                  disabled={offset + INVENTORY_PAGE_SIZE >= page.total}
                  onClick={() => setOffset(offset + INVENTORY_PAGE_SIZE)}
                >
                  Next
                </button>
              </nav>
            </div>
            {selected ? (
              <ObjectDetail item={selected} />
            ) : (
              <p className="muted">Choose an object to see its fields.</p>
            )}
          </div>
        )}
      </div>
    </Dialog>
  )
}

function ObjectDetail({ item }: { item: InventoryItem }) {
  const titleId = useId()
  const { fields, more } = objectFields(item.data)
  return (
    <section className="inventory-object" aria-labelledby={titleId}>
      <h3 id={titleId}>
        {item.type} {item.name}
      </h3>
      <dl className="details">
        <div>
          <dt>Key</dt>
          <dd>{item.key}</dd>
        </div>
        {fields.map((field) => (
          <div key={field.path}>
            <dt title={field.path}>{field.label}</dt>
            <dd>{field.value}</dd>
          </div>
        ))}
      </dl>
      {more > 0 && <p className="muted">… and {more} more fields.</p>}
    </section>
  )
}
