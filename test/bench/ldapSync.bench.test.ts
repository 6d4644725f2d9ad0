// Issue 9 scenario 4: LDAP synchronization of 50,000 entries (5,000 with --quick) from a real OpenLDAP
// slapd, against its floor in the same run: ldapsearch paging the same search (base, filter, attributes,
// page size, recorded from the connector) to /dev/null, alternated three times with the synchronization
// and compared by medians. Target: the synchronization ≤ 2× the floor.
import { rmSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { slapdUnavailable, startSlapd } from '../main/helpers/slapd'
import { tempDir } from '../main/helpers/core'
import { benchPeople, ldapsearchArgs, syncSearch } from './ldapSearch'
import { medianRun, repeatedSyncs, runMs, timedCommand } from './processes'
import { againstFloor, MB, median, reporter, scaled } from './results'

const ENTRIES = scaled(50_000)
/** Floors and synchronizations, compared by their medians (an odd count). */
const REPEATS = 3
const unavailable = slapdUnavailable()
const report = reporter('ldap-sync')

describe.skipIf(unavailable !== undefined)(
  `LDAP synchronization from slapd${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    it(`${ENTRIES} entries against ldapsearch paging the same search`, async () => {
      const slapd = await startSlapd(benchPeople(ENTRIES))
      const dataDir = tempDir('switchboard-bench-ldap-')
      try {
        const search = await syncSearch(dataDir, slapd)
        const ldapsearch = ldapsearchArgs(slapd.url, search)
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
        report('page size', search.pageSize, 'entries')
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
