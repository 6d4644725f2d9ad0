// Issue 26, item 5: does the LDAP client still need its own reply decoder? The search the LDAP
// synchronization sends is read from a real slapd three ways: by the product's DirectoryClient (its own
// connection, replies.ts decoding entries from the socket's bytes), by ldapts alone (searchPaginated,
// entries turned into the DirectoryEntry objects the synchronization plans with) and by `ldapsearch -E
// pr=<page size>/noprompt` to /dev/null, the floor. All three go through one loopback relay that adds 0
// or 30 ms to every round trip, at 10,000 and 40,000 entries (a tenth with --quick), with the page size
// the synchronization uses. Each figure is the median of five tries, the three readers taking turns
// (one untimed round first, so neither Node reader is timed while V8 compiles it). The Node readers are
// timed from connecting to the closed connection, ldapsearch from spawn to exit.
//
// The issue's rule: if ldapts alone stays within 1.25× of ldapsearch at 30 ms, the decoder goes. It did
// not (README, Benchmarks), so the target is now the decoder's: within 1.25× of ldapsearch at 30 ms.
import { rmSync } from 'node:fs'
import { Client } from 'ldapts'
import { describe, expect, it } from 'vitest'
import { DirectoryClient, type DirectoryEntry } from '../../src-main/connectors/ldap/client'
import type { PagedSearch } from '../../src-main/connectors/ldap/connection'
import { tempDir } from '../main/helpers/core'
import { directoryEntryOf } from '../main/helpers/ldapMessages'
import { READER_DN, READER_PASSWORD, slapdUnavailable, startSlapd } from '../main/helpers/slapd'
import { benchPeople, ldapsearchArgs, syncSearch } from './ldapSearch'
import { latencyRelay, timedCommand } from './processes'
import { againstFloor, median, reporter, scaled, toFloor } from './results'

const SIZES = [scaled(10_000), scaled(40_000)]
/** A WAN's round trip, where the target applies, and none. */
const WAN_MS = 30
const ROUND_TRIPS_MS = [0, WAN_MS]
/** Tries per reader, compared by their medians (an odd count). */
const REPEATS = 5
/** The bound against ldapsearch over a WAN: the issue's, for a reader worth keeping. */
const TARGET = 1.25
const unavailable = slapdUnavailable()
const report = reporter('ldap-reader')

interface Read {
  entries: number
  /** The first page, to check that both Node readers hand on the same entries. */
  firstPage: DirectoryEntry[]
}

/** The product's reader: DirectoryClient connects, binds, reads every page and closes. */
async function readInHouse(port: number, search: PagedSearch): Promise<Read> {
  const client = await DirectoryClient.connect({
    primary: { host: '127.0.0.1', port },
    security: 'none',
    bindDn: READER_DN,
    password: READER_PASSWORD,
    activeDirectory: false
  })
  let entries = 0
  let firstPage: DirectoryEntry[] | undefined
  try {
    for await (const page of client.search(search.base, search.filter, search.attributes, {
      pageSize: search.pageSize,
      binaryAttributes: [...search.binaryAttributes]
    })) {
      firstPage ??= page
      entries += page.length
    }
  } finally {
    await client.close()
  }
  return { entries, firstPage: firstPage ?? [] }
}

/** ldapts alone: its Client binds and pages with searchPaginated; every entry becomes a DirectoryEntry. */
async function readWithLdapts(port: number, search: PagedSearch): Promise<Read> {
  const client = new Client({ url: `ldap://127.0.0.1:${port}` })
  let entries = 0
  let firstPage: DirectoryEntry[] | undefined
  try {
    await client.bind(READER_DN, READER_PASSWORD)
    for await (const page of client.searchPaginated(search.base, {
      scope: 'sub',
      filter: search.filter,
      attributes: search.attributes,
      explicitBufferAttributes: search.attributes.filter((a) => search.binaryAttributes.has(a.toLowerCase())),
      paged: { pageSize: search.pageSize }
    })) {
      const converted = page.searchEntries.map((entry) => directoryEntryOf(entry, search.binaryAttributes))
      firstPage ??= converted
      entries += converted.length
    }
  } finally {
    await client.unbind()
  }
  return { entries, firstPage: firstPage ?? [] }
}

async function timed(read: () => Promise<Read>, expected: number): Promise<number> {
  const started = performance.now()
  const { entries } = await read()
  const ms = performance.now() - started
  expect(entries).toBe(expected)
  return ms
}

describe.skipIf(unavailable !== undefined)(
  `LDAP reader against ldapts and ldapsearch${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    it.each(SIZES)(`%i entries at 0 and ${WAN_MS} ms per round trip`, async (size) => {
      const slapd = await startSlapd(benchPeople(size))
      const dataDir = tempDir('switchboard-bench-ldap-reader-')
      try {
        const search = await syncSearch(dataDir, slapd)
        // The same entries from both Node readers, or the comparison is not of the same work.
        const [inHouse, ldapts] = [
          await readInHouse(slapd.port, search),
          await readWithLdapts(slapd.port, search)
        ]
        expect(ldapts.firstPage).toEqual(inHouse.firstPage)
        expect(inHouse.firstPage).toHaveLength(search.pageSize)
        await timedCommand('ldapsearch', ldapsearchArgs(slapd.url, search))
        report(`page size (${size} entries)`, search.pageSize, 'entries')
        for (const roundTripMs of ROUND_TRIPS_MS) {
          const relay = await latencyRelay(slapd.port, roundTripMs)
          try {
            const readers: [string, () => Promise<number>][] = [
              [
                'ldapsearch',
                () => timedCommand('ldapsearch', ldapsearchArgs(`ldap://127.0.0.1:${relay.port}`, search))
              ],
              ['in-house', () => timed(() => readInHouse(relay.port, search), size)],
              ['ldapts', () => timed(() => readWithLdapts(relay.port, search), size)]
            ]
            const times = new Map<string, number[]>(readers.map(([name]) => [name, []]))
            for (let i = 0; i < REPEATS; i++)
              for (let k = 0; k < readers.length; k++) {
                const [name, read] = readers[(i + k) % readers.length]
                times.get(name)!.push(await read())
              }
            const [floorMs, inHouseMs, ldaptsMs] = ['ldapsearch', 'in-house', 'ldapts'].map((name) =>
              median(times.get(name)!)
            )
            const at = `(${size} entries, ${roundTripMs} ms round trip)`
            report(`ldapsearch ${at}`, Math.round(floorMs), 'ms')
            report(
              `in-house ${at}`,
              Math.round(inHouseMs),
              'ms',
              roundTripMs === WAN_MS ? againstFloor(inHouseMs, floorMs, TARGET) : toFloor(inHouseMs, floorMs)
            )
            report(`ldapts ${at}`, Math.round(ldaptsMs), 'ms', toFloor(ldaptsMs, floorMs))
          } finally {
            await relay.stop()
          }
        }
      } finally {
        await slapd.stop()
        rmSync(dataDir, { recursive: true, force: true })
      }
    })
  }
)
