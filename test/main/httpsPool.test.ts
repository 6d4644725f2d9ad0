// The keep-alive HTTPS pool against real TLS servers on the loopback interface: requests and
// responses arrive intact, connections are reused and limited, and every way an exchange can go wrong
// (abort, silence, a cut or malformed response, a changed certificate, a closed pool) fails the
// request with a recognisable error without disturbing the next one.
import { X509Certificate } from 'node:crypto'
import type { RequestListener } from 'node:http'
import https from 'node:https'
import { createServer, type AddressInfo, type Socket } from 'node:net'
import tls from 'node:tls'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { HttpsPool, type PoolRequest } from '../../src-main/connectors/common/httpsPool'
import type { ResponseHead } from '../../src-main/connectors/common/httpResponse'
import { isUntrustedCertificateError, type Pin } from '../../src-main/connectors/common/tls'
import { labCertificate, type ServerCertificate } from '../../src-main/lab/certificate'

let certificate: ServerCertificate
let pin: Pin

beforeAll(async () => {
  certificate = await labCertificate('pool.example.test')
  pin = { fingerprint: new X509Certificate(certificate.cert).fingerprint256, anchorPem: certificate.cert }
})

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

interface Counted {
  port: number
  /** TCP connections accepted. */
  tcpConnections: () => number
  /** TLS handshakes completed. */
  tlsConnections: () => number
}

interface HttpsServer extends Counted {
  server: https.Server
}

async function listen(server: tls.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

/** node:https on 127.0.0.1, closed (with its connections) after the test. */
async function startHttps(handler: RequestListener): Promise<HttpsServer> {
  const server = https.createServer({ key: certificate.key, cert: certificate.cert }, handler)
  let tcp = 0
  let secure = 0
  server.on('connection', () => tcp++)
  server.on('secureConnection', () => secure++)
  const port = await listen(server)
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  )
  return { server, port, tcpConnections: () => tcp, tlsConnections: () => secure }
}

interface RawRequest {
  head: string
  body: string
  socket: tls.TLSSocket
  /** Which connection (0, 1, …) carried it. */
  connection: number
}

interface RawServer extends Counted {
  requests: RawRequest[]
  /** Bytes received over all connections, after TLS. */
  bytes: () => number
  /** Connections the server saw closed. */
  closed: () => number
}

/** A bare TLS server for byte-level control: `respond` decides what (if anything) to write per request. */
async function startRaw(respond: (request: RawRequest) => void): Promise<RawServer> {
  const requests: RawRequest[] = []
  const sockets = new Set<tls.TLSSocket>()
  let tcp = 0
  let secure = 0
  let bytes = 0
  let closed = 0
  const server = tls.createServer({ key: certificate.key, cert: certificate.cert }, (socket) => {
    const connection = secure++
    sockets.add(socket)
    socket.on('error', () => {})
    socket.on('close', () => {
      closed++
      sockets.delete(socket)
    })
    let pending = Buffer.alloc(0)
    socket.on('data', (data: Buffer) => {
      bytes += data.length
      pending = Buffer.concat([pending, data])
      for (;;) {
        const end = pending.indexOf('\r\n\r\n')
        if (end < 0) return
        const head = pending.toString('latin1', 0, end)
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0)
        if (pending.length < end + 4 + length) return
        const body = pending.toString('utf8', end + 4, end + 4 + length)
        pending = pending.subarray(end + 4 + length)
        const request = { head, body, socket, connection }
        requests.push(request)
        respond(request)
      }
    })
  })
  server.on('connection', () => tcp++)
  const port = await listen(server)
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  )
  return {
    port,
    requests,
    tcpConnections: () => tcp,
    tlsConnections: () => secure,
    bytes: () => bytes,
    closed: () => closed
  }
}

/** A pool on 127.0.0.1 trusting the test certificate by pin (`null`: no pin), destroyed after the test. */
function pool(port: number, maxSockets = 2, poolPin: Pin | null = pin): HttpsPool {
  const p = new HttpsPool({ host: '127.0.0.1', port, pin: poolPin ?? undefined }, maxSockets)
  cleanups.push(() => p.destroy())
  return p
}

interface Received {
  status: number
  headers: ResponseHead['headers']
  body: string
}

/** One request, with the body gathered from onBody. */
async function send(
  p: HttpsPool,
  path: string,
  options: Partial<Omit<PoolRequest, 'onBody'>> = {},
  pieces: Buffer[] = []
): Promise<Received> {
  const head = await p.request({
    method: 'GET',
    path,
    headers: {},
    timeoutMs: 5_000,
    ...options,
    onBody: (chunk) => pieces.push(Buffer.from(chunk))
  })
  return { ...head, body: Buffer.concat(pieces).toString('utf8') }
}

type Settled = { ok: true; value: Received } | { ok: false; error: Error & { code?: string } }

/** Observes a request's outcome at once, so that a rejection before it is awaited is not unhandled. */
function settle(promise: Promise<Received>): Promise<Settled> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: Error) => ({ ok: false, error })
  )
}

async function failed(promise: Promise<Received>): Promise<Error & { code?: string }> {
  const outcome = await settle(promise)
  if (outcome.ok) throw new Error(`The request succeeded with status ${outcome.value.status}.`)
  return outcome.error
}

async function until(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('The condition was not met in time.')
    await sleep(5)
  }
}

const ok = (body: string, extra = ''): string =>
  `HTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`

describe('HttpsPool requests', () => {
  it('sends a POST with its headers and body and hands on a chunked response body intact', async () => {
    const seen: { method?: string; url?: string; headers?: Record<string, unknown>; body?: string } = {}
    // Large enough to span many TLS records and chunks.
    const reply = Array.from({ length: 4000 }, (_, i) => `line ${i} ✓ ünïcode\n`).join('')
    const server = await startHttps((req, res) => {
      const parts: Buffer[] = []
      req.on('data', (d: Buffer) => parts.push(d))
      req.on('end', () => {
        Object.assign(seen, {
          method: req.method,
          url: req.url,
          headers: req.headers,
          body: Buffer.concat(parts).toString('utf8')
        })
        res.writeHead(201, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Reply': 'yes' })
        // Several writes without a length: node:https frames them as chunks.
        const third = Math.floor(reply.length / 3)
        res.write(reply.slice(0, third))
        setTimeout(() => {
          res.write(reply.slice(third, 2 * third))
          res.end(reply.slice(2 * third))
        }, 20)
      })
    })
    const body = '<soap:Envelope>héllo ✓</soap:Envelope>'
    const pieces: Buffer[] = []
    const response = await send(
      pool(server.port),
      '/axl/?x=1',
      {
        method: 'POST',
        headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '"CUCM:DB ver=15.0 getUser"' },
        body
      },
      pieces
    )

    expect(seen.method).toBe('POST')
    expect(seen.url).toBe('/axl/?x=1')
    expect(seen.body).toBe(body)
    expect(seen.headers).toMatchObject({
      host: `127.0.0.1:${server.port}`,
      'content-length': String(Buffer.byteLength(body)),
      'content-type': 'text/xml; charset=utf-8',
      soapaction: '"CUCM:DB ver=15.0 getUser"'
    })
    expect(Buffer.byteLength(body)).toBeGreaterThan(body.length)

    expect(response.status).toBe(201)
    expect(response.headers['transfer-encoding']).toBe('chunked')
    expect(response.headers['x-reply']).toBe('yes')
    expect(response.body).toBe(reply)
    expect(pieces.length).toBeGreaterThan(1)
  })

  it('sends no Content-Length for a request without a body', async () => {
    const seen: Record<string, unknown>[] = []
    const server = await startHttps((req, res) => {
      seen.push(req.headers)
      res.end('ok')
    })
    const response = await send(pool(server.port), '/status', { headers: { Accept: 'text/plain' } })
    expect(response.body).toBe('ok')
    expect(seen).toHaveLength(1)
    expect(seen[0]['content-length']).toBeUndefined()
    expect(seen[0].accept).toBe('text/plain')
  })

  it('reuses one keep-alive connection for sequential requests', async () => {
    const server = await startHttps((req, res) => res.end(`you asked for ${req.url}`))
    const p = pool(server.port, 4)
    for (let i = 0; i < 5; i++) expect((await send(p, `/item/${i}`)).body).toBe(`you asked for /item/${i}`)
    expect(server.tcpConnections()).toBe(1)
    expect(server.tlsConnections()).toBe(1)
  })

  it('opens at most maxSockets connections and queues the other requests', async () => {
    let inFlight = 0
    let mostInFlight = 0
    const server = await startHttps((req, res) => {
      inFlight++
      mostInFlight = Math.max(mostInFlight, inFlight)
      setTimeout(() => {
        inFlight--
        res.end(`done ${req.url}`)
      }, 100)
    })
    const p = pool(server.port, 2)
    const responses = await Promise.all(Array.from({ length: 6 }, (_, i) => send(p, `/${i}`)))
    expect(responses.map((r) => r.body)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `done /${i}`))
    expect(server.tcpConnections()).toBe(2)
    expect(mostInFlight).toBe(2)
  })

  it('refuses a header name or value that could split the request, without connecting', async () => {
    const server = await startRaw((r) => r.socket.write(ok('ok')))
    const p = pool(server.port)
    const value = await failed(send(p, '/', { headers: { 'X-Evil': 'a\r\nInjected: 1' } }))
    expect(value.message).toContain('X-Evil')
    const name = await failed(send(p, '/', { headers: { 'X-Evil\r\nInjected': '1' } }))
    expect(name.message).toContain('header name')
    const spaced = await failed(send(p, '/', { headers: { 'Bad Name': '1' } }))
    expect(spaced.message).toContain('"Bad Name"')
    expect(server.tcpConnections()).toBe(0)
    // A well-formed header on the same pool goes through.
    expect((await send(p, '/', { headers: { 'X-Fine': 'a\tb c' } })).body).toBe('ok')
    expect(server.requests[0].head).toContain('\r\nX-Fine: a\tb c')
  })
})

describe('HttpsPool cancellation', () => {
  it('rejects a request in progress when its signal aborts, and serves the next one', async () => {
    let hanging = 0
    const server = await startHttps((req, res) => {
      if (req.url === '/hang') hanging++
      else res.end('fine')
    })
    const p = pool(server.port, 1)
    for (const reason of [undefined, new Error('the user cancelled')]) {
      const controller = new AbortController()
      const before = hanging
      const request = failed(send(p, '/hang', { signal: controller.signal }))
      // The server has the request and is not answering it.
      await until(() => hanging > before)
      controller.abort(reason)
      const error = await request
      if (reason) expect(error).toBe(reason)
      else expect(error.name).toBe('AbortError')
    }
    expect((await send(p, '/after')).body).toBe('fine')
  })

  it('rejects a queued request when its signal aborts, without ever sending it', async () => {
    const paths: string[] = []
    let release: (() => void) | undefined
    const server = await startHttps((req, res) => {
      paths.push(req.url ?? '')
      if (req.url === '/slow') release = () => res.end('slow done')
      else res.end(`quick ${req.url}`)
    })
    const p = pool(server.port, 1)
    const slow = settle(send(p, '/slow'))
    await until(() => release !== undefined)
    const controller = new AbortController()
    const queued = failed(send(p, '/queued', { signal: controller.signal }))
    await sleep(20)
    controller.abort()
    expect((await queued).name).toBe('AbortError')
    release?.()
    const first = await slow
    expect(first.ok && first.value.body).toBe('slow done')
    // The aborted request left the queue: the connection goes idle and serves the next request.
    expect((await send(p, '/next')).body).toBe('quick /next')
    expect(paths).toEqual(['/slow', '/next'])
    expect(server.tcpConnections()).toBe(1)
  })

  it('stops a TLS handshake the server never answers when the signal aborts', async () => {
    // Accepts TCP and stays silent: the handshake would wait for the whole timeout.
    const sockets: Socket[] = []
    const silent = createServer((socket) => sockets.push(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => {
      for (const socket of sockets) socket.destroy()
      return new Promise<void>((resolve) => silent.close(() => resolve()))
    })
    const p = pool((silent.address() as AddressInfo).port)
    const controller = new AbortController()
    const request = failed(send(p, '/', { signal: controller.signal, timeoutMs: 60_000 }))
    await until(() => sockets.length === 1)
    controller.abort()
    // Without cancellation the request would wait out its minute, well past the test's own timeout.
    expect((await request).name).toBe('AbortError')
  })

  it('rejects at once when the signal has already aborted', async () => {
    const server = await startRaw((r) => r.socket.write(ok('ok')))
    const error = await failed(send(pool(server.port), '/', { signal: AbortSignal.abort() }))
    expect(error.name).toBe('AbortError')
    expect(server.tcpConnections()).toBe(0)
  })
})

describe('HttpsPool failures', () => {
  it('fails with ETIMEDOUT when the server stays silent', async () => {
    const server = await startRaw(() => {})
    const started = Date.now()
    const error = await failed(send(pool(server.port), '/', { timeoutMs: 300 }))
    expect(error.code).toBe('ETIMEDOUT')
    expect(Date.now() - started).toBeGreaterThanOrEqual(250)
    expect(server.requests).toHaveLength(1)
  })

  it('fails with ETIMEDOUT when the server goes silent in the middle of a body', async () => {
    const server = await startRaw((r) => r.socket.write('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'))
    const pieces: Buffer[] = []
    const error = await failed(send(pool(server.port), '/', { timeoutMs: 300 }, pieces))
    expect(error.code).toBe('ETIMEDOUT')
    expect(Buffer.concat(pieces).toString()).toBe('abc')
  })

  it('fails with ETIMEDOUT when the server goes silent on a reused connection', async () => {
    const server = await startRaw((r) => {
      if (server.requests.length === 1) r.socket.write(ok('first'))
    })
    const p = pool(server.port, 1)
    expect((await send(p, '/first', { timeoutMs: 300 })).body).toBe('first')
    const error = await failed(send(p, '/second', { timeoutMs: 300 }))
    expect(error.code).toBe('ETIMEDOUT')
    expect(server.requests.map((r) => r.connection)).toEqual([0, 0])
  })

  it('fails with ECONNRESET when the connection closes in the middle of a body', async () => {
    const responses = [
      'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n',
      'HTTP/1.1 200 OK\r\nContent-Len'
    ]
    const server = await startRaw((r) => r.socket.end(responses[r.connection]))
    const p = pool(server.port, 1)
    for (const [i, response] of responses.entries()) {
      const pieces: Buffer[] = []
      const error = await failed(send(p, `/${i}`, {}, pieces))
      expect(error.code, response).toBe('ECONNRESET')
      expect(Buffer.concat(pieces).toString()).toBe(i < 2 ? '0123456789' : '')
    }
  })

  it('completes a body delimited by the connection closing', async () => {
    const server = await startRaw((r) =>
      r.socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end')
    )
    const response = await send(pool(server.port), '/')
    expect(response.status).toBe(200)
    expect(response.body).toBe('until the end')
  })

  it('fails a malformed response with ERR_HTTP_RESPONSE and serves the next request on a new connection', async () => {
    const server = await startRaw((r) =>
      r.socket.write(r.connection === 0 ? 'HTTP/1.1 2OO OK\r\nContent-Length: 2\r\n\r\nok' : ok('good'))
    )
    const p = pool(server.port, 1)
    const error = await failed(send(p, '/first'))
    expect(error.code).toBe('ERR_HTTP_RESPONSE')
    expect(error.message).toContain('Not an HTTP/1.x status line')
    expect((await send(p, '/second')).body).toBe('good')
    expect(server.tlsConnections()).toBe(2)
    expect(server.requests.map((r) => r.connection)).toEqual([0, 1])
  })

  it('does not reuse a connection that delivered bytes after the response', async () => {
    const server = await startRaw((r) => r.socket.write(ok(`reply ${r.connection}`) + 'GARBAGE'))
    const p = pool(server.port, 1)
    expect((await send(p, '/a')).body).toBe('reply 0')
    await until(() => server.closed() === 1)
    expect((await send(p, '/b')).body).toBe('reply 1')
    expect(server.tlsConnections()).toBe(2)
  })

  it('drops an idle connection on which the server sent bytes nobody asked for', async () => {
    const server = await startRaw((r) => {
      r.socket.write(ok(`reply ${r.connection}`))
      if (r.connection === 0) setTimeout(() => r.socket.write('HTTP/1.1 200 OK\r\n'), 20)
    })
    const p = pool(server.port, 1)
    expect((await send(p, '/a')).body).toBe('reply 0')
    await until(() => server.closed() === 1)
    expect((await send(p, '/b')).body).toBe('reply 1')
    expect(server.requests.map((r) => r.connection)).toEqual([0, 1])
  })

  it('opens a new connection when the server closed the idle one', async () => {
    const server = await startRaw((r) => {
      r.socket.write(ok(`reply ${r.connection}`))
      if (r.connection === 0) setTimeout(() => r.socket.end(), 20)
    })
    const p = pool(server.port, 1)
    expect((await send(p, '/a')).body).toBe('reply 0')
    await sleep(100)
    expect((await send(p, '/b')).body).toBe('reply 1')
    expect(server.tlsConnections()).toBe(2)
  })

  it('does not reuse a connection after Connection: close', async () => {
    const server = await startRaw((r) => r.socket.write(ok(`reply ${r.connection}`, 'Connection: close\r\n')))
    const p = pool(server.port, 1)
    expect((await send(p, '/a')).body).toBe('reply 0')
    expect((await send(p, '/b')).body).toBe('reply 1')
    expect(server.tlsConnections()).toBe(2)
  })
})

describe('HttpsPool certificate pinning', () => {
  it('connects to a pinned self-signed certificate, whatever the fingerprint notation', async () => {
    const server = await startRaw((r) => r.socket.write(ok('pinned')))
    const bare = pin.fingerprint.replace(/:/g, '').toLowerCase()
    const response = await send(pool(server.port, 1, { ...pin, fingerprint: bare }), '/')
    expect(response.body).toBe('pinned')
    expect(server.bytes()).toBeGreaterThan(0)
  })

  it('refuses a certificate with another fingerprint before sending any request byte', async () => {
    const server = await startRaw((r) => r.socket.write(ok('should not be asked')))
    const other = pin.fingerprint.startsWith('00')
      ? `11${pin.fingerprint.slice(2)}`
      : `00${pin.fingerprint.slice(2)}`
    const error = await failed(send(pool(server.port, 1, { ...pin, fingerprint: other }), '/secret'))
    expect(error.code).toBe('ERR_CERT_PIN_MISMATCH')
    expect(error.message).toContain(certificate.fingerprint)
    await sleep(100)
    expect(server.bytes()).toBe(0)
    expect(server.requests).toHaveLength(0)
  })

  it('refuses a self-signed certificate when nothing is pinned', async () => {
    const server = await startRaw((r) => r.socket.write(ok('should not be asked')))
    const error = await failed(send(pool(server.port, 1, null), '/'))
    expect(isUntrustedCertificateError(error)).toBe(true)
    await sleep(50)
    expect(server.bytes()).toBe(0)
  })
})

describe('HttpsPool lifetime', () => {
  it('destroy() fails the request in progress, the waiting ones and any later one', async () => {
    let received = 0
    const server = await startHttps(() => {
      // Never answers.
      received++
    })
    const p = pool(server.port, 1)
    const inProgress = failed(send(p, '/one'))
    await until(() => received === 1)
    const waiting = [failed(send(p, '/two')), failed(send(p, '/three'))]
    p.destroy()
    for (const error of await Promise.all(waiting)) {
      expect(error.code).toBe('ECONNRESET')
      expect(error.message).toContain('pool was closed')
    }
    expect((await inProgress).code).toBe('ECONNRESET')
    const later = await failed(send(p, '/four'))
    expect(later.code).toBe('ECONNRESET')
    expect(later.message).toContain('pool was closed')
    await sleep(20)
    expect(received).toBe(1)
    expect(server.tcpConnections()).toBe(1)
  })

  it('stops reusing an idle connection once the Keep-Alive timeout hint, less a margin, has passed', async () => {
    const start = async (hint: string) => {
      const server = await startRaw((r) => r.socket.write(ok(`reply on ${r.connection}`, hint)))
      return { server, pool: pool(server.port, 1) }
    }
    const oneSecond = await start('Keep-Alive: timeout=1\r\n')
    const twoSeconds = await start('Keep-Alive: timeout=2\r\n')
    const noHint = await start('')
    for (const { pool: p } of [oneSecond, twoSeconds, noHint])
      expect((await send(p, '/')).body).toBe('reply on 0')
    // Within the hint less its one-second margin, the connection is reused.
    expect((await send(twoSeconds.pool, '/')).body).toBe('reply on 0')
    expect((await send(noHint.pool, '/')).body).toBe('reply on 0')
    await sleep(1_100)
    expect((await send(oneSecond.pool, '/')).body).toBe('reply on 1')
    expect((await send(twoSeconds.pool, '/')).body).toBe('reply on 1')
    // Without a hint an idle connection stays in use.
    expect((await send(noHint.pool, '/')).body).toBe('reply on 0')
    expect(oneSecond.server.tlsConnections()).toBe(2)
    expect(twoSeconds.server.tlsConnections()).toBe(2)
    expect(noHint.server.tlsConnections()).toBe(1)
  })
})
