import { basicAuth, httpsRequest, type HttpsResponse, type HttpsTarget } from '../common/http'
import { ProbeFailure } from '../common/failure'

/**
 * Test Connection for Unity Connection: reads the product version and one page of users through
 * CUPI, which proves both the REST service and the administrator's rights.
 */
export async function probeCupi(target: HttpsTarget): Promise<{ version?: string; users: number }> {
  const base = `https://${target.host}:${target.port}/vmrest`
  const get = (path: string): Promise<HttpsResponse> =>
    httpsRequest({
      host: target.host,
      port: target.port,
      path: `/vmrest${path}`,
      headers: { Accept: 'application/json', Authorization: basicAuth(target.username, target.password) },
      pin: target.pin,
      proxy: target.proxy,
      timeoutMs: target.timeoutMs
    })
  const check = (response: HttpsResponse, what: string): void => {
    if (response.status === 401 || response.status === 403) {
      throw new ProbeFailure(
        'auth',
        `${base} rejected the administrator "${target.username}" (HTTP ${response.status}): check the credentials and that the account has the System Administrator role.`
      )
    }
    if (response.status === 404) {
      throw new ProbeFailure(
        'protocol',
        `${base}${what} was not found (HTTP 404): is this a Unity Connection server with the REST API enabled?`
      )
    }
    if (response.status === 503) {
      throw new ProbeFailure(
        'protocol',
        `${base} is busy (HTTP 503: Unity Connection allows few concurrent API requests); try again shortly.`
      )
    }
    if (response.status !== 200)
      throw new ProbeFailure('protocol', `${base}${what} answered HTTP ${response.status}.`)
  }

  const versionResponse = await get('/version/product')
  check(versionResponse, '/version/product')
  const version = readVersion(versionResponse.body)

  const usersResponse = await get('/users?rowsPerPage=1&pageNumber=1')
  check(usersResponse, '/users')
  return { ...(version ? { version } : {}), users: readTotal(usersResponse.body) }
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body)
  } catch {
    throw new ProbeFailure('protocol', 'Unity Connection answered with something other than JSON.')
  }
}

function readVersion(body: string): string | undefined {
  const json = parseJson(body) as Record<string, unknown>
  const value = json.ProductVersion ?? json.version ?? json.Version
  return typeof value === 'string' ? value : undefined
}

function readTotal(body: string): number {
  const json = parseJson(body) as Record<string, unknown>
  const total = json['@total'] ?? (json.Users as Record<string, unknown> | undefined)?.['@total']
  const n = Number(total)
  if (!Number.isFinite(n))
    throw new ProbeFailure('protocol', 'Unity Connection answered /vmrest/users without a total.')
  return n
}
