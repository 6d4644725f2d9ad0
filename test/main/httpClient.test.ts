// The device HTTP client (undici) against real TLS servers on 127.0.0.1: the pin checked on every
// connection (a resumable session does not skip it), keep-alive within the connection limit,
// cancellation in the middle of a response, caps and timeouts ending hostile servers, and a CONNECT
// proxy taken from HTTPS_PROXY or the app's setting, bypassed for hosts NO_PROXY names.
import { randomBytes, X509Certificate } from 'node:crypto'
import type http from 'node:http'
import https from 'node:https'
import type net from 'node:net'
import { createServer, type AddressInfo } from 'node:net'
import tls from 'node:tls'
import { generate } from 'selfsigned'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { deadline } from '../../src-main/connectors/common/deadline'
import {
  bypassesProxy,
  HttpClient,
  MAX_HEADER_BYTES,
  MAX_INTERIM_RESPONSES,
  proxiedConnection,
  proxyFor,
  type HttpClientOptions,
  type HttpEndpoint
} from '../../src-main/connectors/common/httpClient'
import {
  fetchPresentedCertificate,
  formatFingerprint,
  isUntrustedCertificateError,
  type Pin
} from '../../src-main/connectors/common/tls'
import { startConnectProxy, type TestProxy } from './helpers/connectProxy'

interface Issued {
  key: string
  cert: string
  fingerprint: string
}

/** A private CA and two certificates it issued: the device's, and the one it is replaced with. */
let root: { key: string; cert: string }
let deviceCert: Issued
let renewedCert: Issued
let pin: Pin

async function issue(commonName: string): Promise<Issued> {
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ca: root,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'subjectAltName', altNames: [{ type: 2, value: commonName }] }
    ]
  })
  return {
    key: pems.private,
    cert: pems.cert,
    fingerprint: formatFingerprint(new X509Certificate(pems.cert).fingerprint256)
  }
}

beforeAll(async () => {
  const ca = await generate([{ name: 'commonName', value: 'Switchboard test CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }
    ]
  })
  root = { key: ca.private, cert: ca.cert }
  deviceCert = await issue('cucm-pub.example.test')
  renewedCert = await issue('cucm-pub.example.test')
  pin = { fingerprint: deviceCert.fingerprint, anchorPem: root.cert }
})

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy']
const savedEnvironment: Record<string, string | undefined> = {}
const cleanups: (() => Promise<void> | void)[] = []

beforeEach(() => {
  for (const name of PROXY_VARIABLES) {
    savedEnvironment[name] = process.env[name]
    delete process.env[name]
  }
})

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  for (const name of PROXY_VARIABLES) {
    if (savedEnvironment[name] === undefined) delete process.env[name]
    else process.env[name] = savedEnvironment[name]
  }
})

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

function closeAfterTest(server: net.Server, sockets: Set<net.Socket>): void {
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  )
}

interface DeviceServer {
  port: number
  server: https.Server
  /** Paths requested, in order. */
  paths: string[]
  /** Per TLS connection, whether it resumed an earlier session. */
  resumed: boolean[]
}

/** node:https on 127.0.0.1 with the device certificate and fixed session ticket keys. */
async function deviceServer(
  handler: http.RequestListener,
  ticketKeys = randomBytes(48)
): Promise<DeviceServer> {
  const paths: string[] = []
  const resumed: boolean[] = []
  const server = https.createServer(
    { key: deviceCert.key, cert: deviceCert.cert, ticketKeys },
    (req, res) => {
      paths.push(req.url ?? '')
      handler(req, res)
    }
  )
  server.on('secureConnection', (socket: tls.TLSSocket) => resumed.push(socket.isSessionReused()))
  closeAfterTest(server, new Set())
  return { port: await listen(server), server, paths, resumed }
}

/** A bare TLS server writing whatever `respond` writes once a request head has arrived. */
async function rawServer(
  respond: (socket: tls.TLSSocket) => void
): Promise<{ port: number; closed: Promise<void> }> {
  let socketClosed: () => void = () => undefined
  const closed = new Promise<void>((resolve) => (socketClosed = resolve))
  const server = tls.createServer({ key: deviceCert.key, cert: deviceCert.cert }, (socket) => {
    socket.on('error', () => undefined)
    socket.on('close', socketClosed)
    let head = ''
    socket.on('data', (data: Buffer) => {
      const complete = head.includes('\r\n\r\n')
      head += data.toString('latin1')
      if (!complete && head.includes('\r\n\r\n')) respond(socket)
    })
  })
  closeAfterTest(server, new Set())
  return { port: await listen(server), closed }
}

/** Writes `next()` as fast as the socket drains until it closes. */
function endless(socket: tls.TLSSocket, first: string, next: () => string): void {
  socket.write(first)
  const pump = (): void => {
    while (!socket.destroyed && socket.write(next()));
    if (!socket.destroyed) socket.once('drain', pump)
  }
  pump()
}

function client(
  endpoint: Partial<HttpEndpoint> & { port: number },
  options: Partial<HttpClientOptions> = {}
): HttpClient {
  const http = new HttpClient(
    { host: '127.0.0.1', pin, ...endpoint },
    { connections: 2, timeoutMs: 5_000, ...options }
  )
  cleanups.push(() => http.close())
  return http
}

async function get(
  http: HttpClient,
  path = '/',
  signal?: AbortSignal
): Promise<{ status: number; body: string }> {
  const chunks: Buffer[] = []
  const head = await http.request({ method: 'GET', path, headers: {}, signal, onBody: (c) => chunks.push(c) })
  return { status: head.status, body: Buffer.concat(chunks).toString('utf8') }
}

async function failure(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise
  } catch (error) {
    return error as Error & { code?: string }
  }
  throw new Error('expected the request to fail')
}

describe('HttpClient certificate pinning', () => {
  it('accepts the pinned certificate, whatever the fingerprint notation', async () => {
    const device = await deviceServer((_req, res) => res.end('pinned'))
    const bare = pin.fingerprint.replace(/:/g, '').toLowerCase()
    expect(await get(client({ port: device.port, pin: { ...pin, fingerprint: bare } }))).toEqual({
      status: 200,
      body: 'pinned'
    })
  })

  it('refuses another certificate of the same CA with ERR_CERT_PIN_MISMATCH, before any request', async () => {
    const device = await deviceServer((_req, res) => res.end('secret'))
    const error = await failure(
      get(client({ port: device.port, pin: { ...pin, fingerprint: renewedCert.fingerprint } }))
    )
    expect(error.code).toBe('ERR_CERT_PIN_MISMATCH')
    expect(error.message).toBe(
      `The certificate changed: the server presented ${deviceCert.fingerprint}, but ${renewedCert.fingerprint} is trusted.`
    )
    expect(device.paths).toEqual([])
  })

  it('refuses a certificate no CA vouches for when nothing is pinned', async () => {
    const device = await deviceServer((_req, res) => res.end('secret'))
    const error = await failure(get(client({ port: device.port, pin: undefined })))
    expect(isUntrustedCertificateError(error)).toBe(true)
    expect(device.paths).toEqual([])
  })

  it('checks the pin again on a later connection: a resumable session does not skip it', async () => {
    const ticketKeys = randomBytes(48)
    // Each answer closes its connection, so the next request needs a new one.
    const device = await deviceServer(
      (_req, res) => res.setHeader('Connection', 'close').end('first'),
      ticketKeys
    )
    const http = client({ port: device.port })
    expect((await get(http, '/one')).body).toBe('first')
    // The server now presents another certificate, but could still resume the first session (same
    // ticket keys): a resumed session would not show it, and Node would skip the identity check.
    device.server.setSecureContext({ key: renewedCert.key, cert: renewedCert.cert, ticketKeys })
    const error = await failure(get(http, '/two'))
    expect(error.code).toBe('ERR_CERT_PIN_MISMATCH')
    expect(error.message).toContain(`presented ${renewedCert.fingerprint}`)
    // The certificate was read on a full handshake; the refused one never completed on the server.
    expect(device.paths).toEqual(['/one'])
    expect(device.resumed).toEqual([false])
  })
})

describe('HttpClient connections', () => {
  it('reuses one keep-alive connection for sequential requests', async () => {
    const device = await deviceServer((req, res) => res.end(req.url))
    const http = client({ port: device.port }, { connections: 1 })
    for (const path of ['/a', '/b', '/c']) expect((await get(http, path)).body).toBe(path)
    expect(device.resumed).toHaveLength(1)
  })

  it('opens at most `connections` connections, queueing the other requests', async () => {
    const waiting: http.ServerResponse[] = []
    let twoArrived: () => void = () => undefined
    const arrived = new Promise<void>((resolve) => (twoArrived = resolve))
    const device = await deviceServer((_req, res) => {
      waiting.push(res)
      if (waiting.length === 2) twoArrived()
    })
    const http = client({ port: device.port }, { connections: 2 })
    const responses = ['/1', '/2', '/3', '/4'].map((path) => get(http, path))
    await arrived
    // Answering one frees its connection for a queued request, until all four are done.
    const answerAll = (): void => {
      for (const res of waiting.splice(0)) res.end('done')
    }
    device.server.on('request', () => setImmediate(answerAll))
    answerAll()
    expect((await Promise.all(responses)).map((r) => r.body)).toEqual(['done', 'done', 'done', 'done'])
    expect(device.resumed).toHaveLength(2)
  })
})

describe('HttpClient cancellation, caps and timeouts', () => {
  it('stops a request at once when the signal aborts while the TLS handshake never finishes', async () => {
    // Accepts TCP, never answers: undici alone would hold the request until its connect timeout.
    const sockets: net.Socket[] = []
    const silent = createServer((socket) => sockets.push(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    cleanups.push(async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => silent.close(resolve))
    })
    const http = client({ port: (silent.address() as AddressInfo).port }, { timeoutMs: 600_000 })
    const controller = new AbortController()
    const stop = new Error('The stuck-run monitor stopped the synchronization.')
    const pending = failure(get(http, '/', controller.signal))
    await new Promise<void>((resolve) => silent.once('connection', () => resolve()))
    controller.abort(stop)
    expect(await pending).toBe(stop)
  })

  it('stops a response in the middle of its body when the signal aborts, and serves the next request', async () => {
    const device = await deviceServer((req, res) => {
      if (req.url === '/next') return void res.end('next')
      res.writeHead(200, { 'Content-Length': '1000000' })
      res.write('x'.repeat(1000))
    })
    const http = client({ port: device.port })
    const controller = new AbortController()
    const stop = new Error('The operator cancelled the synchronization.')
    let received = 0
    const error = await failure(
      http.request({
        method: 'GET',
        path: '/slow',
        headers: {},
        signal: controller.signal,
        onBody: (chunk) => {
          received += chunk.length
          controller.abort(stop)
        }
      })
    )
    expect(error).toBe(stop)
    expect(received).toBeGreaterThan(0)
    expect((await get(http, '/next')).body).toBe('next')
    expect(device.resumed).toHaveLength(2)
  })

  it('fails at once, without connecting, when the signal has already aborted', async () => {
    const device = await deviceServer((_req, res) => res.end('never'))
    const error = await failure(get(client({ port: device.port }), '/', AbortSignal.abort(new Error('gone'))))
    expect(error.message).toBe('gone')
    expect(device.resumed).toEqual([])
  })

  it("ends an endless body at the caller's size cap and closes the connection", async () => {
    const device = await rawServer((socket) =>
      endless(
        socket,
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n',
        () => `4000\r\n${'y'.repeat(0x4000)}\r\n`
      )
    )
    const cap = new Error('over the cap')
    let received = 0
    const error = await failure(
      client({ port: device.port }).request({
        method: 'GET',
        path: '/',
        headers: {},
        onBody: (chunk) => {
          received += chunk.length
          if (received > 1024 * 1024) throw cap
        }
      })
    )
    expect(error).toBe(cap)
    await device.closed
  })

  it(`refuses a header section over ${MAX_HEADER_BYTES} bytes`, async () => {
    const device = await rawServer((socket) =>
      endless(socket, 'HTTP/1.1 200 OK\r\n', () => 'X-More: aaaaaaaa\r\n')
    )
    const error = await failure(get(client({ port: device.port })))
    expect(error).toMatchObject({ code: 'ERR_HTTP_RESPONSE' })
    expect(error.message).toBe(`The response's header section is over ${MAX_HEADER_BYTES} bytes.`)
    await device.closed
  })

  it(`refuses more than ${MAX_INTERIM_RESPONSES} interim responses, and takes fewer`, async () => {
    const hints = (count: number): string =>
      'HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n'.repeat(count)
    const few = await rawServer((socket) =>
      socket.write(`${hints(MAX_INTERIM_RESPONSES)}HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal`)
    )
    expect((await get(client({ port: few.port }))).body).toBe('final')
    const many = await rawServer((socket) => endless(socket, '', () => hints(8)))
    const error = await failure(get(client({ port: many.port })))
    expect(error).toMatchObject({ code: 'ERR_HTTP_RESPONSE' })
    expect(error.message).toMatch(/more than 10 interim \(1xx\) responses/)
  })

  it('refuses bytes that are not HTTP as ERR_HTTP_RESPONSE', async () => {
    const device = await rawServer((socket) => socket.write('\x00\xff garbage\r\n\r\n'))
    expect(await failure(get(client({ port: device.port })))).toMatchObject({ code: 'ERR_HTTP_RESPONSE' })
  })

  it('fails with ETIMEDOUT when the server stays silent, or goes silent in the middle of a body', async () => {
    const silent = await rawServer(() => undefined)
    const error = await failure(get(client({ port: silent.port }, { timeoutMs: 200 })))
    expect(error).toMatchObject({ code: 'ETIMEDOUT', message: 'No response within 200 ms.' })
    const stalled = await rawServer((socket) =>
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc')
    )
    expect(await failure(get(client({ port: stalled.port }, { timeoutMs: 200 })))).toMatchObject({
      code: 'ETIMEDOUT'
    })
  })

  it('ends at the overall deadline a server that sends a byte just before every idle timeout', async () => {
    const device = await rawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n')
      const timer = setInterval(() => socket.write('.'), 20)
      socket.on('close', () => clearInterval(timer))
    })
    const overall = deadline(300)
    try {
      const error = await failure(get(client({ port: device.port }, { timeoutMs: 100 }), '/', overall.signal))
      expect(overall.expired()).toBe(true)
      expect(error).toMatchObject({ code: 'ETIMEDOUT', message: 'The deadline of 300 ms passed.' })
    } finally {
      overall.dispose()
    }
    await device.closed
  })

  it('fails the requests in progress when closed', async () => {
    let arrived: () => void = () => undefined
    const requested = new Promise<void>((resolve) => (arrived = resolve))
    const device = await deviceServer(() => arrived())
    const http = client({ port: device.port })
    const pending = failure(get(http))
    await requested
    http.close()
    expect(await pending).toMatchObject({ code: 'UND_ERR_DESTROYED' })
  })
})

/** A CONNECT proxy on 127.0.0.1, closed after the test. */
async function connectProxy(refuseWith?: number): Promise<TestProxy> {
  const proxy = await startConnectProxy(refuseWith)
  cleanups.push(() => proxy.close())
  return proxy
}

describe('HttpClient proxy', () => {
  it('tunnels through the proxy HTTPS_PROXY names, with the pin checked end to end', async () => {
    const device = await deviceServer((_req, res) => res.end('via proxy'))
    const proxy = await connectProxy()
    process.env.HTTPS_PROXY = proxy.url
    expect((await get(client({ port: device.port }))).body).toBe('via proxy')
    expect(proxy.tunnels).toEqual([`127.0.0.1:${device.port}`])
    const error = await failure(
      get(client({ port: device.port, pin: { ...pin, fingerprint: renewedCert.fingerprint } }))
    )
    expect(error.code).toBe('ERR_CERT_PIN_MISMATCH')
    expect(proxy.tunnels).toHaveLength(2)
    expect(device.paths).toEqual(['/'])
  })

  it('goes direct to a host NO_PROXY names', async () => {
    const device = await deviceServer((_req, res) => res.end('direct'))
    const proxy = await connectProxy()
    process.env.HTTPS_PROXY = proxy.url
    process.env.NO_PROXY = 'localhost, 127.0.0.1'
    expect((await get(client({ port: device.port }))).body).toBe('direct')
    // The app's proxy setting honours NO_PROXY too.
    expect((await get(client({ port: device.port, proxy: proxy.url }))).body).toBe('direct')
    expect(proxy.tunnels).toEqual([])
  })

  it("tunnels through the app's proxy setting, which HTTPS_PROXY does not override", async () => {
    const device = await deviceServer((_req, res) => res.end('via setting'))
    const proxy = await connectProxy()
    const refusing = await connectProxy(403)
    process.env.HTTPS_PROXY = refusing.url
    expect((await get(client({ port: device.port, proxy: proxy.url }))).body).toBe('via setting')
    expect(proxy.tunnels).toEqual([`127.0.0.1:${device.port}`])
    expect(refusing.tunnels).toEqual([])
  })

  it('fails with ERR_PROXY_TUNNEL when the proxy refuses the tunnel', async () => {
    const device = await deviceServer((_req, res) => res.end('unreachable'))
    const proxy = await connectProxy(407)
    const error = await failure(get(client({ port: device.port, proxy: proxy.url })))
    expect(error.code).toBe('ERR_PROXY_TUNNEL')
    expect(error.message).toMatch(/The proxy refused the tunnel to https:\/\/127\.0\.0\.1:\d+: .*407/)
    expect(device.paths).toEqual([])
  })
})

describe('Which connections go through the proxy', () => {
  it('reads NO_PROXY as curl does: names, subdomains, leading dots and stars, ports, *', () => {
    const cases: [string, number, string, boolean][] = [
      ['cucm.example.com', 8443, 'example.com', true],
      ['cucm.example.com', 8443, '.example.com', true],
      ['cucm.example.com', 8443, '*.example.com', true],
      ['CUCM.Example.com', 8443, 'example.COM', true],
      ['example.com', 8443, '.example.com', true],
      ['cucm.example.com', 8443, 'ample.com', false],
      ['cucm.example.com', 8443, 'example.com:443', false],
      ['cucm.example.com', 443, 'example.com:443', true],
      ['10.0.0.5', 8443, 'localhost, 10.0.0.5', true],
      ['10.0.0.5', 8443, 'localhost,10.0.0.6', false],
      ['::1', 8443, '[::1]', true],
      ['anything.test', 1, '*', true],
      ['anything.test', 1, '', false]
    ]
    for (const [host, port, noProxy, bypassed] of cases)
      expect(bypassesProxy(host, port, noProxy), `${host}:${port} with NO_PROXY=${noProxy}`).toBe(bypassed)
  })

  it("prefers the app's proxy to HTTPS_PROXY, https_proxy to HTTPS_PROXY, and honours NO_PROXY for both", () => {
    const device = { host: 'cucm.example.com', port: 8443 }
    const env = { HTTPS_PROXY: 'http://upper:3128', https_proxy: 'http://lower:3128' }
    expect(proxyFor(device, env)).toBe('http://lower:3128')
    expect(proxyFor(device, { HTTPS_PROXY: 'http://upper:3128' })).toBe('http://upper:3128')
    expect(proxyFor({ ...device, proxy: 'http://app:8080' }, env)).toBe('http://app:8080')
    expect(
      proxyFor({ ...device, proxy: 'http://app:8080' }, { ...env, NO_PROXY: 'example.com' })
    ).toBeUndefined()
    expect(proxyFor(device, {})).toBeUndefined()
  })

  it('reads a device certificate through the proxy tunnel, as requests reach the device', async () => {
    const device = await deviceServer((_req, res) => res.end())
    const proxy = await connectProxy()
    const upgrade = proxiedConnection({ host: '127.0.0.1', port: device.port, proxy: proxy.url })
    const presented = await fetchPresentedCertificate('127.0.0.1', device.port, 5_000, upgrade)
    expect(presented.fingerprint).toBe(deviceCert.fingerprint)
    expect(proxy.tunnels).toEqual([`127.0.0.1:${device.port}`])
    expect(proxiedConnection({ host: '127.0.0.1', port: device.port })).toBeUndefined()
  })

  it('fails a certificate read with ERR_PROXY_TUNNEL when the proxy refuses the tunnel', async () => {
    const device = await deviceServer((_req, res) => res.end())
    const proxy = await connectProxy(403)
    const upgrade = proxiedConnection({ host: '127.0.0.1', port: device.port, proxy: proxy.url })
    const error = await failure(fetchPresentedCertificate('127.0.0.1', device.port, 5_000, upgrade))
    expect(error.code).toBe('ERR_PROXY_TUNNEL')
    expect(error.message).toContain(`refused the tunnel to 127.0.0.1:${device.port}`)
  })
})
