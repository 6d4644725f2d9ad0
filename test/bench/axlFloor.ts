// The AXL floors' requests, taken from the connector itself so that a floor pages exactly as the
// synchronization it is compared with: the plan a run of that kind lays out (planFor), the first request
// of each of its steps as the step sends it (operation, page size, SQL), and the plan's concurrency.
import { vi } from 'vitest'
import { AXL_PAGING, AxlClient } from '../../src-main/connectors/axl/client'
import { endpointKey } from '../../src-main/connectors/common/tls'
import { systemClock } from '../../src-main/core/clock'
import type { ChangeEntry } from '../../src-main/lab/changes'
import { labDeviceFields, type LabServer } from '../../src-main/lab'
import { CHANGE_FETCH_CONCURRENCY } from '../../src-main/sync/changeNotification/service'
import { syncOptionsFor } from '../../src-main/sync/device/objects'
import { planFor } from '../../src-main/sync/device/plans'
import { RunLog } from '../../src-main/sync/runLog'
import { axlEnvelope } from '../main/helpers/axlClient'
import { testCore } from '../main/helpers/core'
import type { FloorInput } from './processes'

type FloorStep = FloorInput['steps'][number]

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

function scalar(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value)
  throw new Error(`not a text value of an AXL argument: ${JSON.stringify(value)}`)
}

/** An argument as the SOAP element it becomes; `{ attributes, $value }` is an element with attributes. */
function element(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => element(name, item)).join('')
  if (value !== null && typeof value === 'object') {
    const { attributes, $value, ...children } = value as Record<string, unknown>
    const attributeText = Object.entries((attributes ?? {}) as Record<string, unknown>)
      .map(([key, v]) => ` ${key}="${escapeXml(scalar(v))}"`)
      .join('')
    const inner =
      $value !== undefined
        ? escapeXml(scalar($value))
        : Object.entries(children)
            .map(([key, v]) => element(key, v))
            .join('')
    return `<${name}${attributeText}>${inner}</${name}>`
  }
  return `<${name}>${escapeXml(scalar(value))}</${name}>`
}

function envelope(operation: string, args: Record<string, unknown>, version: string): string {
  const inner = Object.entries(args)
    .map(([name, value]) => element(name, value))
    .join('')
  return axlEnvelope(operation, inner, version)
}

/** A step's first request turned into a paging template: list operations by skip/first, SQL by SKIP/FIRST. */
function pagingStep(operation: string, args: Record<string, unknown>, version: string): FloorStep {
  if (operation === 'executeSQLQuery') {
    const sql = String(args.sql)
    const page = /SKIP 0 FIRST (\d+)/.exec(sql)
    if (!page) throw new Error(`the connector's SQL no longer pages with SKIP 0 FIRST n: ${sql}`)
    return {
      operation,
      envelope: envelope(operation, { sql: sql.replace(page[0], 'SKIP {{skip}} FIRST {{first}}') }, version),
      first: Number(page[1]),
      rowTag: '<row>'
    }
  }
  if (!operation.startsWith('list') || typeof args.first !== 'number' || args.skip !== 0)
    throw new Error(`the connector's first request of a step is not a first list page: ${operation}`)
  const type = operation.slice('list'.length)
  return {
    operation,
    envelope: envelope(operation, { ...args, skip: '{{skip}}', first: '{{first}}' }, version),
    first: args.first,
    rowTag: `<${type.charAt(0).toLowerCase()}${type.slice(1)} uuid="`
  }
}

/**
 * The floor of a synchronization of `kind` against a lab Call Processor: every step's pages, at the
 * plan's concurrency. Records on a throwaway data directory, reading one page per step.
 */
export async function connectorFloor(
  server: LabServer,
  kind: 'infrastructure' | 'user'
): Promise<FloorInput> {
  if (!server.fingerprint) throw new Error(`${server.name} has no certificate fingerprint`)
  const core = testCore()
  const calls = vi.spyOn(AxlClient.prototype, 'call')
  try {
    await core.value('devices:add', labDeviceFields(server))
    await core.value('devices:trust', { name: server.name, fingerprint: server.fingerprint })
    const device = await core.value('devices:get', { name: server.name })
    const pinned = core.store.pinnedCertificates.get(device.id, endpointKey(server.host, server.port))
    if (!pinned) throw new Error(`${server.name}: the trusted certificate was not stored`)
    const pin = { fingerprint: pinned.fingerprint, anchorPem: pinned.anchor_pem }
    const runId = core.store.syncRuns.start(device.id, device.name, kind, systemClock.now().toISOString())
    const log = new RunLog(core.store.syncLog, runId, systemClock)
    const target = {
      host: server.host,
      port: server.port,
      username: server.username,
      password: server.password
    }
    const plan = await planFor({
      device,
      target: { ...target, pin },
      kind,
      signal: new AbortController().signal,
      log
    })
    const steps: FloorStep[] = []
    let version = ''
    try {
      for (const step of plan.steps) {
        const before = calls.mock.calls.length
        const batches = step.run({ log, options: syncOptionsFor({}), counted: () => undefined })
        await batches.next()
        await batches.return(undefined)
        const first = calls.mock.calls.at(before)
        if (!first) throw new Error(`step ${step.type} sent no AXL request`)
        version = (calls.mock.contexts[before] as AxlClient).version
        steps.push(pagingStep(first[0], first[1], version))
      }
    } finally {
      plan.close()
    }
    return {
      ...target,
      version,
      ca: pin.anchorPem,
      fingerprint: server.fingerprint,
      concurrency: plan.concurrency,
      paging: AXL_PAGING,
      steps
    }
  } finally {
    calls.mockRestore()
    await core.dispose()
  }
}

/**
 * The floor of a change-notification poll: listChange from the stored position, then one get per
 * changed object that still exists (repeated changes of an object collapsed, as the poll does), as many
 * at a time as the poll fetches (listChange shares the first round, which only flatters the floor).
 */
export function changeNotificationFloor(
  base: FloorInput,
  queue: { queueId: string; start: number; changes: ChangeEntry[] }
): FloorInput {
  const latest = new Map<string, ChangeEntry>()
  for (const change of queue.changes) {
    const key = `${change.type}|${change.uuid.toUpperCase()}`
    latest.set(key, latest.get(key)?.action === 'a' && change.action === 'u' ? latest.get(key)! : change)
  }
  const listChange = envelope(
    'listChange',
    { startChangeId: { attributes: { queueId: queue.queueId }, $value: queue.start } },
    base.version
  )
  return {
    ...base,
    // As many gets in flight as the poll keeps.
    concurrency: CHANGE_FETCH_CONCURRENCY,
    steps: [
      { operation: 'listChange', envelope: listChange },
      ...[...latest.values()]
        .filter((change) => change.action !== 'r')
        .map((change) => ({
          operation: `get${change.type}`,
          envelope: envelope(`get${change.type}`, { uuid: change.uuid }, base.version)
        }))
    ]
  }
}
