import type { IncomingMessage, ServerResponse } from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import type { LabCluster } from '../cluster'
import { listenOnLoopback } from '../listen'
import { serverTimeMs, type LabFaults, type LabTally } from '../faults'
import { UnityDirectory, type Row } from './directory'
import { CupiLabWrites, type WriteAnswer } from './writes'

export interface CupiServerOptions {
  cluster: LabCluster
  username: string
  password: string
  key: string
  cert: string
  faults: LabFaults
  /** Counts what the server is sent (shared by the lab's servers). */
  tally?: LabTally
  version?: string
  port?: number
}

export interface RunningCupiServer {
  port: number
  url: string
  close(): Promise<void>
  /** Requests received so far, whatever their answer. */
  requests(): number
}

/** Unity Connection processes at most five API requests at once; more are refused with 503. */
export const CUPI_MAX_CONCURRENT = 5

function xmlEscape(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c
  )
}

/** Bytes of a write's body the lab reads; a user or a PIN is a few hundred. */
const MAX_WRITE_BODY = 64 * 1024

interface ListSpec {
  /** Collection element (`Users`) and item element (`User`). */
  plural: string
  singular: string
  type: 'User' | 'UserTemplate' | 'Cos' | 'ImportUser'
  count: () => number
  /** Whether slot i holds an item, without building it (an unfiltered listing asks every slot). */
  present: (index: number) => boolean
  at: (index: number) => Row | undefined
}

/**
 * A simulated Unity Connection CUPI endpoint over HTTPS: Basic auth, JSON or XML, paging with
 * rowsPerPage / pageNumber and a total, simple `query=(column is|startswith value)` filters, the
 * five-concurrent-request limit (503), and the user writes of ./writes.
 */
export async function startCupiServer(options: CupiServerOptions): Promise<RunningCupiServer> {
  const directory = new UnityDirectory(options.cluster)
  const writes = new CupiLabWrites(directory, options.faults)
  const version = options.version ?? '15.0.1.10000-32'
  const expectedAuth = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`
  let active = 0
  let requests = 0
  let pagedResponses = 0

  const lists: Record<string, ListSpec> = {
    users: {
      plural: 'Users',
      singular: 'User',
      type: 'User',
      count: () => directory.size(),
      present: (i) => directory.exists(i),
      at: (i) => directory.at(i)
    },
    // Users synchronized from LDAP that have no mailbox yet; an import removes them from this list.
    'import/users/ldap': {
      plural: 'ImportUsers',
      singular: 'ImportUser',
      type: 'ImportUser',
      count: () => options.cluster.users,
      present: (i) => directory.importable(i) !== undefined,
      at: (i) => directory.importable(i)
    },
    usertemplates: {
      plural: 'UserTemplates',
      singular: 'UserTemplate',
      type: 'UserTemplate',
      count: () => directory.templates.length,
      present: () => true,
      at: (i) => directory.templates[i]
    },
    coses: {
      plural: 'Coses',
      singular: 'Cos',
      type: 'Cos',
      count: () => directory.coses.length,
      present: () => true,
      at: (i) => directory.coses[i]
    }
  }

  const server = https.createServer({ key: options.key, cert: options.cert }, (req, res) => {
    requests += 1
    if (options.tally) options.tally.requests += 1
    if (active >= CUPI_MAX_CONCURRENT) {
      send(req, res, 503, error('Server busy: too many concurrent requests.'))
      return
    }
    active++
    res.on('close', () => active--)
    void respond(req, res)
  })

  async function respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, options.faults.latencyMs ?? 0))
    if (options.faults.serviceUnavailable && options.faults.serviceUnavailable > 0) {
      options.faults.serviceUnavailable -= 1
      return send(req, res, 503, error('Service unavailable.'))
    }
    if (req.headers.authorization !== expectedAuth) {
      res.setHeader('WWW-Authenticate', 'Basic realm="Cisco Unity Connection"')
      return send(req, res, 401, error('Authentication failed.'))
    }
    const url = new URL(req.url ?? '/', 'https://lab')
    const path = url.pathname.replace(/\/+$/, '')
    if (req.method !== 'GET') {
      const body = await readBody(req)
      if (body === undefined)
        return send(req, res, 413, error(`The request body is over ${MAX_WRITE_BODY} bytes.`))
      const answer = writes.handle({
        method: req.method ?? '',
        path,
        query: url.searchParams,
        body,
        contentType: String(req.headers['content-type'] ?? ''),
        host: req.headers.host ?? `127.0.0.1:${(server.address() as AddressInfo).port}`
      })
      if (options.tally) {
        options.tally.writes += 1
        if (answer.status === 503) options.tally.throttledWrites += 1
      }
      return answerWrite(req, res, answer)
    }
    if (path === '/vmrest/version/product') return send(req, res, 200, { ProductVersion: version })
    const pin = /^\/vmrest\/users\/([^/]+)\/credential\/pin$/.exec(path)
    if (pin) {
      const slot = directory.slotOf({ objectId: pin[1] })
      if (slot === undefined) return send(req, res, 404, error(`No User with ObjectId ${pin[1]}.`))
      // The PIN's settings, never the PIN.
      return send(
        req,
        res,
        200,
        { TimeChanged: directory.pinChangedAt(pin[1]), Locked: 'false', HackCount: '0' },
        'Credential'
      )
    }
    const match = /^\/vmrest\/(users|usertemplates|coses|import\/users\/ldap)(?:\/([^/]+))?$/.exec(path)
    if (!match) return send(req, res, 404, error(`${path} was not found.`))
    const spec = lists[match[1]]
    if (options.faults.failingTypes?.includes(spec.type))
      return send(
        req,
        res,
        500,
        error(`Lab fault: ${spec.plural} cannot be read right now (injected failure).`)
      )
    if (match[2] && spec.type === 'User') {
      const slot = directory.slotOf({ objectId: match[2] })
      const row = slot === undefined ? undefined : directory.at(slot)
      if (row) return send(req, res, 200, row, spec.singular)
      return send(req, res, 404, error(`No User with ObjectId ${match[2]}.`))
    }
    if (match[2]) {
      for (let i = 0; i < spec.count(); i++) {
        const row = spec.at(i)
        if (row?.ObjectId === match[2]) return send(req, res, 200, row, spec.singular)
      }
      return send(req, res, 404, error(`No ${spec.singular} with ObjectId ${match[2]}.`))
    }
    const filter = parseQuery(url.searchParams.get('query'))
    if (filter instanceof Error) return send(req, res, 400, error(filter.message))
    const rowsPerPage = Number(url.searchParams.get('rowsPerPage') ?? 2000)
    const pageNumber = Number(url.searchParams.get('pageNumber') ?? 1)
    if (
      !Number.isInteger(rowsPerPage) ||
      rowsPerPage < 0 ||
      !Number.isInteger(pageNumber) ||
      pageNumber < 0
    ) {
      return send(req, res, 400, error('rowsPerPage and pageNumber must be non-negative whole numbers.'))
    }
    const matching: number[] = []
    for (let i = 0; i < spec.count(); i++) {
      if (filter === undefined) {
        if (spec.present(i)) matching.push(i)
        continue
      }
      const row = spec.at(i)
      if (row && filter(row)) matching.push(i)
    }
    const total = matching.length
    if (rowsPerPage === 0 || pageNumber === 0)
      return send(req, res, 200, { '@total': String(total) }, spec.plural)
    const page = matching
      .slice((pageNumber - 1) * rowsPerPage, pageNumber * rowsPerPage)
      .map((i) => spec.at(i) as Row)
    const serverTime = serverTimeMs(options.faults, page.length) + (options.faults.slowPageMs ?? 0)
    await new Promise((resolve) => setTimeout(resolve, serverTime))
    const dropEvery = options.faults.dropEveryNth
    const drop = dropEvery !== undefined && dropEvery > 0 && ++pagedResponses % dropEvery === 0
    // CUPI's JSON quirk: a single item is an object, several are an array.
    const body = {
      '@total': String(total),
      ...(page.length === 0 ? {} : { [spec.singular]: page.length === 1 ? page[0] : page })
    }
    send(req, res, 200, body, spec.plural, spec.singular, drop)
  }

  /** The request's body, or undefined once it passes MAX_WRITE_BODY. */
  async function readBody(req: IncomingMessage): Promise<string | undefined> {
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length
      if (size > MAX_WRITE_BODY) return undefined
      chunks.push(chunk)
    }
    return Buffer.concat(chunks).toString('utf8')
  }

  function answerWrite(req: IncomingMessage, res: ServerResponse, answer: WriteAnswer): void {
    if (answer.lose) {
      res.destroy()
      return
    }
    for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value)
    if (answer.error) return send(req, res, answer.status, { ErrorDetails: { errors: answer.error } })
    const html = answer.html === undefined ? undefined : Buffer.from(answer.html, 'utf8')
    res.writeHead(answer.status, {
      ...(html ? { 'Content-Type': 'text/html;charset=utf-8' } : {}),
      'Content-Length': html?.length ?? 0
    })
    res.end(html)
  }

  function parseQuery(query: string | null): ((row: Row) => boolean) | undefined | Error {
    if (!query) return undefined
    const m = /^\((\w+)\s+(is|startswith)\s+(.+)\)$/i.exec(query.trim())
    if (!m)
      return new Error(`Unsupported query "${query}": use (column is value) or (column startswith value).`)
    const column = m[1].toLowerCase()
    const value = m[3].toLowerCase()
    const op = m[2].toLowerCase()
    return (row) => {
      const key = Object.keys(row).find((k) => k.toLowerCase() === column)
      const cell = key ? row[key].toLowerCase() : ''
      return op === 'is' ? cell === value : cell.startsWith(value)
    }
  }

  function error(message: string): { ErrorDetails: { errors: { code: string; message: string } } } {
    return { ErrorDetails: { errors: { code: 'LAB', message } } }
  }

  function send(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    body: object,
    root?: string,
    item?: string,
    drop = false
  ): void {
    const json = String(req.headers.accept ?? '').includes('application/json')
    const payload = json ? JSON.stringify(body) : toXml(body, root, item)
    const bytes = Buffer.from(payload, 'utf8')
    res.writeHead(status, {
      'Content-Type': json ? 'application/json' : 'application/xml',
      'Content-Length': bytes.length
    })
    if (drop) {
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)))
      res.destroy()
      return
    }
    res.end(bytes)
  }

  function toXml(body: object, root?: string, item?: string): string {
    const record = body as Record<string, unknown>
    const fields = (row: Row): string =>
      Object.entries(row)
        .map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`)
        .join('')
    if (root && item && '@total' in record) {
      const value = record[item]
      const rows = value === undefined ? [] : Array.isArray(value) ? (value as Row[]) : [value as Row]
      return `<?xml version="1.0" encoding="UTF-8"?><${root} total="${String(record['@total'])}">${rows.map((r) => `<${item}>${fields(r)}</${item}>`).join('')}</${root}>`
    }
    if (root && '@total' in record)
      return `<?xml version="1.0" encoding="UTF-8"?><${root} total="${String(record['@total'])}"/>`
    if ('ErrorDetails' in record) {
      const e = (record.ErrorDetails as { errors: { code: string; message: string } }).errors
      return `<?xml version="1.0" encoding="UTF-8"?><ErrorDetails><errors><code>${e.code}</code><message>${xmlEscape(e.message)}</message></errors></ErrorDetails>`
    }
    const name = root ?? Object.keys(record)[0]
    const row = root ? (record as Row) : (record[name] as Row | string)
    return `<?xml version="1.0" encoding="UTF-8"?>${typeof row === 'string' ? `<${name}>${xmlEscape(row)}</${name}>` : `<${name}>${fields(row)}</${name}>`}`
  }

  const listening = await listenOnLoopback(server, options.port)
  return { ...listening, url: `https://127.0.0.1:${listening.port}/vmrest/`, requests: () => requests }
}
