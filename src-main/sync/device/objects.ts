import type { Device } from '../../../src-preload/contract'
import type { AxlObject } from '../../connectors/axl/client'
import type { AxlObjectSpec } from '../../connectors/axl/objects'
import type { StagedObject } from '../../store/inventory'
import { domainFieldsOf } from '../../store/inventoryFields'
import type { RunLog } from '../runLog'

/** What one run may choose. */
export interface RunOptions {
  /** Seed 001: also keep special directory numbers (intercom lines). */
  specialDns: boolean
}

export const DEFAULT_RUN_OPTIONS: RunOptions = { specialDns: true }

/** How a run keeps objects: its own options and the device's settings. */
export interface SyncOptions extends RunOptions {
  /**
   * Seed 000: analog (VG) phones are managed only when this is on. A setting of the device, not of a
   * run: a run without it would remove the analog phones the previous one kept.
   */
  analogPhones: boolean
}

export function syncOptionsFor(
  device: Pick<Device, 'analogPhones'>,
  run: RunOptions = DEFAULT_RUN_OPTIONS
): SyncOptions {
  return { ...run, analogPhones: device.analogPhones === true }
}

/** Users the seeds restrict: never provisioned from Switchboard, listed as such in the log. */
export const RESTRICTED_USERS = new Set(['admin', 'globaladmin'])

/** An object as the inventory stages it: its data, and the fields domain synchronization reads of it. */
export function stagedObject(
  type: string,
  key: string,
  name: string,
  data: Record<string, unknown>
): StagedObject {
  return { type, key, name, data: JSON.stringify(data), fields: domainFieldsOf(type, data) }
}

/** A field read as text (nested elements have no text of their own). */
export function fieldText(o: AxlObject, field: string): string {
  const value = o.fields[field]
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : ''
}

function objectName(spec: AxlObjectSpec, o: AxlObject): string {
  const key = fieldText(o, spec.searchField)
  const partition = fieldText(o, 'routePartitionName')
  return partition !== '' ? `${key} / ${partition}` : key
}

/**
 * One AXL object as the inventory keeps it, the same whether it came from a full synchronization
 * or from change notification: restricted users marked, intercom lines marked, analog phones and
 * (optionally) special numbers left out with a log entry. Undefined when the object is left out.
 */
export function prepareAxlObject(
  spec: AxlObjectSpec,
  o: AxlObject,
  log: RunLog,
  options: SyncOptions,
  device: string
): StagedObject | undefined {
  const fields = { ...o.fields }
  if (spec.type === 'User') {
    const userid = fieldText(o, 'userid')
    if (RESTRICTED_USERS.has(userid.toLowerCase())) {
      log.add(
        'info',
        'SYNC_USER_RESTRICTED',
        `${userid} is a restricted account: it is kept in the inventory but never provisioned or filed into a domain.`,
        {
          objectType: 'User',
          objectName: userid
        }
      )
      fields.restricted = true
    }
  }
  if (spec.type === 'Phone' && fields.product === 'Analog Phone' && !options.analogPhones) {
    log.add(
      'info',
      'SYNC_ANALOG_SKIPPED',
      `Analog phone ${fieldText(o, 'name')} was not synchronized: analog phones are off for ${device}.`,
      {
        objectType: 'Phone',
        objectName: fieldText(o, 'name'),
        hint: `To manage VG endpoints, tick "Manage analog phones" when editing ${device} in Device Setup (or switchboard devices edit "${device}" --analog-phones), then synchronize its users again.`
      }
    )
    return undefined
  }
  if (spec.type === 'Line' && fields.usage === 'Device Intercom') {
    if (!options.specialDns) return undefined
    fields.special = 'intercom'
  }
  return stagedObject(spec.type, o.uuid || objectName(spec, o), objectName(spec, o), fields)
}

/** Line appearance rows as the line-appearance query returns them, keyed per device and button. */
export function appearanceObject(row: {
  device: string
  pattern: string
  partition: string
  position: string
}): StagedObject {
  return stagedObject(
    'LineAppearance',
    `${row.device}#${row.position}`,
    `${row.device} line ${row.position}: ${row.pattern}`,
    { device: row.device, pattern: row.pattern, partition: row.partition, position: row.position }
  )
}

export function associationObject(row: { userid: string; device: string }): StagedObject {
  return stagedObject(
    'UserDeviceAssociation',
    `${row.userid}#${row.device}`,
    `${row.userid} → ${row.device}`,
    {
      userid: row.userid,
      device: row.device
    }
  )
}

/** A phone service a device profile subscribes to, as the subscribed-service query returns it. */
export function subscriptionObject(row: { device: string; service: string; url: string }): StagedObject {
  return stagedObject(
    'DeviceProfileService',
    `${row.device}#${row.service}`,
    `${row.device} → ${row.service}`,
    {
      device: row.device,
      service: row.service,
      url: row.url
    }
  )
}
