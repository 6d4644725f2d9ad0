// Small protocol-faithful counterparts used by connector tests: an AXL endpoint that answers
// getCCMVersion, a CUPI endpoint, and an LDAP directory. (The full simulated lab is src-main/lab.)
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import ldap from 'ldapjs'

export interface RunningServer {
  port: number
  close(): Promise<void>
}

export interface AxlServerOptions {
  key: string
  cert: string
  /** AXL schema versions this "cluster" accepts; others get HTTP 599 like CUCM. */
  acceptedVersions: string[]
  version: string
  /** Listen on this port (to replace a server in place); default: a free port. */
  port?: number
  username: string
  password: string
}

function checkBasic(header: string | undefined, username: string, password: string): boolean {
  return header === `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`
}

async function listen(server: https.Server, port = 0): Promise<number> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

function closer(server: https.Server): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
}

export async function startAxlServer(
  options: AxlServerOptions
): Promise<RunningServer & { requests: { soapAction: string; body: string }[] }> {
  const requests: { soapAction: string; body: string }[] = []
  const server = https.createServer({ key: options.key, cert: options.cert }, (req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const soapAction = String(req.headers.soapaction ?? '')
      requests.push({ soapAction, body })
      if (req.url !== '/axl/' || req.method !== 'POST') return res.writeHead(404).end()
      if (!checkBasic(req.headers.authorization, options.username, options.password)) {
        return res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="Cisco AXL"' }).end()
      }
      const version = /^"CUCM:DB ver=([\d.]+) (\w+)"$/.exec(soapAction)?.[1] ?? ''
      if (!options.acceptedVersions.includes(version)) {
        return res
          .writeHead(599, { 'Content-Type': 'text/html' })
          .end(`Incorrect axl version. Supported axl versions are ${options.acceptedVersions.join(', ')}`)
      }
      res.writeHead(200, {
        'Content-Type': 'text/xml; charset=utf-8',
        'Set-Cookie': 'JSESSIONIDSSO=ABC; Path=/; Secure; HttpOnly'
      })
      res.end(
        `<?xml version='1.0' encoding='UTF-8'?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>` +
          `<ns:getCCMVersionResponse xmlns:ns="http://www.cisco.com/AXL/API/${version}"><return><componentVersion><version>${options.version}</version></componentVersion></return></ns:getCCMVersionResponse>` +
          `</soapenv:Body></soapenv:Envelope>`
      )
    })
  })
  const port = await listen(server, options.port)
  return { port, requests, close: closer(server) }
}

export interface CupiServerOptions {
  key: string
  cert: string
  username: string
  password: string
  version: string
  users: number
}

export async function startCupiServer(options: CupiServerOptions): Promise<RunningServer> {
  const server = https.createServer({ key: options.key, cert: options.cert }, (req, res) => {
    if (!checkBasic(req.headers.authorization, options.username, options.password))
      return res.writeHead(401).end()
    const url = new URL(req.url ?? '/', 'https://x')
    res.setHeader('Content-Type', 'application/json')
    if (url.pathname === '/vmrest/version/product')
      return res.end(JSON.stringify({ ProductVersion: options.version }))
    if (url.pathname === '/vmrest/users') {
      return res.end(
        JSON.stringify({ '@total': String(options.users), User: { Alias: 'operator', ObjectId: 'a1' } })
      )
    }
    res.writeHead(404).end()
  })
  const port = await listen(server)
  return { port, close: closer(server) }
}

export interface LdapServerOptions {
  bindDn: string
  password: string
  /** Entries that exist (base-scope searches of other DNs get noSuchObject). */
  entries: string[]
}

// @types/ldapjs describes the server's handler arguments loosely; these are the parts used here.
interface LdapRequest {
  dn: { toString(): string }
  credentials?: string
}
interface LdapResponse {
  send(entry: { dn: string; attributes: Record<string, string[]> }): void
  end(): void
}
type Next = (error?: unknown) => void

export async function startLdapServer(options: LdapServerOptions): Promise<RunningServer> {
  const server = ldap.createServer()
  const canonical = (dn: string): string => ldap.parseDN(dn).format()
  const existing = new Set(options.entries.map(canonical))
  server.bind('', (req: LdapRequest, res: LdapResponse, next: Next) => {
    if (req.dn.toString() !== canonical(options.bindDn) || req.credentials !== options.password) {
      return next(new ldap.InvalidCredentialsError())
    }
    res.end()
    return next()
  })
  server.search('', (req: LdapRequest, res: LdapResponse, next: Next) => {
    const base = req.dn.toString()
    if (!existing.has(base)) return next(new ldap.NoSuchObjectError(base))
    res.send({ dn: base, attributes: { objectClass: ['top', 'organizationalUnit'] } })
    res.end()
    return next()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server as unknown as { address(): AddressInfo }).address().port
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) }
}
