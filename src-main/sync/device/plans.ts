import type { Device } from '../../../src-preload/contract'
import { AxlClient } from '../../connectors/axl/client'
import {
  CUCM_INFRASTRUCTURE,
  CUCM_USER_OBJECTS,
  IMP_INFRASTRUCTURE,
  type AxlObjectSpec
} from '../../connectors/axl/objects'
import type { HttpsTarget } from '../../connectors/common/http'
import type { Traffic } from '../../connectors/common/traffic'
import { CupiClient } from '../../connectors/cupi/client'
import type { StagedObject } from '../../store/inventory'
import type { RunLog } from '../runLog'
import {
  appearanceObject,
  associationObject,
  prepareAxlObject,
  stagedObject,
  subscriptionObject,
  type SyncOptions
} from './objects'

/** What one step of a run may use. */
export interface StepContext {
  log: RunLog
  options: SyncOptions
  /** Counts objects as they arrive, for progress. */
  counted: (n: number) => void
}

/** One object type of a run: it stages its objects, or throws and is reported as not synchronized. */
export interface Step {
  type: string
  run: (ctx: StepContext) => AsyncGenerator<StagedObject[]>
}

export interface Plan {
  scope: 'infrastructure' | 'user'
  steps: Step[]
  /**
   * How many steps may read at once: AXL's heavy reads go one at a time whatever it is (the client
   * holds them back), so a second step overlaps light reads with them.
   */
  concurrency: number
  /** The product version the device reported (getCCMVersion), recorded on the device. */
  version?: string
  close: () => void
}

const LINE_APPEARANCE_SQL =
  'SELECT {{page}} d.name AS device, n.dnorpattern AS pattern, rp.name AS partition, dm.numplanindex AS position ' +
  'FROM device d JOIN devicenumplanmap dm ON dm.fkdevice = d.pkid JOIN numplan n ON dm.fknumplan = n.pkid ' +
  'LEFT JOIN routepartition rp ON n.fkroutepartition = rp.pkid ORDER BY d.name, dm.numplanindex'
const USER_DEVICE_SQL =
  'SELECT {{page}} eu.userid AS userid, d.name AS device FROM enduser eu JOIN enduserdevicemap edm ON edm.fkenduser = eu.pkid ' +
  'JOIN device d ON edm.fkdevice = d.pkid ORDER BY eu.userid, d.name'
/** tkclass 254: device profiles (user device profiles for Extension Mobility). */
const DEVICE_PROFILE_CLASS = 254

/** Informix string literal: single quotes doubled. */
function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`
}

/**
 * The phone services device profiles subscribe to (DOM-31/32), one row per profile and service;
 * limited to some profiles by name when `devices` is given (change notification).
 */
export function deviceProfileServiceSql(devices?: readonly string[]): string {
  if (devices?.length === 0) throw new Error('deviceProfileServiceSql needs at least one device name')
  const only = devices ? ` AND d.name IN (${devices.map(sqlString).join(', ')})` : ''
  return (
    'SELECT {{page}} d.name AS device, ts.name AS service, ts.urltemplate AS url ' +
    'FROM device d JOIN telecastersubscribedservice tss ON tss.fkdevice = d.pkid ' +
    'JOIN telecasterservice ts ON tss.fktelecasterservice = ts.pkid ' +
    `WHERE d.tkclass = ${DEVICE_PROFILE_CLASS}${only} ORDER BY d.name, ts.name`
  )
}

/** A list-type step: pages of objects staged as they come; unexpected elements warned about once each. */
function axlStep(client: () => AxlClient, spec: AxlObjectSpec, device: string): Step {
  return {
    type: spec.type,
    async *run(ctx) {
      const warned = new Set<string>()
      for await (const page of client().list(spec)) {
        const staged: StagedObject[] = []
        for (const o of page) {
          for (const element of o.unexpected) {
            if (warned.has(element)) continue
            warned.add(element)
            ctx.log.add(
              'warning',
              'SYNC_UNEXPECTED_ELEMENT',
              `Skipped unexpected element ${element} in ${spec.type}: this release returns data Switchboard does not use.`,
              {
                objectType: spec.type,
                hint: 'Nothing to do: the rest of the object was synchronized.'
              }
            )
          }
          const prepared = prepareAxlObject(spec, o, ctx.log, ctx.options, device)
          if (prepared) staged.push(prepared)
        }
        ctx.counted(page.length)
        yield staged
      }
    }
  }
}

function sqlStep(
  client: () => AxlClient,
  type: string,
  sql: string,
  toObject: (row: Record<string, string>) => StagedObject
): Step {
  return {
    type,
    async *run(ctx) {
      for await (const rows of client().sql(sql)) {
        ctx.counted(rows.length)
        yield rows.map(toObject)
      }
    }
  }
}

export interface PlanInput {
  device: Device
  target: HttpsTarget
  kind: 'infrastructure' | 'user'
  signal: AbortSignal
  log: RunLog
  /** Counts the run's requests and bytes. */
  traffic?: Traffic
}

/** Connects to the device and lays out what a run of this kind reads. */
export async function planFor(input: PlanInput): Promise<Plan> {
  const { device, target, kind, signal, log, traffic } = input
  const onRetry = (error: Error, delayMs: number): void =>
    log.add('warning', 'SYNC_RETRY', `${error.message} Retrying in ${(delayMs / 1000).toFixed(1)} s.`, {
      hint: 'The device is busy or the network dropped; Switchboard backs off and retries.'
    })

  if (device.kind === 'message-processor') {
    const cupi = new CupiClient({ target, signal, onRetry, traffic })
    const cupiStep = (type: string, collection: string, item: string, nameField: string): Step => ({
      type,
      async *run(ctx) {
        for await (const page of cupi.list(collection, item)) {
          ctx.counted(page.length)
          yield page.map((o) => stagedObject(type, o.ObjectId ?? o[nameField], o[nameField] ?? o.ObjectId, o))
        }
      }
    })
    const steps =
      kind === 'infrastructure'
        ? [
            cupiStep('SubscriberTemplate', 'usertemplates', 'UserTemplate', 'Alias'),
            cupiStep('ClassOfService', 'coses', 'Cos', 'DisplayName')
          ]
        : [cupiStep('UnityUser', 'users', 'User', 'Alias')]
    return { scope: kind, steps, concurrency: 1, close: () => cupi.close() }
  }

  const axl = await AxlClient.connect({ target, signal, onRetry, traffic })
  const version = axl.productVersion
  log.add(
    'info',
    'SYNC_CONNECTED',
    `Connected with AXL schema ${axl.version}${version ? `; ${device.name} runs version ${version}` : ''}.`
  )
  const client = (): AxlClient => axl
  const axlPlan = { version, close: () => axl.close() }
  if (device.kind === 'presence-processor') {
    return {
      scope: 'infrastructure',
      steps: IMP_INFRASTRUCTURE.map((spec) => axlStep(client, spec, device.name)),
      concurrency: 1,
      ...axlPlan
    }
  }
  if (kind === 'infrastructure') {
    return {
      scope: 'infrastructure',
      steps: CUCM_INFRASTRUCTURE.map((spec) => axlStep(client, spec, device.name)),
      concurrency: 2,
      ...axlPlan
    }
  }

  const spec = (type: string): AxlObjectSpec => {
    const found = CUCM_USER_OBJECTS.find((s) => s.type === type)
    if (!found) throw new Error(`No AXL object spec for ${type}`)
    return found
  }
  const steps: Step[] = [
    axlStep(client, spec('User'), device.name),
    axlStep(client, spec('Phone'), device.name),
    axlStep(client, spec('Line'), device.name),
    sqlStep(client, 'LineAppearance', LINE_APPEARANCE_SQL, (r) =>
      appearanceObject({ device: r.device, pattern: r.pattern, partition: r.partition, position: r.position })
    ),
    sqlStep(client, 'UserDeviceAssociation', USER_DEVICE_SQL, (r) =>
      associationObject({ userid: r.userid, device: r.device })
    ),
    axlStep(client, spec('DeviceProfile'), device.name),
    sqlStep(client, 'DeviceProfileService', deviceProfileServiceSql(), (r) =>
      subscriptionObject({ device: r.device, service: r.service, url: r.url })
    ),
    axlStep(client, spec('RemoteDestinationProfile'), device.name),
    axlStep(client, spec('RemoteDestination'), device.name),
    axlStep(client, spec('LicensedUser'), device.name)
  ]
  return { scope: 'user', steps, concurrency: 2, ...axlPlan }
}
