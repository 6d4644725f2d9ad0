// The floor of the domain synchronization (issue 26 item 4): reading its inputs and writing its result
// through the store alone, without the engine: the same inventory types of each processor, the domain's
// service areas and users and the other domains' users, then the users the synchronization decided,
// written as it writes them (one transaction). Measured on a copy of the data directory as it was
// before the synchronization, so the write creates every user as the synchronization's first run did.
import { cpSync, rmSync } from 'node:fs'
import type { DomainUserRecord } from '../../src-main/store/domainUserRecords'
import { tempDir, testCore } from '../main/helpers/core'

/** What domain synchronization reads of a processor's inventory (processorIndexes.ts, engine.ts). */
const ENGINE_TYPES = [
  'User',
  'Phone',
  'Line',
  'LineAppearance',
  'UserDeviceAssociation',
  'DeviceProfile',
  'RemoteDestinationProfile',
  'LicensedUser',
  'DeviceProfileService',
  'UnityUser'
]

/** The users a domain synchronization wrote, as records to write again. */
export async function domainResult(dataDir: string, domain: string): Promise<DomainUserRecord[]> {
  const core = testCore(dataDir)
  try {
    const row = core.store.domains.byName(domain)
    if (!row) throw new Error(`no domain ${domain}`)
    return core.store.domainUsers.ofDomain(row.id).map(({ domainId: _domainId, ...user }) => user)
  } finally {
    await core.close()
  }
}

/** Milliseconds to read the inputs and write `users` on a copy of `before`. */
export async function domainFloorMs(
  before: string,
  domain: string,
  users: DomainUserRecord[]
): Promise<number> {
  const copy = tempDir('switchboard-bench-domain-floor-')
  cpSync(before, copy, { recursive: true })
  const core = testCore(copy)
  try {
    const { store } = core
    const row = store.domains.byName(domain)
    if (!row) throw new Error(`no domain ${domain}`)
    const started = performance.now()
    let read = 0
    for (const id of store.domains.processorIds(row.id))
      for (const type of ENGINE_TYPES) read += store.inventory.domainFields(id, type).length
    read += store.serviceAreas.ofDomain(row.id).length
    read += store.domainUsers.storedOfDomain(row.id).length
    read += store.domainUsers.inOtherDomains(row.id).size
    const runId = store.syncRuns.startForDomain(row.id, domain, 'domain', new Date().toISOString())
    const written = store.domainUsers.replaceDomain(row.id, runId, users)
    const ms = performance.now() - started
    if (read === 0 || written.created !== users.length)
      throw new Error(
        `the domain floor read ${read} objects and created ${written.created} of ${users.length} users`
      )
    return ms
  } finally {
    await core.close()
    rmSync(copy, { recursive: true, force: true })
  }
}
