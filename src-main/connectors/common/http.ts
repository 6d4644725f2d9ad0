import { deadline, duration } from './deadline'
import { HttpClient, type HttpEndpoint, type ResponseHead } from './httpClient'

/** Where and as whom a connector talks HTTPS: the device's endpoint, credentials and pinned certificate. */
export interface HttpsTarget extends HttpEndpoint {
  username: string
  password: string
  timeoutMs?: number
}

export interface HttpsRequest extends HttpEndpoint {
  path: string
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: string
  timeoutMs?: number
  /** The whole exchange, however the server paces its bytes (default 60 s). */
  deadlineMs?: number
  signal?: AbortSignal
}

export interface HttpsResponse extends ResponseHead {
  body: string
}

const MAX_PROBE_BODY = 4 * 1024 * 1024
/** A probe reads two small answers; a server still sending after a minute is never going to finish. */
const PROBE_DEADLINE_MS = 60_000

/** One HTTPS exchange with verified TLS (pinned when the device has a trusted certificate). */
export async function httpsRequest(req: HttpsRequest): Promise<HttpsResponse> {
  const deadlineMs = req.deadlineMs ?? PROBE_DEADLINE_MS
  const overall = deadline(deadlineMs, req.signal)
  const client = new HttpClient(req, { connections: 1, timeoutMs: req.timeoutMs ?? 15_000 })
  const chunks: Buffer[] = []
  let size = 0
  try {
    const head = await client.request({
      method: req.method ?? 'GET',
      path: req.path,
      headers: req.headers ?? {},
      body: req.body,
      signal: overall.signal,
      onBody: (chunk) => {
        size += chunk.length
        if (size > MAX_PROBE_BODY) throw new Error(`The response exceeded ${MAX_PROBE_BODY} bytes`)
        chunks.push(chunk)
      }
    })
    return { ...head, body: Buffer.concat(chunks).toString('utf8') }
  } catch (error) {
    if (!overall.expired()) throw error
    throw Object.assign(new Error(`No complete response within ${duration(deadlineMs)}`), {
      code: 'ETIMEDOUT'
    })
  } finally {
    overall.dispose()
    client.close()
  }
}

export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`
}
