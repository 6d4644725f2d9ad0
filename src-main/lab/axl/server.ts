import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import https from 'node:https'
import type { DeviceAction, LabCluster } from '../cluster'
import { listenOnLoopback } from '../listen'
import { AXL_MAX_RESPONSE_BYTES, serverTimeMs, type LabFaults, type LabTally } from '../faults'
import { ref, text, type Collection, type FieldValue, type LabObject } from '../model'
import { lineKey } from '../cluster/lines'
import { AxlFault } from './fault'
import { LabWrites } from './writes'
import { child, escapeXml, parseXml, type XmlElement } from './xml'

export interface AxlServerOptions {
  cluster: LabCluster
  /** AXL schema versions accepted (CUCM 15 accepts 15.0, 14.0, 12.5 and 12.0). */
  versions: string[]
  username: string
  password: string
  key: string
  cert: string
  faults: LabFaults
  /** Counts what the server is sent (shared by the lab's servers). */
  tally?: LabTally
  port?: number
  /** What getCCMVersion reports (default: the cluster's CUCM version). */
  version?: string
  /** Object types this endpoint serves (default: all); IM and Presence serves only its user settings. */
  types?: string[]
}

export interface RunningAxlServer {
  port: number
  url: string
  /** Requests received so far (tests check that a refused write sent none). */
  requests(): number
  close(): Promise<void>
}

/** Operations that change the cluster or act on its devices (the write throttle and faults cover them). */
const WRITE = /^(add|update|remove|apply|reset|restart|do)[A-Z]/
/** Actions on a device or line: what the lab counts of each. */
const ACTION = /^(apply|reset|restart)[A-Z]/

const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/'
const MEMORY_FAULT =
  'Maximum AXL Memory Allocation Consumed. Please retry once requests in progress have completed'
const CHANGE_PAGE = 10_000

/** AXL versions a CUCM release accepts (N-2 majors), per Cisco's version matrix. */
export function acceptedAxlVersions(release: string): string[] {
  const major = Number(release.split('.')[0])
  if (major >= 15) return ['15.0', '14.0', '12.5', '12.0']
  if (major === 14) return ['14.0', '12.5', '12.0', '11.5', '11.0']
  return ['12.5', '12.0', '11.5', '11.0', '10.5', '10.0']
}

/** What a request is answered with; a read (list, SQL query, listChange) with the rows it returns. */
interface Answer {
  status: number
  body: string
  headers?: Record<string, string>
  paged?: boolean
  rows?: number
  /** The AXL version the request asked for, and the request itself: a fault built later echoes them. */
  version?: string
  request?: string
  /** The server acted on the request, then the connection drops before the answer (faults.loseWriteAnswerIn). */
  dropConnection?: boolean
}

/** A read's result element and how many rows it holds (what the server-time model charges). */
interface Read {
  xml: string
  rows: number
}

function delay(ms: number | undefined): Promise<void> {
  return ms ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve()
}

/** The names of a `d.name IN ('a', 'b')` condition (quotes doubled inside), or undefined without one. */
function sqlNameFilter(sql: string): Set<string> | undefined {
  const list = /\bd\.name\s+IN\s*\(((?:\s*'(?:[^']|'')*'\s*,?)*)\)/i.exec(sql)
  if (!list) return undefined
  return new Set([...list[1].matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1].replace(/''/g, "'")))
}

/** SQL LIKE with %, case-insensitive, as AXL searchCriteria match. */
function likeMatcher(pattern: string): (value: string) => boolean {
  if (pattern === '%') return () => true
  const regex = new RegExp(
    `^${pattern
      .split('%')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i'
  )
  return (value) => regex.test(value)
}

function serializeField(name: string, value: FieldValue): string {
  if (typeof value === 'string') return `<${name}>${escapeXml(value)}</${name}>`
  if ('ref' in value) return `<${name} uuid="${value.uuid}">${escapeXml(value.ref)}</${name}>`
  const inner = Object.entries(value.children)
    .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
    .join('')
  return `<${name}>${inner}</${name}>`
}

function elementName(type: string): string {
  return type.charAt(0).toLowerCase() + type.slice(1)
}

/**
 * A simulated Unified CM AXL endpoint over HTTPS: Basic auth and JSESSIONIDSSO session reuse,
 * SOAPAction/namespace versioning with HTTP 599 for unsupported versions, list / get / add / update /
 * remove for every lab object type, apply/reset/restart and Extension Mobility login and logout,
 * getCCMVersion, listChange, a few executeSQLQuery statements, and
 * AXL-shaped faults (including the 8 MB "query too large" fault with its suggested row count).
 */
export async function startAxlServer(options: AxlServerOptions): Promise<RunningAxlServer> {
  const { cluster } = options
  const sessions = new Set<string>()
  let pagedResponses = 0
  /** A heavy read (faults.heavyReadBytes) being built or sent: the publisher builds one at a time. */
  let heavyReadInProgress = false
  let requests = 0
  /** When the writes of the last second were accepted (the write throttle's window). */
  let recentWrites: number[] = []
  const expectedAuth = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`

  const server = https.createServer(
    { key: options.key, cert: options.cert, keepAliveTimeout: 30_000 },
    (req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        void Promise.resolve()
          .then(() => handle(req, Buffer.concat(chunks).toString('utf8')))
          .then(async (answer) => {
            const { status, headers, paged, rows } = answer
            await delay(options.faults.latencyMs)
            const bytes = Buffer.from(answer.body, 'utf8')
            // A client that gave up (a read ahead cancelled) is answered no more: nor does it hold
            // the heavy read, whose release would never come.
            if (res.destroyed || !res.socket || res.socket.destroyed) return
            if (answer.dropConnection) {
              res.socket.destroy()
              return
            }
            const heavyAbove = options.faults.heavyReadBytes
            if (rows !== undefined && heavyAbove !== undefined && bytes.length > heavyAbove) {
              if (heavyReadInProgress) {
                const memory = fault(new AxlFault(-1, MEMORY_FAULT), answer.version ?? '', answer.request)
                sendAnswer(res, 500, Buffer.from(memory, 'utf8'), headers, false)
                return
              }
              heavyReadInProgress = true
              res.once('close', () => (heavyReadInProgress = false))
            }
            await delay(serverTimeMs(options.faults, rows ?? 0))
            if (paged) await delay(options.faults.slowPageMs)
            sendAnswer(res, status, bytes, headers, paged)
          })
          .catch((error: unknown) => {
            res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(error))
          })
      })
    }
  )

  function sendAnswer(
    res: ServerResponse,
    status: number,
    bytes: Buffer,
    headers: Record<string, string> | undefined,
    paged: boolean | undefined
  ): void {
    res.writeHead(status, {
      'Content-Type': status === 599 ? 'text/html' : 'text/xml; charset=utf-8',
      'Content-Length': bytes.length,
      ...headers
    })
    const dropEvery = options.faults.dropEveryNth
    if (paged && dropEvery && ++pagedResponses % dropEvery === 0) {
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)))
      res.destroy()
      return
    }
    res.end(bytes)
  }

  function handle(req: IncomingMessage, body: string): Answer {
    if (req.method !== 'POST' || req.url !== '/axl/') return { status: 404, body: '' }
    requests += 1
    if (options.tally) options.tally.requests += 1
    if (options.faults.serviceUnavailable && options.faults.serviceUnavailable > 0) {
      options.faults.serviceUnavailable -= 1
      return { status: 503, body: '' }
    }
    const headers: Record<string, string> = {}
    const cookie = /JSESSIONIDSSO=([A-Za-z0-9]+)/.exec(req.headers.cookie ?? '')?.[1]
    if (!(cookie && sessions.has(cookie))) {
      if (req.headers.authorization !== expectedAuth)
        return { status: 401, body: '', headers: { 'WWW-Authenticate': 'Basic realm="Cisco AXL"' } }
      const session = randomBytes(16).toString('hex').toUpperCase()
      sessions.add(session)
      headers['Set-Cookie'] = `JSESSIONIDSSO=${session}; Path=/; Secure; HttpOnly`
    }
    const action = /^"?CUCM:DB ver=([\d.]+) (\w+)"?$/.exec(String(req.headers.soapaction ?? ''))
    const version = action?.[1] ?? '1.0'
    if (!options.versions.includes(version)) {
      return {
        status: 599,
        body: `<html><body>Incorrect axl version. Supported axl versions are ${options.versions.join(', ')}</body></html>`,
        headers
      }
    }
    let operation: XmlElement
    try {
      const envelope = parseXml(body)
      const soapBody = envelope.name === 'Envelope' ? child(envelope, 'Body') : undefined
      const first = soapBody?.children[0]
      if (!first) throw new AxlFault(-1, 'The request has no SOAP Body operation.')
      operation = first
    } catch (error) {
      return {
        status: 500,
        body: fault(
          error instanceof AxlFault ? error : new AxlFault(-1, `Malformed request: ${String(error)}`),
          version
        ),
        headers
      }
    }
    if (operation.uri !== `http://www.cisco.com/AXL/API/${version}`) {
      return {
        status: 500,
        body: fault(
          new AxlFault(
            -1,
            `The namespace ${operation.uri} does not match the SOAPAction version ${version}.`
          ),
          version
        ),
        headers
      }
    }
    if (action && action[2] !== operation.name) {
      return {
        status: 500,
        body: fault(
          new AxlFault(-1, `SOAPAction names ${action[2]} but the body holds ${operation.name}.`),
          version
        ),
        headers
      }
    }
    let dropConnection = false
    if (WRITE.test(operation.name)) {
      const refused = refuseWrite(operation.name, version)
      if (options.tally) {
        options.tally.writes += 1
        if (refused?.status === 503) options.tally.throttledWrites += 1
      }
      // A refused account gets no session: the 401 says the credentials may not do this.
      if (refused?.status === 401) return refused
      if (refused) return { ...refused, headers }
      const { faults } = options
      if (faults.loseWriteAnswerIn !== undefined && --faults.loseWriteAnswerIn <= 0) {
        delete faults.loseWriteAnswerIn
        dropConnection = true
      }
    }
    try {
      const answered = options.faults.wrongResponse ? { ...operation, name: 'getCCMVersion' } : operation
      const { xml, paged, rows } = run(answered)
      return {
        dropConnection,
        status: 200,
        body: envelope(
          `<ns:${answered.name}Response xmlns:ns="http://www.cisco.com/AXL/API/${version}">${xml}</ns:${answered.name}Response>`
        ),
        headers,
        paged,
        rows,
        version,
        request: body
      }
    } catch (error) {
      const f = error instanceof AxlFault ? error : new AxlFault(-1, String(error))
      return { status: f.httpStatus, body: fault(f, version, operation.name), headers, dropConnection }
    }
  }

  /** A read-only account's 401, the write throttle's 503, or the injected failure of the Nth write. */
  function refuseWrite(
    operation: string,
    version: string
  ): { status: number; body: string; headers?: Record<string, string> } | undefined {
    const { faults } = options
    if (faults.readOnlyAccount)
      return { status: 401, body: '', headers: { 'WWW-Authenticate': 'Basic realm="Cisco AXL"' } }
    if (faults.writesPerSecond !== undefined) {
      const now = performance.now()
      recentWrites = recentWrites.filter((at) => now - at < 1000)
      // Unified CM's 503 carries no body and no Retry-After (notes §2): the client backs off on its own.
      if (recentWrites.length >= faults.writesPerSecond) return { status: 503, body: '' }
      recentWrites.push(now)
    }
    if (faults.failWriteIn !== undefined && --faults.failWriteIn <= 0) {
      delete faults.failWriteIn
      return {
        status: 500,
        body: fault(
          new AxlFault(-1, `Lab fault: ${operation} failed (injected); nothing was changed.`),
          version,
          operation
        )
      }
    }
    return undefined
  }

  function envelope(inner: string): string {
    return `<?xml version='1.0' encoding='UTF-8'?><soapenv:Envelope xmlns:soapenv="${SOAP_ENV}"><soapenv:Body>${inner}</soapenv:Body></soapenv:Envelope>`
  }

  /** A SOAP fault as Unified CM sends it; `request` is the operation's name (notes §2). */
  function fault(error: AxlFault, version: string, request?: string): string {
    return envelope(
      `<soapenv:Fault><faultcode>soapenv:${error.faultcode}</faultcode><faultstring>${escapeXml(error.message)}</faultstring><detail>` +
        `<axl:axlError xmlns:axl="http://www.cisco.com/AXL/API/${version}"><axlcode>${error.axlcode}</axlcode><axlmessage>${escapeXml(error.message)}</axlmessage>` +
        `<request>${escapeXml(request ?? '')}</request></axl:axlError></detail></soapenv:Fault>`
    )
  }

  function collectionFor(operation: string, verb: string): Collection {
    const type = operation.slice(verb.length)
    const served = !options.types || options.types.some((t) => t.toLowerCase() === type.toLowerCase())
    const collection = served ? cluster.collection(type) : undefined
    if (!collection) throw new AxlFault(-1, `Operation ${operation} is not supported by this lab server.`)
    return collection
  }

  function serialize(collection: Collection, object: LabObject, fields: string[] | undefined): string {
    const element = elementName(collection.type)
    const names = fields ?? Object.keys(object.fields)
    let inner = ''
    for (const name of Object.keys(object.fields))
      if (names.includes(name)) inner += serializeField(name, object.fields[name])
    if (options.faults.unexpectedElementTypes?.includes(collection.type))
      inner += '<labOnlyAttribute>from a newer release</labOnlyAttribute>'
    return `<${element} uuid="${object.uuid}">${inner}</${element}>`
  }

  function run(op: XmlElement): { xml: string; paged?: boolean; rows?: number } {
    if (op.name === 'getCCMVersion') {
      return {
        xml: `<return><componentVersion><version>${escapeXml(options.version ?? cluster.version)}</version></componentVersion></return>`
      }
    }
    if (op.name === 'listChange') return { ...listChange(op), paged: true }
    if (op.name === 'executeSQLQuery') return { ...executeSql(child(op, 'sql')?.text ?? ''), paged: true }
    if (op.name.startsWith('list')) return { ...list(op), paged: true }
    if (op.name.startsWith('get')) return { xml: get(op) }
    const action = ACTION.exec(op.name)?.[1] as DeviceAction | undefined
    if (action) return { xml: `<return>${writes.act(collectionFor(op.name, action), op, action)}</return>` }
    if (op.name === 'doDeviceLogin' || op.name === 'doDeviceLogout') {
      const phones = collectionFor('getPhone', 'get')
      const done = op.name === 'doDeviceLogin' ? writes.login(op, phones) : writes.logout(op, phones)
      return { xml: `<return>${done}</return>` }
    }
    if (op.name.startsWith('add'))
      return { xml: `<return>${writes.add(collectionFor(op.name, 'add'), op)}</return>` }
    if (op.name.startsWith('update'))
      return { xml: `<return>${writes.update(collectionFor(op.name, 'update'), op)}</return>` }
    if (op.name.startsWith('remove'))
      return { xml: `<return>${writes.remove(collectionFor(op.name, 'remove'), op)}</return>` }
    throw new AxlFault(-1, `Operation ${op.name} is not supported by this lab server.`)
  }

  function list(op: XmlElement): Read {
    const collection = collectionFor(op.name, 'list')
    if (options.faults.failingTypes?.includes(collection.type)) {
      throw new AxlFault(-1, `Lab fault: ${collection.type} cannot be read right now (injected failure).`)
    }
    const criteria = child(op, 'searchCriteria')
    const returned = child(op, 'returnedTags')
    if (!criteria || criteria.children.length === 0) {
      throw new AxlFault(5003, 'searchCriteria must hold at least one search field.')
    }
    if (!returned) throw new AxlFault(5003, 'returnedTags is required.')
    for (const c of criteria.children) {
      if (!collection.searchFields.includes(c.name))
        throw new AxlFault(5003, `${c.name} is not a search field of ${collection.type}.`)
    }
    if (answersEmpty(collection.type)) return { xml: '<return/>', rows: 0 }
    const fields = returned.children.length === 0 ? undefined : returned.children.map((c) => c.name)
    const skip = Number(child(op, 'skip')?.text ?? 0)
    const firstText = child(op, 'first')?.text
    const first = firstText === undefined ? Infinity : Number(firstText)
    const filters = criteria.children.map((c) => ({
      field: c.name,
      match: likeMatcher(c.text.trim() === '' ? '%' : c.text.trim())
    }))
    const matchAll = filters.every((f) => f.match(''))
    const accepts = (o: LabObject): boolean => filters.every((f) => f.match(text(o.fields[f.field])))

    // With only "%" criteria, counting and skipping never build objects: only the page is generated.
    const size = collection.size()
    const matches = (i: number): LabObject | undefined => {
      if (!collection.has(i)) return undefined
      const o = collection.at(i)
      return o && (matchAll || accepts(o)) ? o : undefined
    }
    let total = 0
    for (let i = 0; i < size; i++) if (matchAll ? collection.has(i) : matches(i)) total++
    const rows: string[] = []
    let seen = 0
    for (let i = 0; i < size && rows.length < first; i++) {
      if (matchAll ? !collection.has(i) : !matches(i)) continue
      if (seen++ < skip) continue
      const o = collection.at(i)
      if (o) rows.push(serialize(collection, o, fields))
    }
    const limit = options.faults.maxResponseBytes ?? AXL_MAX_RESPONSE_BYTES
    const rowBytes = rows.length > 0 ? Math.ceil(rows.reduce((n, r) => n + r.length, 0) / rows.length) : 0
    const returning = Math.max(0, Math.min(first, total - skip))
    if (rowBytes > 0 && returning * rowBytes > limit) {
      throw new AxlFault(
        -1,
        `Query request too large. Total rows matched: ${total} rows. Suggestive Row Fetch: less than ${Math.max(1, Math.floor(limit / rowBytes))} rows`
      )
    }
    return { xml: `<return>${rows.join('')}</return>`, rows: rows.length }
  }

  /**
   * Index by uuid per collection, extended over objects appended since the last lookup: an object
   * keeps its uuid for life (updates keep it, removal empties its slot), so entries never go stale.
   * A get by uuid is then one lookup, as on a real CUCM, instead of a scan that generates every object.
   */
  const uuidIndexes = new Map<Collection, { scanned: number; byUuid: Map<string, number> }>()
  const bareUuid = (uuid: string): string => uuid.replace(/[{}]/g, '').toUpperCase()

  function indexOfUuid(collection: Collection, uuid: string): number | undefined {
    let entry = uuidIndexes.get(collection)
    if (!entry) uuidIndexes.set(collection, (entry = { scanned: 0, byUuid: new Map() }))
    for (; entry.scanned < collection.size(); entry.scanned++) {
      const object = collection.at(entry.scanned)
      if (object) entry.byUuid.set(bareUuid(object.uuid), entry.scanned)
    }
    const index = entry.byUuid.get(bareUuid(uuid))
    return index !== undefined && collection.has(index) ? index : undefined
  }

  function find(collection: Collection, op: XmlElement): { index: number; object: LabObject } {
    const uuid = child(op, 'uuid')?.text
    const key = child(op, collection.keyField)?.text ?? child(op, 'name')?.text
    let index: number | undefined
    if (uuid) {
      index = indexOfUuid(collection, uuid)
    } else if (key && collection.type === 'Line') {
      // A line is its pattern and partition; without routePartitionName, the <None> partition.
      index = collection.indexOf(lineKey(key, child(op, 'routePartitionName')?.text ?? ''))
    } else if (key) {
      index = collection.indexOf(key)
    }
    const object = index === undefined ? undefined : collection.at(index)
    if (index === undefined || !object) {
      // For a phone the server names the phone (notes §2), for other types the type.
      const noun = collection.type === 'Phone' && key ? key : collection.type
      throw new AxlFault(5007, `Item not valid: The specified ${noun} was not found`)
    }
    return { index, object }
  }

  const writes = new LabWrites(cluster, find)

  function get(op: XmlElement): string {
    const collection = collectionFor(op.name, 'get')
    const { index, object } = find(collection, op)
    const returned = child(op, 'returnedTags')?.children.map((c) => c.name)
    let xml = serialize(collection, object, returned?.length ? returned : undefined)
    // Only when asked for (or for the whole user): the change-notification sync reads users without them.
    const asked = (tag: string): boolean => !returned?.length || returned.includes(tag)
    if (collection.type === 'User' && asked('associatedDevices')) {
      const devices = cluster.associatedDevices(index).map((d) => `<device>${escapeXml(d)}</device>`)
      xml = xml.replace(/<\/user>$/, `<associatedDevices>${devices.join('')}</associatedDevices></user>`)
    }
    if (collection.type === 'User' && asked('phoneProfiles')) {
      const profiles = cluster
        .phoneProfiles(index)
        .map((p) => serializeField('profileName', ref(p, cluster.uuid('DeviceProfile', p))))
      xml = xml.replace(/<\/user>$/, `<phoneProfiles>${profiles.join('')}</phoneProfiles></user>`)
    }
    if (
      collection.type === 'Phone' ||
      collection.type === 'DeviceProfile' ||
      collection.type === 'RemoteDestinationProfile'
    ) {
      const lines = cluster
        .appearances(collection.type, index)
        .map((a) => {
          const line = cluster.collection('Line')?.at(a.lineIndex)
          if (!line) return ''
          const texts =
            (a.label ? `<label>${escapeXml(a.label)}</label>` : '') +
            (a.display ? `<display>${escapeXml(a.display)}</display>` : '')
          return `<line><index>${a.position}</index>${texts}<dirn uuid="${line.uuid}"><pattern>${escapeXml(text(line.fields.pattern))}</pattern>${serializeField('routePartitionName', line.fields.routePartitionName)}</dirn></line>`
        })
        .join('')
      const services =
        collection.type === 'DeviceProfile'
          ? `<services>${cluster
              .profileServices(index)
              .map(
                (s) =>
                  `<service><telecasterServiceName uuid="${cluster.uuid('TelecasterService', s.service)}">${escapeXml(s.service)}</telecasterServiceName><name>${escapeXml(s.service)}</name><url>${escapeXml(s.url)}</url></service>`
              )
              .join('')}</services>`
          : ''
      xml = xml.replace(/<\/(\w+)>$/, `<lines>${lines}</lines>${services}</$1>`)
    }
    return `<return>${xml}</return>`
  }

  function listChange(op: XmlElement): Read {
    const queue = cluster.changes
    const start = child(op, 'startChangeId')
    const wanted = child(op, 'objectList')?.children.map((c) => c.text.trim().toLowerCase())
    let entries: ReturnType<typeof queue.since> = []
    if (start) {
      if (start.attributes.queueId !== queue.queueId) {
        throw new AxlFault(
          5007,
          'The queueId value does not match the server. This indicates that it is either incorrect or the server restarted and a full sync is needed.'
        )
      }
      entries = queue.since(Number(start.text), CHANGE_PAGE)
      if (!entries)
        throw new AxlFault(
          5007,
          'The requested startChangeId is no longer in the change queue. A full sync is needed.'
        )
    }
    const next =
      entries.length > 0
        ? entries[entries.length - 1].id + 1
        : start
          ? Number(start.text)
          : queue.lastChangeId + 1
    const listed = entries.filter((e) => !wanted || wanted.includes(e.type.toLowerCase()))
    const changes = listed
      .map((e) => {
        const tags = Object.entries(e.changedTags)
          .map(([name, value]) => `<changedTag name="${escapeXml(name)}">${escapeXml(value)}</changedTag>`)
          .join('')
        return `<change type="${e.type}" uuid="${e.uuid}"><id>${e.id}</id><action>${e.action}</action><doGet>${e.action === 'a' ? 'true' : 'false'}</doGet><changedTags>${tags}</changedTags></change>`
      })
      .join('')
    return {
      xml:
        `<queueInfo><firstChangeId>${queue.firstChangeId}</firstChangeId><lastChangeId>${queue.lastChangeId}</lastChangeId>` +
        `<nextStartChangeId>${next}</nextStartChangeId><queueId>${queue.queueId}</queueId></queueInfo><changes>${changes}</changes>`,
      rows: listed.length
    }
  }

  function* lineAppearanceRows(): Generator<Record<string, string>> {
    const devices: [Collection | undefined, 'Phone' | 'DeviceProfile' | 'RemoteDestinationProfile'][] = [
      [cluster.collection('Phone'), 'Phone'],
      [cluster.collection('DeviceProfile'), 'DeviceProfile'],
      [cluster.collection('RemoteDestinationProfile'), 'RemoteDestinationProfile']
    ]
    const lines = cluster.collection('Line')
    for (const [collection, type] of devices) {
      for (let d = 0; collection && d < collection.size(); d++) {
        const device = collection.at(d)
        if (!device) continue
        for (const a of cluster.appearances(type, d)) {
          const line = lines?.at(a.lineIndex)
          if (!line) continue
          yield {
            device: text(device.fields.name),
            pattern: text(line.fields.pattern),
            partition: text(line.fields.routePartitionName),
            position: String(a.position)
          }
        }
      }
    }
  }

  /** Device profiles in collection order, their services by name; `names` narrows to some. */
  function* profileServiceRows(names: Set<string> | undefined): Generator<Record<string, string>> {
    const profiles = cluster.collection('DeviceProfile')
    for (let p = 0; profiles && p < profiles.size(); p++) {
      const device = text(profiles.at(p)?.fields.name)
      if (!device || (names && !names.has(device))) continue
      for (const s of cluster.profileServices(p)) yield { device, service: s.service, url: s.url }
    }
  }

  /** The rows of an executeSQLQuery statement the lab knows, in ORDER BY order, built as consumed. */
  function sqlRows(sql: string): Iterator<Record<string, string>> {
    if (/\bdevicenumplanmap\b/i.test(sql)) return lineAppearanceRows()
    if (/\benduserdevicemap\b/i.test(sql)) return cluster.userDevices()
    if (/\btelecastersubscribedservice\b/i.test(sql)) return profileServiceRows(sqlNameFilter(sql))
    throw new AxlFault(
      -1,
      'This lab server answers executeSQLQuery only for line appearances (devicenumplanmap), user-device associations (enduserdevicemap) and device profile service subscriptions (telecastersubscribedservice).'
    )
  }

  /**
   * Statements being paged through, by where their next page starts, so `SKIP n` resumes where the
   * previous page stopped (as a database cursor would) instead of rebuilding every row before it.
   * A cursor is only reused while the cluster is unchanged since it was opened.
   */
  const sqlCursors = new Map<string, { changeId: number; rows: Iterator<Record<string, string>> }>()

  function answersEmpty(type: string): boolean {
    const empty = options.faults.emptyTypes
    return empty !== undefined && (empty.includes('all') || empty.includes(type))
  }

  function executeSql(sql: string): Read {
    if (answersEmpty('all')) return { xml: '<return/>', rows: 0 }
    const paging = /\bSKIP\s+(\d+)\s+FIRST\s+(\d+)\b/i.exec(sql) ?? /\bFIRST\s+(\d+)\b/i.exec(sql)
    const skip = paging && paging.length === 3 ? Number(paging[1]) : 0
    const first = paging ? Number(paging[paging.length - 1]) : Infinity
    const statement = paging ? sql.replace(paging[0], '') : sql
    const changeId = cluster.changes.lastChangeId
    const cursorKey = (start: number): string => `${start}\u0000${statement}`
    const open = sqlCursors.get(cursorKey(skip))
    sqlCursors.delete(cursorKey(skip))
    let rows: Iterator<Record<string, string>>
    if (open && open.changeId === changeId) rows = open.rows
    else {
      rows = sqlRows(statement)
      let skipped = 0
      while (skipped < skip && !rows.next().done) skipped++
    }
    const xml: string[] = []
    while (xml.length < first) {
      const next = rows.next()
      if (next.done) break
      xml.push(
        `<row>${Object.entries(next.value)
          .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
          .join('')}</row>`
      )
    }
    const limit = options.faults.maxResponseBytes ?? AXL_MAX_RESPONSE_BYTES
    const bytes = xml.reduce((n, row) => n + row.length, 0)
    if (bytes > limit) {
      const rowBytes = Math.ceil(bytes / xml.length)
      throw new AxlFault(
        -1,
        `Query request too large. Total rows matched: ${skip + xml.length} rows. Suggestive Row Fetch: less than ${Math.max(1, Math.floor(limit / rowBytes))} rows`
      )
    }
    if (xml.length === first) {
      // Few clients page at once; the oldest cursors go first.
      if (sqlCursors.size >= 8) sqlCursors.delete(sqlCursors.keys().next().value as string)
      sqlCursors.set(cursorKey(skip + first), { changeId, rows })
    }
    return { xml: `<return>${xml.join('')}</return>`, rows: xml.length }
  }

  const listening = await listenOnLoopback(server, options.port)
  return { ...listening, url: `https://127.0.0.1:${listening.port}/axl/`, requests: () => requests }
}
