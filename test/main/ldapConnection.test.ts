// The directory client's own connection against scripted LDAP servers on 127.0.0.1: paging, result
// codes, a dropped or silent server, the Notice of Disconnection, malformed replies, cancellation,
// abandoning and read-ahead. ldapts, the client it replaced, reads the same servers as the reference.
import { BusyError, Client, SizeLimitExceededError, UnwillingToPerformError } from 'ldapts'
import { afterEach, describe, expect, it } from 'vitest'
import { CancelledError } from '../../src-main/connectors/common/retry'
import {
  DirectoryClient,
  DirectoryError,
  type DirectoryEntry,
  type DirectoryTarget
} from '../../src-main/connectors/ldap/client'
import { entryMessage, noticeOfDisconnection, Op, pagedControl, resultMessage } from './helpers/ldapMessages'
import { scriptedServer as startScriptedServer, type Script, type ScriptedServer } from './helpers/ldapServer'

const servers: ScriptedServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

async function scriptedServer(script: Script): Promise<ScriptedServer> {
  const server = await startScriptedServer(script)
  servers.push(server)
  return server
}

const people = (page: number): [string, [string, string[]][]][] =>
  Array.from({ length: 3 }, (_, i) => {
    const uid = `p${page}u${i}`
    return [
      `uid=${uid},ou=people,dc=lab,dc=example`,
      [
        ['uid', [uid]],
        ['telephoneNumber', [`+1 408 555 ${page}${i}00`, `+1 408 555 ${page}${i}01`]]
      ]
    ]
  })

/** Pages of three people; the last of `pages` ends the search with an empty cookie. */
const pagedPeople =
  (pages: number): Script =>
  (request, socket, page) => {
    if (request.operation !== Op.searchRequest) return
    for (const [dn, attributes] of people(page)) socket.write(entryMessage(request.messageId, dn, attributes))
    const cookie = Buffer.from(page < pages ? `after-page-${page}` : '')
    socket.write(
      resultMessage(request.messageId, Op.searchDone, { code: 0 }, { controls: [pagedControl(cookie)] })
    )
  }

const target = (port: number, timeoutMs = 5_000): DirectoryTarget => ({
  primary: { host: '127.0.0.1', port },
  security: 'none',
  bindDn: 'cn=reader,dc=lab,dc=example',
  password: 'secret',
  activeDirectory: false,
  limits: { idleMs: timeoutMs }
})

async function searchAll(port: number, options: { timeoutMs?: number; signal?: AbortSignal } = {}) {
  const client = await DirectoryClient.connect(target(port, options.timeoutMs))
  const entries: DirectoryEntry[] = []
  try {
    for await (const page of client.search('ou=people,dc=lab,dc=example', '(uid=*)', ['uid'], {
      pageSize: 3,
      ...(options.signal ? { signal: options.signal } : {})
    }))
      entries.push(...page)
    return entries
  } finally {
    await client.close()
  }
}

/** The error of searching the server with ldapts, the reference for result-code errors. */
async function ldaptsError(port: number): Promise<Error> {
  const client = new Client({ url: `ldap://127.0.0.1:${port}`, timeout: 5_000 })
  try {
    await client.bind('cn=reader,dc=lab,dc=example', 'secret')
    for await (const _page of client.searchPaginated('ou=people,dc=lab,dc=example', {
      filter: '(uid=*)',
      paged: { pageSize: 3 }
    })) {
      // read on
    }
  } catch (error) {
    return error as Error
  } finally {
    await client.unbind().catch(() => undefined)
  }
  throw new Error('ldapts read the whole search')
}

const searchError = async (port: number, timeoutMs?: number): Promise<DirectoryError> => {
  const error = await searchAll(port, { ...(timeoutMs ? { timeoutMs } : {}) }).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(DirectoryError)
  return error as DirectoryError
}

describe('directory client connection against scripted servers', () => {
  it('reads every page as ldapts does, handing each page’s cookie back', async () => {
    const server = await scriptedServer(pagedPeople(3))
    const entries = await searchAll(server.port)
    expect(entries.map((e) => e.attributes.uid[0])).toEqual(
      [1, 2, 3].flatMap((page) => [0, 1, 2].map((i) => `p${page}u${i}`))
    )
    expect(entries[0].attributes.telephonenumber).toEqual(['+1 408 555 1000', '+1 408 555 1001'])
    const searches = server.requests.filter((r) => r.operation === Op.searchRequest)
    expect(searches).toHaveLength(3)
    expect(searches[1].bytes.includes(Buffer.from('after-page-1'))).toBe(true)
    expect(searches[2].bytes.includes(Buffer.from('after-page-2'))).toBe(true)

    const reference = new Client({ url: `ldap://127.0.0.1:${server.port}` })
    await reference.bind('cn=reader,dc=lab,dc=example', 'secret')
    const uids: unknown[] = []
    for await (const page of reference.searchPaginated('ou=people,dc=lab,dc=example', {
      filter: '(uid=*)',
      paged: { pageSize: 3 }
    }))
      uids.push(...page.searchEntries.map((e) => e.uid))
    await reference.unbind()
    expect(entries.map((e) => e.attributes.uid[0])).toEqual(uids)
  })

  it('follows a page without entries whose cookie says there is more, where ldapts stopped', async () => {
    const server = await scriptedServer((request, socket, page) => {
      if (page > 1) return pagedPeople(2)(request, socket, page)
      // Servers may end a page early, even empty, when its time or look-through budget runs out.
      const more = pagedControl(Buffer.from('more-to-come'))
      socket.write(resultMessage(request.messageId, Op.searchDone, { code: 0 }, { controls: [more] }))
    })
    const entries = await searchAll(server.port)
    expect(entries.map((e) => e.attributes.uid[0])).toEqual(['p2u0', 'p2u1', 'p2u2'])
  })

  it.for([
    {
      code: 4,
      diagnostic: 'Administrative limit reached',
      error: SizeLimitExceededError,
      says: 'Administrative limit reached (LDAP result 4). The server caps how many entries one search may return'
    },
    // Without a diagnostic, ldapts's message is only "Code: 0x4" (issue 25 item 12).
    {
      code: 4,
      diagnostic: '',
      error: SizeLimitExceededError,
      says: 'size limit exceeded (LDAP result 4). The server caps'
    },
    { code: 51, diagnostic: 'Server is busy', error: BusyError, says: 'Server is busy (LDAP result 51)' },
    {
      code: 53,
      diagnostic: 'Paged results are refused',
      error: UnwillingToPerformError,
      says: 'Paged results are refused (LDAP result 53)'
    }
  ])('fails a search whose second page ends with result code $code, in words', async (row) => {
    const server = await scriptedServer((request, socket, page) => {
      if (page === 1) return pagedPeople(3)(request, socket, page)
      socket.write(
        resultMessage(request.messageId, Op.searchDone, { code: row.code, diagnostic: row.diagnostic })
      )
    })
    const reference = await ldaptsError(server.port)
    expect(reference).toBeInstanceOf(row.error)
    const error = await searchError(server.port)
    expect(error.kind).toBe('protocol')
    expect(error.message).toContain(`The search on ldap://127.0.0.1:${server.port} failed: ${row.says}`)
  })

  it('reports a missing search base', async () => {
    const server = await scriptedServer((request, socket) =>
      socket.write(
        resultMessage(request.messageId, Op.searchDone, { code: 32, matchedDn: 'dc=lab,dc=example' })
      )
    )
    const error = await searchError(server.port)
    expect(error.kind).toBe('no-such-base')
    expect(error.message).toMatch(/^The search base "ou=people,dc=lab,dc=example" does not exist on /)
  })

  it('fails as interrupted when the server drops the connection in the middle of a page', async () => {
    const server = await scriptedServer((request, socket) => {
      const entry = entryMessage(request.messageId, 'uid=a,dc=lab,dc=example', [['uid', ['a']]])
      socket.write(entry)
      socket.end(entry.subarray(0, 7))
    })
    const error = await searchError(server.port)
    expect(error.kind).toBe('network')
    expect(error.message).toMatch(
      /^The search on ldap:\/\/127\.0\.0\.1:\d+ was interrupted: the server closed the connection$/
    )
  })

  it('fails as interrupted when the server sends nothing for the timeout', async () => {
    const server = await scriptedServer(() => undefined)
    const error = await searchError(server.port, 300)
    expect(error.kind).toBe('network')
    expect(error.message).toMatch(
      /was interrupted: the server sent no reply to the search within 300 ms \(timed out\)$/
    )
  })

  it('fails as interrupted on a Notice of Disconnection, with its result code', async () => {
    const server = await scriptedServer((_request, socket) =>
      socket.write(noticeOfDisconnection(52, 'shutting down'))
    )
    const error = await searchError(server.port)
    expect(error.kind).toBe('network')
    expect(error.message).toMatch(
      /was interrupted: the server ended the connection: shutting down \(LDAP result 52\)$/
    )
  })

  it('fails on a malformed reply, saying what is wrong with it', async () => {
    const server = await scriptedServer((_request, socket) => socket.write(Buffer.from([0x31, 0x00])))
    const error = await searchError(server.port)
    expect(error.kind).toBe('protocol')
    expect(error.message).toMatch(
      /failed: The directory server sent a malformed reply: an LDAPMessage must be a SEQUENCE \(tag 0x30\), found tag 0x31\.$/
    )
  })

  it('stops at once when cancelled while waiting for a page', async () => {
    const server = await scriptedServer((request, socket, page) => {
      if (page === 1) pagedPeople(3)(request, socket, page)
    })
    const controller = new AbortController()
    const started = performance.now()
    const reading = searchAll(server.port, { signal: controller.signal })
    setTimeout(() => controller.abort(), 100)
    await expect(reading).rejects.toBeInstanceOf(CancelledError)
    expect(performance.now() - started).toBeLessThan(2_000)
  })

  it('abandons the page in flight when the caller stops early, and searches again on the connection', async () => {
    const server = await scriptedServer(pagedPeople(1_000))
    const client = await DirectoryClient.connect(target(server.port))
    const firstPage = async (): Promise<DirectoryEntry[] | undefined> => {
      for await (const page of client.search('ou=people,dc=lab,dc=example', '(uid=*)', ['uid'], {
        pageSize: 3
      }))
        return page
    }
    try {
      expect(await firstPage()).toHaveLength(3)
      await expect.poll(() => server.requests.some((r) => r.operation === Op.abandonRequest)).toBe(true)
      const searches = server.requests.filter((r) => r.operation === Op.searchRequest)
      const abandon = server.requests.find((r) => r.operation === Op.abandonRequest)
      // AbandonRequest ::= [APPLICATION 16] MessageID: its content is the abandoned message's id.
      expect(abandon?.bytes.at(-1)).toBe(searches.at(-1)?.messageId)
      const again = await firstPage()
      expect(again?.map((e) => e.attributes.uid[0])).toEqual(
        people(searches.length + 1).map(([, a]) => a[0][1][0])
      )
    } finally {
      await client.close()
    }
  })

  it('asks for the next page while the caller works, holding at most two pages unread', async () => {
    const server = await scriptedServer(pagedPeople(1_000))
    const client = await DirectoryClient.connect(target(server.port))
    const searchesSoFar = (): number => server.requests.filter((r) => r.operation === Op.searchRequest).length
    try {
      const pages = client.search('ou=people,dc=lab,dc=example', '(uid=*)', ['uid'], { pageSize: 3 })
      await pages.next()
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(searchesSoFar()).toBe(3)
      await pages.next()
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(searchesSoFar()).toBe(4)
      await pages.return(undefined)
    } finally {
      await client.close()
    }
  })

  it('refuses a bind: invalid credentials as such, other result codes in ldapts’s words, both as auth failures', async () => {
    const refusals = [49, 53]
    const server = await startScriptedServer(() => undefined, {
      bind: (request, socket) =>
        socket.write(resultMessage(request.messageId, Op.bindResponse, { code: refusals.shift() ?? 0 }))
    })
    servers.push(server)
    const port = server.port
    const invalid = await DirectoryClient.connect(target(port)).catch((e: unknown) => e)
    expect(invalid).toBeInstanceOf(DirectoryError)
    expect((invalid as DirectoryError).kind).toBe('auth')
    const unwilling = await DirectoryClient.connect(target(port)).catch((e: unknown) => e)
    expect(unwilling).toBeInstanceOf(DirectoryError)
    expect((unwilling as DirectoryError).kind).toBe('auth')
    expect((unwilling as DirectoryError).cause).toBeInstanceOf(UnwillingToPerformError)
    expect((unwilling as DirectoryError).message).toMatch(/refused the bind as ".*": .*\(LDAP result 53\)\.$/)
  })
})
