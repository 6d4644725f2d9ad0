import { useId, useState } from 'react'
import type { Device, InventoryItem } from '../../../../src-preload/contract'
import { objectTypeLabel } from '../../../../src-preload/rules/objectTypes'
import { useCall } from '../../api/useCall'
import { DataTable, type Column } from '../../components/DataTable'
import { Dialog } from '../../components/Dialog'
import { ErrorSummary } from '../../components/ErrorSummary'
import { FilterBar, FilterSelect } from '../../components/Filters'
import { Pager } from '../../components/Pager'
import { useTypingPause } from '../../components/useTypingPause'
import { useStore } from '../../store'
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

const columns: Column<InventoryItem>[] = [
  { header: 'Type', cell: (item) => objectTypeLabel(item.type) },
  { header: 'Name', wrap: true, cell: (item) => item.name }
]

/** Quick View → Inventory: how many objects the last synchronizations left, and the browser. */
export function InventorySection({ device }: { device: Device }) {
  const [browsing, setBrowsing] = useState(false)
  const titleId = useId()
  // A synchronization that finishes changes the inventory; the device's latest run says when.
  const latestRun = useStore((s) => {
    const run = s.runs[device.name]?.[0]
    return run ? `${run.id}:${run.status}` : ''
  })
  const answer = useCall('inventory:list', { device: device.name, offset: 0, limit: 1 }, latestRun)
  const types = answer.current && !answer.error ? answer.value?.types : undefined

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
  const [selected, setSelected] = useState<InventoryItem>()

  const changeFilters = (changes: Partial<InventoryFilters>) => {
    setFilters((f) => ({ ...f, ...changes }))
    setOffset(0)
  }
  useTypingPause(typed, filters.search, (search) => changeFilters({ search }))
  const { value: page, error } = useCall('inventory:list', inventoryQuery(device, filters, offset))
  const types = page?.types ?? {}
  const choices = typeChoices(types)

  return (
    <Dialog title={`Inventory of ${device}`} onClose={onClose} wide>
      <div className="inventory-browser">
        <FilterBar label="Filter the inventory">
          <FilterSelect
            label="Type"
            value={filters.type}
            all={`All types (${objectCount(types).toLocaleString('en-US')})`}
            options={choices.map((choice) => choice.type)}
            labels={Object.fromEntries(choices.map((choice) => [choice.type, choice.label]))}
            onChange={(type) => changeFilters({ type })}
          />
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
        </FilterBar>
        <ErrorSummary>{error && `The inventory could not be read: ${error}`}</ErrorSummary>
        {page === undefined ? (
          <p className="muted">Reading the inventory…</p>
        ) : (
          <div className="inventory-panes">
            <div className="stack">
              <DataTable
                caption={`Objects of ${device}`}
                columns={columns}
                rows={page.items}
                rowKey={(item) => `${item.type}\u0000${item.key}`}
                onRowClick={setSelected}
                isSelected={(item) => item.type === selected?.type && item.key === selected.key}
                emptyText="No object matches these filters."
                scrollClassName="inventory-objects"
              />
              <Pager
                label="Inventory pages"
                what="Objects"
                offset={offset}
                shown={page.items.length}
                total={page.total}
                pageSize={INVENTORY_PAGE_SIZE}
                previous="Previous"
                next="Next"
                onChange={setOffset}
              />
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
