// What the LDAP benchmarks share: the users they load into slapd, the search the LDAP synchronization
// sends (recorded from the connector, not written out again here) and ldapsearch paging that search.
import { expect, vi } from 'vitest'
import { LdapConnection, type PagedSearch } from '../../src-main/connectors/ldap/connection'
import { testCore } from '../main/helpers/core'
import {
  addSlapdDomain,
  READER_DN,
  READER_PASSWORD,
  type LdapPerson,
  type RunningSlapd
} from '../main/helpers/slapd'

/** `count` people with the attributes the synchronization reads (uid user000001…). */
export function benchPeople(count: number): LdapPerson[] {
  return Array.from({ length: count }, (_, k) => {
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
}

/**
 * Registers `slapd` as the directory of the domain West in `dataDir` and returns the search the LDAP
 * synchronization sends, as it reaches the connection that puts it on the wire: a preview runs with
 * the paged search answered empty, so nothing is read and nothing is written.
 */
export async function syncSearch(dataDir: string, slapd: RunningSlapd): Promise<PagedSearch> {
  const core = testCore(dataDir)
  try {
    await addSlapdDomain(core, slapd)
    await core.value('ldap:set', { domain: 'West', changes: { directory: 'Lab OpenLDAP' } })
    const search = vi.spyOn(LdapConnection.prototype, 'pagedSearch').mockImplementation(async function* () {
      // An empty directory: the preview finds no entries.
    })
    try {
      await core.value('ldap:preview', { domain: 'West' })
      expect(search).toHaveBeenCalledOnce()
      return search.mock.calls[0][0]
    } finally {
      search.mockRestore()
    }
  } finally {
    await core.close()
  }
}

/** ldapsearch's arguments for `search` on `url`, bound as the reader, paged as the connector pages. */
export function ldapsearchArgs(url: string, search: PagedSearch): string[] {
  const { base, filter, attributes, pageSize } = search
  return [
    '-x',
    '-LLL',
    '-H',
    url,
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
}
