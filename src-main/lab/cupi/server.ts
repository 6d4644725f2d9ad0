import type { IncomingMessage, ServerResponse } from 'node:http'
import https from 'node:https'
import type { LabCluster } from '../cluster'
import { listenOnLoopback } from '../listen'
import { serverTimeMs, type LabFaults } from '../faults'
import { hash32 } from '../random'

export interface CupiServerOptions {
  cluster: LabCluster
  username: string
  password: string
  key: string
  cert: string
  faults: LabFaults
  version?: string
  port?: number
}

export interface RunningCupiServer {
  port: number
  url: string
  close(): Promise<void>
}

/** Unity Connection processes at most five API requests at once; more are refused with 503. */
export const CUPI_MAX_CONCURRENT = 5

type Row = Record<string, string>

interface ListSpec {
  /** Collection element (`Users`) and item element (`User`). */
  plural: string
  singular: string
  type: 'User' | 'UserTemplate' | 'Cos'
  count: () => number
  at: (index: number) => Row | undefined
}

function guid(seed: number, kind: string, index: number | string): string {
  const hex = [0, 1, 2, 3]
    .map((k) => hash32(seed, 'cuc', kind, index, k).toString(16).padStart(8, '0'))
    .join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

function xmlEscape(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c
  )
}

/**
 * Mailboxes derived from the cluster: most users have one on their primary extension, a few on an
 * extension CUCM does not know, some users have none, and a few mailboxes belong to no CUCM user.
 */
export class UnityDirectory {
  readonly coses: Row[]
  readonly templates: Row[]
  private readonly extra: number

  constructor(private readonly cluster: LabCluster) {
    const seed = cluster.seed
    this.coses = [
      { name: 'Voice Mail User COS', tts: 'false' },
      { name: 'System', tts: 'false' },
      { name: 'UM with TTS', tts: 'true' },
      { name: 'UM without TTS', tts: 'false' }
    ].map((c, i) => ({
      ObjectId: guid(seed, 'cos', i),
      DisplayName: c.name,
      AccessTts: c.tts,
      MaxMsgLength: '300'
    }))
    this.templates = [
      'voicemailusertemplate',
      'administratortemplate',
      ...cluster.sites.map((s) => `vm-${s.code.toLowerCase()}`)
    ].map((alias, i) => ({
      ObjectId: guid(seed, 'template', i),
      Alias: alias,
      DisplayName:
        alias === 'voicemailusertemplate'
          ? 'Voice Mail User Template'
          : alias === 'administratortemplate'
            ? 'Administrator Template'
            : `Voicemail ${alias.slice(3).toUpperCase()}`,
      CosObjectId: this.coses[i % this.coses.length].ObjectId
    }))
    this.extra = Math.max(2, Math.floor(cluster.users / 20))
  }

  /** What kind of mailbox cluster user i has. */
  mailboxOf(i: number): 'matching' | 'other-extension' | 'none' {
    const roll = hash32(this.cluster.seed, 'cuc', i) % 100
    if (roll < 90) return 'matching'
    if (roll < 95) return 'other-extension'
    return 'none'
  }

  /** Mailbox rows: cluster users first (skipping those without one), then Unity-only mailboxes. */
  size(): number {
    return this.cluster.users + this.extra
  }

  at(index: number): Row | undefined {
    const seed = this.cluster.seed
    if (index >= this.cluster.users) {
      const k = index - this.cluster.users
      const alias = k === 0 ? 'operator' : k === 1 ? 'undeliverablemessagesmailbox' : `vm-lobby-${k}`
      return {
        ObjectId: guid(seed, 'user', `extra-${k}`),
        Alias: alias,
        DisplayName: k === 0 ? 'Operator' : k === 1 ? 'Undeliverable Messages' : `Lobby mailbox ${k}`,
        FirstName: '',
        LastName: '',
        EmailAddress: '',
        DtmfAccessId: k < 2 ? '' : `8${String(900000 + k)}`,
        CosObjectId: this.coses[1].ObjectId,
        Inactive: 'false',
        CreationTime: '2024-02-01T09:00:00Z',
        PartitionObjectId: guid(seed, 'partition', 0),
        IsVmEnrolled: 'true',
        SmtpProxyAddress: '',
        UnifiedMessagingAccount: 'false'
      }
    }
    const kind = this.mailboxOf(index)
    if (kind === 'none') return undefined
    const userid = this.cluster.userid(index)
    const um = index % 3 === 0
    return {
      ObjectId: guid(seed, 'user', index),
      Alias: userid,
      DisplayName: `${this.cluster.firstName(index)} ${this.cluster.lastName(index)}`,
      FirstName: this.cluster.firstName(index),
      LastName: this.cluster.lastName(index),
      EmailAddress: `${userid}@example.test`,
      DtmfAccessId:
        kind === 'matching' ? this.cluster.linePattern(index) : `7${String(index).padStart(6, '0')}`,
      CosObjectId: this.coses[um ? 2 : 0].ObjectId,
      Inactive: 'false',
      CreationTime: new Date(Date.UTC(2024, 0, 1) + (index % 700) * 86_400_000)
        .toISOString()
        .replace('.000', ''),
      PartitionObjectId: guid(seed, 'partition', 0),
      IsVmEnrolled: index % 10 === 3 ? 'false' : 'true',
      SmtpProxyAddress: `smtp:${userid}@example.test`,
      UnifiedMessagingAccount: um ? 'true' : 'false'
    }
  }
}

/**
 * A simulated Unity Connection CUPI endpoint over HTTPS: Basic auth, JSON or XML, paging with
 * rowsPerPage / pageNumber and a total, simple `query=(column is|startswith value)` filters, and the
 * five-concurrent-request limit (503).
 */
export async function startCupiServer(options: CupiServerOptions): Promise<RunningCupiServer> {
  const directory = new UnityDirectory(options.cluster)
  const version = options.version ?? '15.0.1.10000-32'
  const expectedAuth = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`
  let active = 0
  let pagedResponses = 0

  const lists: Record<string, ListSpec> = {
    users: {
      plural: 'Users',
      singular: 'User',
      type: 'User',
      count: () => directory.size(),
      at: (i) => directory.at(i)
    },
    usertemplates: {
      plural: 'UserTemplates',
      singular: 'UserTemplate',
      type: 'UserTemplate',
      count: () => directory.templates.length,
      at: (i) => directory.templates[i]
    },
    coses: {
      plural: 'Coses',
      singular: 'Cos',
      type: 'Cos',
      count: () => directory.coses.length,
      at: (i) => directory.coses[i]
    }
  }

  const server = https.createServer({ key: options.key, cert: options.cert }, (req, res) => {
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
    if (req.method !== 'GET')
      return send(req, res, 405, error(`${req.method} is not supported by this lab server.`))
    const path = url.pathname.replace(/\/+$/, '')
    if (path === '/vmrest/version/product') return send(req, res, 200, { ProductVersion: version })
    const match = /^\/vmrest\/(users|usertemplates|coses)(?:\/([^/]+))?$/.exec(path)
    if (!match) return send(req, res, 404, error(`${path} was not found.`))
    const spec = lists[match[1]]
    if (options.faults.failingTypes?.includes(spec.type))
      return send(
        req,
        res,
        500,
        error(`Lab fault: ${spec.plural} cannot be read right now (injected failure).`)
      )
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
        if (spec.type !== 'User' || directory.mailboxOf(i) !== 'none' || i >= options.cluster.users)
          matching.push(i)
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
  return { ...listening, url: `https://127.0.0.1:${listening.port}/vmrest/` }
}
