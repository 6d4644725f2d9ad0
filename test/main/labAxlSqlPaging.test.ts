// The lab's executeSQLQuery resumes `SKIP n FIRST m` paging where the previous page stopped (a cursor)
// and must return exactly what a fresh query would, also when the cluster changes between pages.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startAxlServer, type RunningAxlServer } from '../../src-main/lab/axl/server'
import { labCertificate, type ServerCertificate } from '../../src-main/lab/certificate'
import { LabCluster } from '../../src-main/lab/cluster'
import { axl, values } from './helpers/axlClient'

let certificate: ServerCertificate
let cluster: LabCluster
let server: RunningAxlServer

beforeAll(async () => {
  certificate = await labCertificate('cucm-sql.example.test')
  cluster = new LabCluster({ name: 'CUCM1', seed: 17, users: 300 })
  server = await startAxlServer({
    cluster,
    versions: ['15.0'],
    username: 'axladmin',
    password: 'lab-password',
    ...certificate,
    faults: {}
  })
})
afterAll(() => server.close())

const APPEARANCES =
  'SELECT {{page}} d.name AS device, n.dnorpattern AS pattern, dm.numplanindex AS position FROM device d JOIN devicenumplanmap dm ON dm.fkdevice = d.pkid JOIN numplan n ON dm.fknumplan = n.pkid ORDER BY d.name, dm.numplanindex'

/** Rows as `device#position pattern`, for one page or (without paging) the whole result. */
async function rows(page: string): Promise<string[]> {
  const reply = await axl({
    port: server.port,
    cert: certificate.cert,
    operation: 'executeSQLQuery',
    inner: `<sql>${APPEARANCES.replace('{{page}}', page)}</sql>`
  })
  expect(reply.status).toBe(200)
  const devices = values(reply.body, 'device')
  const positions = values(reply.body, 'position')
  const patterns = values(reply.body, 'pattern')
  return devices.map((d, i) => `${d}#${positions[i]} ${patterns[i]}`)
}

async function paged(size: number, between?: (skip: number) => void): Promise<string[]> {
  const all: string[] = []
  for (let skip = 0; ; skip += size) {
    between?.(skip)
    const page = await rows(`SKIP ${skip} FIRST ${size}`)
    all.push(...page)
    if (page.length < size) return all
  }
}

it('pages through line appearances exactly as one query returns them', async () => {
  const whole = await rows('')
  expect(whole.length).toBeGreaterThan(400)
  expect(await paged(37)).toEqual(whole)
  // A page asked for out of order is answered from a fresh scan.
  expect(await rows('SKIP 74 FIRST 37')).toEqual(whole.slice(74, 111))
  expect(await rows('SKIP 37 FIRST 37')).toEqual(whole.slice(37, 74))
})

it('answers the page after a change from the changed cluster, not from the open cursor', async () => {
  const before = await rows('')
  const removed = before[10].split('#')[0]
  const index = cluster.collection('Phone')?.indexOf(removed)
  expect(index).toBeDefined()
  const pages = await paged(50, (skip) => {
    if (skip === 100) cluster.remove('Phone', index as number)
  })
  const after = await rows('')
  expect(after.some((r) => r.startsWith(`${removed}#`))).toBe(false)
  // Pages before the change come from the old cluster, pages after it from the new one.
  expect(pages).toEqual([...before.slice(0, 100), ...after.slice(100)])
})
