// Issue 9 scenario 4: LDAP synchronization of 50,000 entries (5,000 with --quick) from a real OpenLDAP
// slapd, against its floor in the same run: ldapsearch paging the same search (base, filter, attributes,
// page size, recorded from the connector) to /dev/null, alternated three times with the synchronization
// and compared by medians. Target: the synchronization ≤ 2× the floor.
import { rmSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import { LdapConnection, type PagedSearch } from '../../src-main/connectors/ldap/connection'
import {
  addSlapdDomain,
  READER_DN,
  READER_PASSWORD,
  slapdUnavailable,
  startSlapd,
  type LdapPerson
} from '../main/helpers/slapd'
import { tempDir, testCore } from '../main/helpers/core'
import { medianRun, repeatedSyncs, runMs, timedCommand } from './processes'
import { againstFloor, MB, median, reporter, scaled } from './results'

const ENTRIES = scaled(50_000)
/** Floors and synchronizations, compared by their medians (an odd count). */
const REPEATS = 3
const unavailable = slapdUnavailable()
const report = reporter('ldap-sync')

const people: LdapPerson[] = Array.from({ length: ENTRIES }, (_, k) => {
  const i = String(k + 1).padStart(6, '0')
  return {
    uid: `user${i}`,
    givenName: `Given${i}`,
    sn: `Family${i}`,
    mail: `user${i}@lab.example`,
    telephoneNumber: `+1 408 55${i.slice(1)}`,
    departmentNumber: ['Sales', 'Engineering', 'Support', 'Finance'][k % 4],
    title: k % 10 === 0 ? 'Manager' : 'Engineer',
    employeeNumber: String(100_000 + k)
  }
})

/**
 * The search the LDAP synchronization sends, as it reaches the connection that puts it on the wire: a
 * preview runs with the paged search answered empty, so nothing is read and nothing is written.
 */
async function recordedSearch(preview: () => Promise<unknown>): Promise<PagedSearch> {
  const search = vi.spyOn(LdapConnection.prototype, 'pagedSearch').mockImplementation(async function* () {
    // An empty directory: the preview finds no entries.
  })
  try {
    await preview()
    expect(search).toHaveBeenCalledOnce()
    return search.mock.calls[0][0]
  } finally {
    search.mockRestore()
  }
}

describe.skipIf(unavailable !== undefined)(
  `LDAP synchronization from slapd${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    it(`${ENTRIES} entries against ldapsearch paging the same search`, async () => {
      const slapd = await startSlapd(people)
      const dataDir = tempDir('switchboard-bench-ldap-')
      try {
        const core = testCore(dataDir)
        const search = await (async () => {
          try {
            await addSlapdDomain(core, slapd)
            await core.value('ldap:set', { domain: 'West', changes: { directory: 'Lab OpenLDAP' } })
            return await recordedSearch(() => core.value('ldap:preview', { domain: 'West' }))
          } finally {
            await core.close()
          }
        })()
        const { base, filter, attributes, pageSize } = search
        const ldapsearch = [
          '-x',
          '-LLL',
          '-H',
          slapd.url,
          '-D',
          READER_DN,
          '-w',
          READER_PASSWORD,
          '-b',
          base,
          '-s',
          'sub',
          '-E',
          `pr=${pageSize}/noprompt`,
          filter,
          ...attributes
        ]
        // The floor and the synchronization alternate; every try is the same first synchronization.
        const floors: number[] = []
        const tries = await repeatedSyncs(dataDir, ['sync', 'ldap', 'West'], REPEATS, async () => {
          floors.push(await timedCommand('ldapsearch', ldapsearch))
        })
        for (const t of tries)
          expect(t.value.summary).toContain(`Read ${ENTRIES} entries: ${ENTRIES} users created`)
        const floorMs = median(floors)
        const sync = medianRun(tries)
        const ms = runMs(sync.value)
        report('entries', ENTRIES, 'entries')
        report('page size', pageSize, 'entries')
        report('repeats', REPEATS, 'runs')
        report('floor', Math.round(floorMs), 'ms')
        report('wall', ms, 'ms', againstFloor(ms, floorMs, 2))
        report('throughput', Math.round(ENTRIES / (ms / 1000)), 'entries/s')
        report('peak-rss', Math.round(sync.peakRssBytes / MB), 'MB')
      } finally {
        await slapd.stop()
        rmSync(dataDir, { recursive: true, force: true })
      }
    })
  }
)
