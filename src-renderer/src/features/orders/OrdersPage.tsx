import { useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { orderStatuses, type OrderSummary } from '../../../../src-preload/contract'
import { DataTable, type Column } from '../../components/DataTable'
import { FilterBar, FilterSelect } from '../../components/Filters'
import { EmptyList, ListPage } from '../../components/ListPage'
import { useStore } from '../../store'
import { ORDER_LIST_LIMIT } from '../../store/orders'
import { when } from '../sync/runModel'
import { OrderDetail } from './OrderDetail'
import { orderStatusLabels, orderStatusTones, stepsProgress } from './orderModel'

const columns: Column<OrderSummary>[] = [
  { header: 'Order', numeric: true, cell: (order) => order.id },
  {
    header: 'Status',
    cell: (order) => (
      <span className={`status ${orderStatusTones[order.status]}`}>{orderStatusLabels[order.status]}</span>
    )
  },
  { header: 'Title', wrap: true, cell: (order) => order.title },
  { header: 'Devices', wrap: true, cell: (order) => order.devices.join(', ') },
  { header: 'Steps done', numeric: true, cell: (order) => stepsProgress(order) },
  { header: 'Requested by', cell: (order) => order.requestedBy },
  { header: 'Updated', cell: (order) => when(order.updatedAt) }
]

/** Orders (issue 20): every change sent to a device, its steps, and Retry, Roll back and Cancel. */
export function OrdersPage() {
  const { orders, loaded, error, filters, setFilters, loadOrders, devices, loadDevices } = useStore(
    useShallow((s) => ({
      orders: s.orders,
      loaded: s.ordersLoaded,
      error: s.ordersError,
      filters: s.orderFilters,
      setFilters: s.setOrderFilters,
      loadOrders: s.loadOrders,
      devices: s.devices,
      loadDevices: s.loadDevices
    }))
  )
  const [selected, setSelected] = useState<number>()

  useEffect(() => {
    void loadOrders()
    void loadDevices()
  }, [loadOrders, loadDevices])

  return (
    <ListPage
      title="Orders"
      actions={
        <button type="button" onClick={() => void loadOrders()}>
          Refresh
        </button>
      }
      filters={
        <FilterBar label="Filter the orders">
          <FilterSelect
            label="Status"
            value={filters.status}
            all="All statuses"
            options={orderStatuses}
            labels={orderStatusLabels}
            onChange={(status) => setFilters({ status })}
          />
          <FilterSelect
            label="Device"
            value={filters.device}
            all="All devices"
            options={devices.map((device) => device.name)}
            onChange={(device) => setFilters({ device })}
          />
        </FilterBar>
      }
      error={error && `The orders could not be loaded: ${error}`}
    >
      {!loaded && orders.length === 0 ? (
        <EmptyList loading="Loading the orders…" />
      ) : (
        <div className="stack">
          <DataTable
            caption="Orders"
            columns={columns}
            rows={orders}
            rowKey={(order) => order.id}
            onRowClick={(order) => setSelected(order.id)}
            isSelected={(order) => order.id === selected}
            emptyText={
              filters.status || filters.device
                ? 'No order matches these filters.'
                : 'No order yet: orders are made by the command line (switchboard orders submit).'
            }
          />
          {orders.length === ORDER_LIST_LIMIT && (
            <p className="muted">
              The newest {ORDER_LIST_LIMIT} orders are shown: filter by status or device to find older ones.
            </p>
          )}
          {selected !== undefined && <OrderDetail id={selected} onClose={() => setSelected(undefined)} />}
        </div>
      )}
    </ListPage>
  )
}
