// Issue 28, item 4 for LDAP: directory servers that never stop, against the client's deadlines and
// caps. Each server here is a scripted TCP server on 127.0.0.1 that would run on for seconds (or
// thousands of pages) if nothing stopped it; the client must stop it sooner, with an error that names
// the limit. Errors are classified by what happened, not by the words in a message.
import type net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { RunSummary } from '../../src-preload/contract'
import { DirectoryClient, DirectoryError, type DirectoryTarget } from '../../src-main/connectors/ldap/client'
import { DIRECTORY_LIMITS, searchLimits, type DirectoryLimits } from '../../src-main/connectors/ldap/limits'
import { addOfflineCallProcessor, testCore, type TestCore } from './helpers/core'
import { entryMessage, Op, pagedControl, resultMessage } from './helpers/ldapMessages'
import { scriptedServer, stream, type Script, type ScriptedServer } from './helpers/ldapServer'
import { finishedRun } from './helpers/runs'

const BASE = 'ou=people,dc=lab,dc=example'
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function server(
  script: Script,
  options?: Parameters<typeof scriptedServer>[1]
): Promise<ScriptedServer> {
  const started = await scriptedServer(script, options)
  cleanups.push(() => started.close())
  return started
}

/** Writes `message()` every `ms` until `until` ms have passed or the client is gone, then closes. */
function every(socket: net.Socket, ms: number, until: number, message: () => Buffer): void {
  const started = performance.now()
  const timer = setInterval(() => {
    if (socket.destroyed) return clearInterval(timer)
    if (performance.now() - started > until) {
      clearInterval(timer)
      socket.end()
      return
    }
    socket.write(message())
  }, ms)
  cleanups.push(() => clearInterval(timer))
}

const person = (messageId: number, n: number, value = `u${n}`): Buffer =>
  entryMessage(messageId, `uid=u${n},${BASE}`, [['uid', [value]]])

const done = (messageId: number, cookie: string): Buffer =>
  resultMessage(messageId, Op.searchDone, { code: 0 }, { controls: [pagedControl(Buffer.from(cookie))] })

/** Pages of `perPage` new people with a fresh cookie each, for `pages` pages, then an empty cookie. */
const endlessPages =
  (pages: number, perPage = 1, value?: (n: number) => string): Script =>
  (request, socket, page) => {
    if (request.operation !== Op.searchRequest) return
    for (let i = 0; i < perPage; i++) {
      const n = page * perPage + i
      socket.write(person(request.messageId, n, value?.(n)))
    }
    socket.write(done(request.messageId, page < pages ? `page-${page}` : ''))
  }

const target = (port: number, limits: Partial<DirectoryLimits> = {}): DirectoryTarget => ({
  primary: { host: '127.0.0.1', port },
  security: 'none',
  bindDn: 'cn=reader,dc=lab,dc=example',
  password: 'secret',
  activeDirectory: false,
  limits: { idleMs: 2_000, ...limits }
})

/** The error a search ends with; a search that ends without one fails the test. */
async function searchError(
  port: number,
  options: {
    limits?: Partial<DirectoryLimits>
    pageSize?: number
    filter?: string
    expectedEntries?: number
  } = {}
): Promise<DirectoryError> {
  const client = await DirectoryClient.connect(target(port, options.limits))
  let entries = 0
  try {
    for await (const page of client.search(BASE, options.filter ?? '(uid=*)', ['uid'], {
      pageSize: options.pageSize ?? 3,
      ...(options.expectedEntries !== undefined ? { expectedEntries: options.expectedEntries } : {})
    }))
      entries += page.length
  } catch (error) {
    expect(error).toBeInstanceOf(DirectoryError)
    return error as DirectoryError
  } finally {
    await client.close()
  }
  throw new Error(`the search ended without an error after ${entries} entries`)
}

describe('LDAP idle timeout and deadlines against servers that never finish', () => {
  it('is kept alive only by replies with the operation’s own message id', async () => {
    // Replies for another operation every 20 ms, for two seconds: none of them is the search's.
    const ldap = await server((request, socket) => {
      let n = 0
      every(socket, 20, 2_000, () => person(request.messageId + 1000, n++))
    })
    const started = performance.now()
    const error = await searchError(ldap.port, { limits: { idleMs: 300 } })
    expect(error.kind).toBe('network')
    expect(error.message).toMatch(
      /was interrupted: the server sent no reply to the search within 300 ms \(timed out\)$/
    )
    expect(performance.now() - started).toBeLessThan(1_500)
  })

  it('stops a search that keeps answering, page after page, at its deadline', async () => {
    // Sixty pages, one every 25 ms: 1.5 s in all.
    const ldap = await server((request, socket, page) =>
      setTimeout(() => endlessPages(60)(request, socket, page), 25)
    )
    const error = await searchError(ldap.port, { limits: { searchDeadlineMs: 400 } })
    expect(error.kind).toBe('limit')
    expect(error.message).toMatch(
      /^The search on ldap:\/\/127\.0\.0\.1:\d+ was stopped: the search did not finish within 400 ms, the deadline for one search\.$/
    )
  })

  it('stops a bind that gets no answer at the deadline for one operation, without trying the backup', async () => {
    const silent = await server(() => undefined, { bind: () => undefined })
    const backup = await server(() => undefined)
    const error = await DirectoryClient.connect({
      ...target(silent.port, { idleMs: 5_000, operationDeadlineMs: 300 }),
      backup: { host: '127.0.0.1', port: backup.port }
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DirectoryError)
    expect((error as DirectoryError).kind).toBe('limit')
    expect((error as DirectoryError).message).toMatch(
      /^Connecting to ldap:\/\/127\.0\.0\.1:\d+ was stopped: the bind did not finish within 300 ms, the deadline for one operation\.$/
    )
    expect(backup.requests).toHaveLength(0)
  })
})

describe('LDAP caps on what one search may bring', () => {
  it('stops a page with more than twice the page size of entries', async () => {
    const ldap = await server((request, socket) => {
      let n = 0
      // Ten thousand entries for a page of three, then the end of the search.
      stream(socket, () =>
        n < 10_000 ? person(request.messageId, n++) : n++ === 10_000 ? done(request.messageId, '') : undefined
      )
    })
    const error = await searchError(ldap.port, { pageSize: 3 })
    expect(error.kind).toBe('limit')
    expect(error.message).toMatch(
      /was stopped: page 1 has more than 6 entries, the most one page of 3 may have: the server does not keep to the page size\.$/
    )
  })

  it('stops paging after the pages the expected number of entries allows', async () => {
    const ldap = await server(endlessPages(1_000))
    // Nothing known of the directory: 200,000 entries at 5,000 a page, plus 100 spare pages.
    expect(searchLimits(5_000, undefined, DIRECTORY_LIMITS).maxPages).toBe(140)
    const error = await searchError(ldap.port, { pageSize: 5_000 })
    expect(error.kind).toBe('limit')
    expect(error.message).toMatch(
      /was stopped: the search went past 140 pages of 5000 entries, the most one search may take: the server does not stop paging\.$/
    )
    // The previous run read 300,000 entries: room for twice that.
    expect(searchLimits(5_000, 300_000, DIRECTORY_LIMITS).maxPages).toBe(220)
    const bigger = await searchError(ldap.port, { pageSize: 5_000, expectedEntries: 300_000 })
    expect(bigger.message).toMatch(/the search went past 220 pages of 5000 entries/)
  })

  it('stops when a page brings no new entry, whatever its cookie says', async () => {
    // The same page and cookie 200 times over before the server lets the search end.
    const repeating = await server((request, socket, page) => {
      if (request.operation !== Op.searchRequest) return
      for (let n = 0; n < 3; n++) socket.write(person(request.messageId, n))
      socket.write(done(request.messageId, page < 200 ? 'again' : ''))
    })
    const error = await searchError(repeating.port)
    expect(error.kind).toBe('limit')
    expect(error.message).toMatch(
      /page 2 brings no entry that earlier pages did not: the server repeats itself\.$/
    )

    const standingStill = await server((request, socket, page) =>
      socket.write(done(request.messageId, page < 200 ? 'same' : ''))
    )
    const empty = await searchError(standingStill.port)
    expect(empty.message).toMatch(
      /page 2 is empty and hands back the cookie it was asked with: the server makes no progress\.$/
    )
  })

  it('stops a search past the bytes one search may receive', async () => {
    const ldap = await server(endlessPages(500, 10, (n) => `${n}:${'x'.repeat(2_000)}`))
    const error = await searchError(ldap.port, { pageSize: 1_000, limits: { maxSearchBytes: 64 * 1024 } })
    expect(error.kind).toBe('limit')
    expect(error.message).toMatch(
      /was stopped: the search received more than 64 KiB, the most one search may receive\.$/
    )
  })
})

describe('LDAP errors classified by what happened, not by the words of a message', () => {
  it('does not take a refused bind whose diagnostic mentions the connection for an outage', async () => {
    // What Active Directory says when it requires LDAP signing and a simple bind arrives on plain LDAP.
    const diagnostic =
      '00002028: LdapErr: DSID-0C090259, comment: The server requires binds to turn on integrity checking if SSL\\TLS are not already active on the connection, data 0, v4563'
    const primary = await server(() => undefined, {
      bind: (request, socket) =>
        socket.write(resultMessage(request.messageId, Op.bindResponse, { code: 8, diagnostic }))
    })
    const backup = await server(() => undefined)
    const error = await DirectoryClient.connect({
      ...target(primary.port),
      backup: { host: '127.0.0.1', port: backup.port }
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DirectoryError)
    expect((error as DirectoryError).kind).toBe('auth')
    expect((error as DirectoryError).message).toMatch(
      /refused the bind as "cn=reader,dc=lab,dc=example": .*\(LDAP result 8\)\.$/
    )
    // The password does not go on to the backup server: the primary was reached, and refused.
    expect(backup.requests).toHaveLength(0)
  })

  it('reports a filter its own encoder refuses as such, sending nothing', async () => {
    const ldap = await server(endlessPages(1))
    const error = await searchError(ldap.port, { filter: '(description=connection \\zz)' })
    expect(error.kind).toBe('request')
    expect(error.message).toMatch(
      /could not be sent: the filter \(description=connection \\zz\) cannot be encoded: /
    )
    expect(ldap.requests.filter((r) => r.operation === Op.searchRequest)).toHaveLength(0)
  })
})

describe('the deadline of a whole LDAP run', () => {
  let c: TestCore

  async function finished(runId: number): Promise<RunSummary> {
    return finishedRun(c, runId)
  }

  async function domainOn(port: number, runDeadlineMs: number): Promise<void> {
    c = testCore(undefined, { directoryLimits: { runDeadlineMs } })
    cleanups.push(() => c.dispose())
    await c.value('devices:add', {
      name: 'Slow LDAP',
      kind: 'directory',
      product: 'openldap',
      host: '127.0.0.1',
      port,
      adminDn: 'cn=reader,dc=lab,dc=example',
      password: 'secret',
      searchBase: BASE
    })
    await addOfflineCallProcessor(c, 'CUCM West')
    await c.value('domains:add', {
      name: 'West',
      callProcessors: ['CUCM West'],
      rules: { syncAllUsers: true }
    })
    await c.value('ldap:set', { domain: 'West', changes: { directory: 'Slow LDAP' } })
  }

  it('fails an LDAP synchronization that outlives it, naming the limit and changing nothing', async () => {
    const ldap = await server((request, socket, page) =>
      setTimeout(() => endlessPages(60, 2)(request, socket, page), 25)
    )
    await domainOn(ldap.port, 500)
    const run = await finished((await c.value('ldap:sync', { domain: 'West' })).runId)
    expect(run.status).toBe('failed')
    expect(run.summary).toMatch(
      /^Failed; West was left as it was\. The LDAP synchronization of West did not finish within 500 ms, the deadline for one run, and was stopped\.$/
    )
    const errors = await c.value('logs:entries', { runId: run.id, code: 'LDAP_SYNC_ERROR' })
    expect(errors.total).toBe(1)
    expect(c.store.domainUsers.ofDomain(c.store.domains.byName('West')!.id)).toHaveLength(0)
  })

  it('fails a write-back whose modification never gets an answer, naming the limit', async () => {
    const MODIFY_REQUEST = 0x66
    // Two people in one page; modifications are received and never answered.
    const ldap = await server((request, socket) => {
      if (request.operation !== Op.searchRequest) return
      for (const n of [1, 2])
        socket.write(
          entryMessage(request.messageId, `uid=person${n},${BASE}`, [
            ['uid', [`person${n}`]],
            ['givenName', ['Given']],
            ['sn', [`Family${n}`]]
          ])
        )
      socket.write(done(request.messageId, ''))
    })
    await domainOn(ldap.port, 500)
    expect((await finished((await c.value('ldap:sync', { domain: 'West' })).runId)).status).toBe('succeeded')
    // Their primary extensions on Unified CM, filed by a domain synchronization.
    const callProcessor = c.store.devices.byName('CUCM West')!
    c.store.inventory.applyChanges(callProcessor.id, 0, {
      upserts: [1, 2].map((n) => ({
        scope: 'user' as const,
        type: 'User',
        key: `person${n}`,
        name: `person${n}`,
        data: JSON.stringify({
          userid: `person${n}`,
          firstName: 'Given',
          lastName: `Family${n}`,
          primaryExtension: { pattern: `200${n}`, routePartitionName: 'PT-Internal' }
        })
      })),
      deletes: [],
      deleteByPrefix: []
    })
    expect((await finished((await c.value('domains:sync', { name: 'West' })).runId)).status).toBe('succeeded')
    await c.value('ldap:set', { domain: 'West', changes: { writeBack: { attribute: 'telephoneNumber' } } })
    // With "Allow changes" off, the directory is not even connected to (issue 20 item 1).
    const connectionsBefore = ldap.requests.length
    const refused = await c.dispatch('ldap:write-back', { domain: 'West' }, { origin: 'test' })
    expect(refused.ok ? 'written' : refused.error.code).toBe('CHANGES_NOT_ALLOWED')
    expect(ldap.requests.length).toBe(connectionsBefore)
    await c.value('devices:edit', { name: 'Slow LDAP', changes: { allowChanges: true } })

    const run = await finished((await c.value('ldap:write-back', { domain: 'West' })).runId)
    expect(ldap.requests.filter((r) => r.operation === MODIFY_REQUEST)).toHaveLength(1)
    expect(run.status).toBe('failed')
    expect(run.summary).toBe(
      'Failed: The write-back to LDAP of West did not finish within 500 ms, the deadline for one run, and was stopped.'
    )
    const errors = await c.value('logs:entries', { runId: run.id, code: 'LDAP_WRITE_BACK_ERROR' })
    expect(errors.entries.map((e) => e.hint)).toEqual([
      '0 entries had been written; run the write-back again to finish.'
    ])
  })
})
