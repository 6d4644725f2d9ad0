import { useState } from 'react'
import type { Order, OrderStep, RunSummary } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { useCall } from '../../api/useCall'
import { ActionButton } from '../../components/ActionButton'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { DataTable, type Column } from '../../components/DataTable'
import { DetailList } from '../../components/DetailList'
import { ErrorSummary } from '../../components/ErrorSummary'
import { Panel } from '../../components/Panel'
import { useReadOnly } from '../../components/useReadOnly'
import { useStore } from '../../store'
import { LogViewer } from '../sync/LogViewer'
import { when } from '../sync/runModel'
import {
  actionError,
  actionOutcome,
  allowedActions,
  confirmation,
  orderStatusLabels,
  orderStatusTones,
  requestText,
  stepStateLabels,
  stepStateTones,
  stepsProgress,
  stepTiming,
  undoText,
  type OrderAction
} from './orderModel'

const stepColumns: Column<OrderStep>[] = [
  { header: 'Step', numeric: true, cell: (step) => step.seq },
  { header: 'Device', cell: (step) => step.device },
  { header: 'Summary', wrap: true, cell: (step) => step.summary },
  {
    header: 'State',
    cell: (step) => (
      <span className={`status ${stepStateTones[step.state]}`}>{stepStateLabels[step.state]}</span>
    )
  },
  {
    header: 'Error',
    wrap: true,
    cell: (step) => step.error && <span className="message">{step.error}</span>
  },
  { header: 'Timing', wrap: true, cell: (step) => stepTiming(step, when) },
  { header: 'Undone by', wrap: true, cell: (step) => undoText(step) }
]

/** The requests the steps sent, each collapsed until opened (an AXL envelope is long). */
function StepRequests({ steps }: { steps: OrderStep[] }) {
  const sent = steps.filter((step) => step.request)
  if (sent.length === 0) return <p className="muted">No request has been sent yet.</p>
  return (
    <ul className="order-requests">
      {sent.map((step) => {
        const { title, text } = requestText(step.request!)
        return (
          <li key={step.seq}>
            <details>
              <summary>
                Step {step.seq} request: {title}
              </summary>
              <pre className="json">{text}</pre>
            </details>
          </li>
        )
      })}
    </ul>
  )
}

interface ActionConfirmationProps {
  order: Order
  action: OrderAction
  onConfirm: (action: OrderAction, order: Order) => Promise<string | undefined>
  onClose: () => void
}

/** Says what the action will do to this order before it runs; a refusal is shown in place. */
function ActionConfirmation({ order, action, onConfirm, onClose }: ActionConfirmationProps) {
  const { title, confirmLabel, text } = confirmation(order, action)
  return (
    <ConfirmDialog
      title={title}
      confirmLabel={confirmLabel}
      danger={action !== 'retry'}
      onConfirm={() => onConfirm(action, order)}
      onClose={onClose}
    >
      <p>{text}</p>
    </ConfirmDialog>
  )
}

/** One order: its steps, their requests, its run log, and Retry, Roll back and Cancel as it allows. */
export function OrderDetail({ id, onClose }: { id: number; onClose: () => void }) {
  // Read again on every change of any order: its own changes come as the same event.
  const changes = useStore((s) => s.orderChanges)
  const { value: loaded, error } = useCall('orders:get', { id }, changes)
  const order = loaded?.id === id ? loaded : undefined
  const [confirming, setConfirming] = useState<OrderAction>()
  const [runLog, setRunLog] = useState<RunSummary>()
  const [runLogError, setRunLogError] = useState<string>()
  const readOnly = useReadOnly()

  const openRunLog = async (runId: number) => {
    setRunLogError(undefined)
    const run = await call('sync:run', { runId })
    if (run.ok) setRunLog(run.value)
    else setRunLogError(`The run log could not be opened: ${run.error.message}`)
  }

  const act = async (action: OrderAction, order: Order): Promise<string | undefined> => {
    const channel = (
      { retry: 'orders:retry', rollback: 'orders:rollback', cancel: 'orders:cancel' } as const
    )[action]
    const result = await call(channel, { id: order.id })
    if (!result.ok) return actionError(action, result.error)
    setConfirming(undefined)
    const ended = result.value
    useStore.getState().notify(ended.status === 'failed' ? 'failure' : 'success', actionOutcome(ended))
    return undefined
  }

  const title = order ? `Order ${order.id}: ${order.title}` : `Order ${id}`
  const allowed = order && allowedActions(order.status)
  const blocked = order && readOnly.contact(order.devices.join(', '))

  return (
    <Panel
      title={title}
      className="order-detail"
      actions={
        <div className="toolbar">
          {(['retry', 'rollback', 'cancel'] as const).map((action) => (
            <ActionButton
              key={action}
              disabled={!allowed?.[action]}
              blocked={blocked}
              onClick={() => setConfirming(action)}
            >
              {{ retry: 'Retry', rollback: 'Roll back', cancel: 'Cancel' }[action]}
            </ActionButton>
          ))}
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      }
    >
      <ErrorSummary>{(error && `The order could not be loaded: ${error}`) ?? runLogError}</ErrorSummary>
      {!order && !error && <p className="muted">Loading…</p>}
      {order && (
        <>
          <DetailList
            rows={[
              [
                'Status',
                <span className={`status ${orderStatusTones[order.status]}`}>
                  {orderStatusLabels[order.status]}
                </span>
              ],
              ['Error', order.error && <span className="message">{order.error}</span>],
              ['Devices', order.devices.join(', ')],
              ['Steps done', stepsProgress(order)],
              ['Requested by', order.requestedBy],
              ['Created', when(order.createdAt)],
              ['Updated', when(order.updatedAt)],
              [
                'Run log',
                order.lastRunId !== undefined && (
                  <button type="button" className="link" onClick={() => void openRunLog(order.lastRunId!)}>
                    View Detailed Log of run {order.lastRunId}
                  </button>
                )
              ]
            ]}
          />
          <h3>Steps</h3>
          <DataTable
            caption={`Steps of order ${order.id}`}
            columns={stepColumns}
            rows={order.stepList}
            rowKey={(step) => step.seq}
            className="order-steps"
          />
          <h3>Requests sent</h3>
          <StepRequests steps={order.stepList} />
        </>
      )}
      {order && confirming && (
        <ActionConfirmation
          order={order}
          action={confirming}
          onConfirm={act}
          onClose={() => setConfirming(undefined)}
        />
      )}
      {runLog && <LogViewer run={runLog} onClose={() => setRunLog(undefined)} />}
    </Panel>
  )
}
