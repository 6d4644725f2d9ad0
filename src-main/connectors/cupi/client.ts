import https from 'node:https'
import { isPersistentNetworkCode } from '../common/failure'
import type { HttpsTarget } from '../common/http'
import { basicAuth } from '../common/http'
import { CancelledError, withRetry, type RetryPolicy } from '../common/retry'
import { tlsOptions } from '../common/tls'

export class CupiError extends Error {
  constructor(
    readonly kind: 'auth' | 'throttled' | 'network' | 'http' | 'protocol',
    message: string,
    readonly status?: number,
    readonly code?: string
  ) {
    super(message)
    this.name = 'CupiError'
  }
}

export interface CupiClientOptions {
  target: HttpsTarget
  signal?: AbortSignal
  retry?: RetryPolicy
  onRetry?: (error: CupiError, delayMs: number) => void
}

/**
 * Unity Connection's REST API (CUPI): JSON, paged with rowsPerPage/pageNumber, one request at a
 * time (the server allows only five at once, shared with every other client), retried with
 * back-off on 503.
 */
export class CupiClient {
  private readonly agent: https.Agent

  constructor(private readonly options: CupiClientOptions) {
    this.agent = new https.Agent({
      keepAlive: true,
      maxSockets: 1,
      ...tlsOptions(options.target.host, options.target.pin)
    })
  }

  close(): void {
    this.agent.destroy()
  }

  private request(path: string): Promise<unknown> {
    const { target, signal } = this.options
    return withRetry(
      () =>
        new Promise<unknown>((resolve, reject) => {
          const req = https.get(
            {
              host: target.host,
              port: target.port,
              path: `/vmrest${path}`,
              agent: this.agent,
              signal,
              timeout: target.timeoutMs ?? 60_000,
              headers: {
                Accept: 'application/json',
                Authorization: basicAuth(target.username, target.password)
              }
            },
            (res) => {
              const chunks: Buffer[] = []
              res.on('data', (c: Buffer) => chunks.push(c))
              res.on('error', (error) => reject(new CupiError('network', error.message)))
              res.on('end', () => {
                const status = res.statusCode ?? 0
                if (!res.complete)
                  return reject(new CupiError('network', `The response to ${path} was cut off.`))
                if (status === 401 || status === 403)
                  return reject(
                    new CupiError(
                      'auth',
                      `Unity Connection refused the administrator (HTTP ${status}).`,
                      status
                    )
                  )
                if (status === 503)
                  return reject(new CupiError('throttled', 'Unity Connection is busy (HTTP 503).', status))
                if (status !== 200)
                  return reject(
                    new CupiError('http', `Unity Connection answered HTTP ${status} for ${path}.`, status)
                  )
                try {
                  resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')))
                } catch {
                  reject(
                    new CupiError(
                      'protocol',
                      `Unity Connection answered ${path} with something other than JSON.`
                    )
                  )
                }
              })
            }
          )
          req.on('timeout', () => req.destroy(new Error(`No response to ${path} in time`)))
          req.on('error', (error: Error & { code?: string }) =>
            reject(
              signal?.aborted
                ? new CancelledError()
                : new CupiError('network', error.message, undefined, error.code)
            )
          )
        }),
      {
        signal,
        policy: this.options.retry,
        retryable: (error) =>
          error instanceof CupiError &&
          (error.kind === 'throttled' || (error.kind === 'network' && !isPersistentNetworkCode(error.code))),
        onRetry: (error, delayMs) => this.options.onRetry?.(error as CupiError, delayMs)
      }
    )
  }

  /** Every item of a collection (`users` → `User`), page by page. CUPI gives one item as an object, several as an array. */
  async *list(collection: string, item: string, rowsPerPage = 500): AsyncGenerator<Record<string, string>[]> {
    for (let page = 1; ; page++) {
      const body = (await this.request(
        `/${collection}?rowsPerPage=${rowsPerPage}&pageNumber=${page}`
      )) as Record<string, unknown>
      const raw = body[item]
      const items = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]) as Record<string, string>[]
      yield items
      const total = Number(body['@total'] ?? 0)
      if (items.length < rowsPerPage || page * rowsPerPage >= total) return
    }
  }
}
