// A plain SOAP-over-HTTPS client for exercising the lab's AXL endpoint in tests.
import https from 'node:https'

export interface AxlReply {
  status: number
  body: string
  headers: Record<string, string | string[] | undefined>
}

export interface AxlCall {
  port: number
  cert: string
  operation: string
  inner?: string
  version?: string
  auth?: { username: string; password: string } | null
  cookie?: string
}

export function axlEnvelope(operation: string, inner: string, version: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="http://www.cisco.com/AXL/API/${version}">` +
    `<soapenv:Header/><soapenv:Body><ns:${operation}>${inner}</ns:${operation}></soapenv:Body></soapenv:Envelope>`
  )
}

export function axl(call: AxlCall): Promise<AxlReply> {
  const version = call.version ?? '15.0'
  const body = axlEnvelope(call.operation, call.inner ?? '', version)
  const headers: Record<string, string | number> = {
    'Content-Type': 'text/xml; charset=utf-8',
    SOAPAction: `"CUCM:DB ver=${version} ${call.operation}"`,
    'Content-Length': Buffer.byteLength(body)
  }
  if (call.auth !== null) {
    const auth = call.auth ?? { username: 'axladmin', password: 'lab-password' }
    headers.Authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`
  }
  if (call.cookie) headers.Cookie = call.cookie
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port: call.port,
        path: '/axl/',
        method: 'POST',
        headers,
        ca: call.cert,
        checkServerIdentity: () => undefined,
        agent: false
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            headers: res.headers
          })
        )
        res.on('error', reject)
      }
    )
    req.on('error', reject)
    req.end(body)
  })
}

/** All values of an element in a response, in order. */
export function values(xml: string, element: string): string[] {
  return [...xml.matchAll(new RegExp(`<${element}(?: [^>]*)?>([^<]*)</${element}>`, 'g'))].map((m) => m[1])
}
