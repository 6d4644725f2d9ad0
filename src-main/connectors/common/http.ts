import https from 'node:https'
import { deadline, duration } from './deadline'
import { tlsOptions, type Pin } from './tls'

/** Where and as whom a connector talks HTTPS: the device's endpoint, credentials and pinned certificate. */
export interface HttpsTarget {
  host: string
  port: number
  username: string
  password: string
  pin?: Pin
  timeoutMs?: number
}

export interface HttpsRequest {
  host: string
  port: number
  path: string
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: string
  pin?: Pin
  timeoutMs?: number
  /** The whole exchange, however the server paces its bytes (default 60 s). */
  deadlineMs?: number
  signal?: AbortSignal
}

export interface HttpsResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

const MAX_PROBE_BODY = 4 * 1024 * 1024
/** A probe reads two small answers; a server still sending after a minute is never going to finish. */
const PROBE_DEADLINE_MS = 60_000

/** One HTTPS exchange with verified TLS (pinned when the device has a trusted certificate). */
export async function httpsRequest(req: HttpsRequest): Promise<HttpsResponse> {
  const deadlineMs = req.deadlineMs ?? PROBE_DEADLINE_MS
  const overall = deadline(deadlineMs, req.signal)
  try {
    return await exchange({ ...req, signal: overall.signal })
  } catch (error) {
    if (!overall.expired()) throw error
    throw Object.assign(new Error(`No complete response within ${duration(deadlineMs)}`), {
      code: 'ETIMEDOUT'
    })
  } finally {
    overall.dispose()
  }
}

function exchange(req: HttpsRequest): Promise<HttpsResponse> {
  const timeoutMs = req.timeoutMs ?? 15_000
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host: req.host.replace(/^\[|\]$/g, ''),
        port: req.port,
        path: req.path,
        method: req.method ?? 'GET',
        headers:
          req.body === undefined
            ? req.headers
            : { ...req.headers, 'Content-Length': Buffer.byteLength(req.body) },
        agent: false,
        timeout: timeoutMs,
        ...(req.signal ? { signal: req.signal } : {}),
        ...tlsOptions(req.host, req.pin)
      },
      (response) => {
        const chunks: Buffer[] = []
        let size = 0
        response.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size > MAX_PROBE_BODY) {
            request.destroy(new Error(`The response exceeded ${MAX_PROBE_BODY} bytes`))
            return
          }
          chunks.push(chunk)
        })
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8')
          })
        )
        response.on('error', reject)
      }
    )
    request.on('timeout', () =>
      request.destroy(
        Object.assign(new Error(`No response within ${Math.round(timeoutMs / 1000)} s`), {
          code: 'ETIMEDOUT'
        })
      )
    )
    request.on('error', reject)
    request.end(req.body)
  })
}

export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`
}
