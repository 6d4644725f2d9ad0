// The AXL connector parses responses with its own streaming SOAP parser (issue 9: the soap package
// held whole 8 MB pages as trees, 10.8 s of CPU and most of 756 MB in a 40,000-user sync). The soap
// package stays the reference: on every lab operation the connector uses, faults included, and
// whatever the chunking, the parser must give exactly what soap gives for the same bytes.
import { isDeepStrictEqual } from 'node:util'
import * as soap from 'soap'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CUCM_INFRASTRUCTURE,
  CUCM_USER_OBJECTS,
  IMP_INFRASTRUCTURE
} from '../../src-main/connectors/axl/objects'
import { SoapResponseParser } from '../../src-main/connectors/axl/soap'
import { labCertificate, type ServerCertificate } from '../../src-main/lab/certificate'
import { LabCluster } from '../../src-main/lab/cluster'
import { startAxlServer } from '../../src-main/lab/axl/server'
import type { LabFaults } from '../../src-main/lab/faults'
import wsdlTemplate from '../fixtures/axl/switchboard-axl.wsdl?raw'
import { axl } from './helpers/axlClient'

const VERSION = '15.0'
const cluster = new LabCluster({ name: 'Oracle', seed: 5, users: 300 })
const faults: LabFaults = { unexpectedElementTypes: ['Phone'] }
let server: Awaited<ReturnType<typeof startAxlServer>>
let certificate: ServerCertificate
let wsdl: soap.WSDL

beforeAll(async () => {
  certificate = await labCertificate('oracle')
  server = await startAxlServer({
    cluster,
    versions: [VERSION],
    username: 'oracle',
    password: 'oracle-pass',
    ...certificate,
    faults
  })
  wsdl = new soap.WSDL(wsdlTemplate.replaceAll('{{AXL_VERSION}}', VERSION), 'switchboard-axl.wsdl', {})
  await new Promise<void>((resolve) => wsdl.onReady(() => resolve()))
  // A client binds the WSDL's messages to their operations, which xmlToObject needs.
  new soap.Client(wsdl, 'https://127.0.0.1/axl/', {})
})
afterAll(async () => {
  await server?.close()
})

/** The lab's raw answer to one operation, as bytes on the wire. */
async function post(operation: string, inner: string): Promise<string> {
  const auth = { username: 'oracle', password: 'oracle-pass' }
  return (await axl({ port: server.port, cert: certificate.cert, operation, inner, version: VERSION, auth }))
    .body
}

/** What soap makes of a response body (a fault's body comes with the error it throws). */
function soapBody(xml: string): unknown {
  try {
    return (wsdl.xmlToObject(xml) as { Body: unknown }).Body
  } catch (error) {
    const root = (error as { root?: { Envelope?: { Body?: unknown } } }).root
    if (root?.Envelope?.Body === undefined) throw error
    return root.Envelope.Body
  }
}

/** The chunk sizes at which each response is fed to the parser: whole, and cut anywhere. */
const CHUNKINGS = [Number.MAX_SAFE_INTEGER, 1000, 7, 3, 1]

function expectSameAsSoap(xml: string): void {
  const expected = soapBody(xml)
  for (const size of CHUNKINGS) {
    const parser = new SoapResponseParser()
    for (let i = 0; i < xml.length; i += size) parser.write(xml.slice(i, i + size))
    const body = (parser.end() as { Envelope?: { Body?: unknown } }).Envelope?.Body
    if (!isDeepStrictEqual(body, expected))
      expect({ chunk: size, body }).toEqual({ chunk: size, body: expected })
  }
}

const listTypes = [...CUCM_INFRASTRUCTURE, ...CUCM_USER_OBJECTS, ...IMP_INFRASTRUCTURE]

describe('the streaming AXL parser against the soap package (issue 9)', () => {
  it.each(listTypes.map((spec) => [spec.type, spec] as const))(
    'list%s: a page, one row and no row',
    async (_type, spec) => {
      const tags = spec.returnedTags.map((t) => `<${t}>${spec.markers[t] ?? ''}</${t}>`).join('')
      const criteria = `<searchCriteria><${spec.searchField}>%</${spec.searchField}></searchCriteria><returnedTags>${tags}</returnedTags>`
      for (const paging of [
        '<skip>0</skip><first>200</first>',
        '<first>1</first>',
        '<skip>100000</skip><first>10</first>'
      ])
        expectSameAsSoap(await post(`list${spec.type}`, `${criteria}${paging}`))
    }
  )

  it('executeSQLQuery rows and its fault, get operations, a missing object, getCCMVersion', async () => {
    expectSameAsSoap(
      await post(
        'executeSQLQuery',
        '<sql>SELECT SKIP 0 FIRST 300 d.name AS device FROM device d JOIN devicenumplanmap dm</sql>'
      )
    )
    expectSameAsSoap(await post('executeSQLQuery', '<sql>select * from enduser</sql>'))
    expectSameAsSoap(await post('getPhone', `<uuid>${cluster.collection('Phone')!.at(3)!.uuid}</uuid>`))
    expectSameAsSoap(
      await post('getDeviceProfile', `<uuid>${cluster.collection('DeviceProfile')!.at(2)!.uuid}</uuid>`)
    )
    expectSameAsSoap(await post('getPhone', '<uuid>{00000000-0000-0000-0000-000000000000}</uuid>'))
    expectSameAsSoap(await post('getCCMVersion', ''))
  })

  it('listChange with escaped text, and the "query too large" fault', async () => {
    cluster.update('Phone', 1, { description: 'Desk & <Lobby> "A"' })
    expectSameAsSoap(
      await post('listChange', `<startChangeId queueId="${cluster.changes.queueId}">1</startChangeId>`)
    )
    faults.maxResponseBytes = 1000
    expectSameAsSoap(
      await post(
        'listPhone',
        '<searchCriteria><name>%</name></searchCriteria><returnedTags><name/></returnedTags><first>100</first>'
      )
    )
    delete faults.maxResponseBytes
  })
})
