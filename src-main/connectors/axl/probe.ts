import { basicAuth, httpsRequest, type HttpsTarget } from '../common/http'
import { ProbeFailure } from '../common/failure'

/** AXL schema versions, newest first: the probe tries each until the server accepts one. */
export const AXL_VERSIONS = ['15.0', '14.0', '12.5', '12.0', '11.5', '11.0', '10.5', '10.0'] as const

export interface AxlProbeTarget extends HttpsTarget {
  /** The product name used in messages (Unified CM or IM and Presence). */
  productName: string
}

export interface AxlProbeResult {
  version: string
  axlVersion: string
}

export function getCcmVersionEnvelope(axlVersion: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="http://www.cisco.com/AXL/API/${axlVersion}">` +
    '<soapenv:Header/><soapenv:Body><ns:getCCMVersion/></soapenv:Body></soapenv:Envelope>'
  )
}

function textOf(xml: string, element: string): string | undefined {
  const match = new RegExp(`<(?:[\\w-]+:)?${element}>([^<]*)</(?:[\\w-]+:)?${element}>`).exec(xml)
  return match?.[1]?.trim()
}

/**
 * Test Connection for Unified CM and IM and Presence: `getCCMVersion` over AXL, negotiating the schema
 * version newest-first (HTTP 599 means "not this version").
 */
export async function probeAxl(target: AxlProbeTarget): Promise<AxlProbeResult> {
  const endpoint = `https://${target.host}:${target.port}/axl/`
  for (const axlVersion of AXL_VERSIONS) {
    const response = await httpsRequest({
      host: target.host,
      port: target.port,
      path: '/axl/',
      method: 'POST',
      headers: {
        'Content-Type': 'text/xml; charset=utf-8',
        Accept: 'text/xml',
        SOAPAction: `"CUCM:DB ver=${axlVersion} getCCMVersion"`,
        Authorization: basicAuth(target.username, target.password)
      },
      body: getCcmVersionEnvelope(axlVersion),
      pin: target.pin,
      proxy: target.proxy,
      timeoutMs: target.timeoutMs
    })
    if (response.status === 599) continue
    if (response.status === 401) {
      throw new ProbeFailure(
        'auth',
        `${endpoint} rejected the AXL user "${target.username}" (HTTP 401): check the user name and password, and that the user has the Standard AXL API Access role.`
      )
    }
    if (response.status === 403) {
      throw new ProbeFailure(
        'auth',
        `${endpoint} refused the AXL user "${target.username}" (HTTP 403): the user lacks an AXL access role.`
      )
    }
    if (response.status === 404) {
      throw new ProbeFailure(
        'protocol',
        `${endpoint} has no AXL service (HTTP 404): activate the Cisco AXL Web Service on the ${target.productName} publisher.`
      )
    }
    if (response.status === 503) {
      throw new ProbeFailure(
        'protocol',
        `${endpoint} is busy (HTTP 503): the AXL service throttled the request; try again shortly.`
      )
    }
    if (response.status !== 200) {
      const fault = textOf(response.body, 'axlmessage') ?? textOf(response.body, 'faultstring')
      throw new ProbeFailure(
        'protocol',
        `${endpoint} answered HTTP ${response.status}${fault ? `: ${fault}` : ''}.`
      )
    }
    const version = textOf(response.body, 'version')
    if (!version) {
      throw new ProbeFailure(
        'protocol',
        `${endpoint} answered, but not with an AXL getCCMVersion response (no version element).`
      )
    }
    return { version, axlVersion }
  }
  throw new ProbeFailure(
    'version',
    `${endpoint} accepts none of the AXL schema versions ${AXL_VERSIONS.join(', ')} (HTTP 599): this ${target.productName} release is not supported.`
  )
}
