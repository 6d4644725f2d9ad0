// The floor of the AXL benchmarks: a plain HTTPS client, in a process of its own like the synchronization
// it is compared with, that sends the requests the synchronization sends (same pages, page sizes and
// concurrency, recorded from the connector by test/bench/axlFloor.ts) and discards the answers, counting
// only the rows it needs to know where a list ends, under the same rules as the connector: pages after
// the first sized to `paging.pageBytes` by the bytes per row seen, and one heavy read at a time.
//
// stdin (JSON):  { host, port, username, password, version, ca, fingerprint, concurrency,
//                  paging: { pageBytes, maxPageRows, heavyReadBytes },
//                  steps: [{ operation, envelope, first?, rowTag? }] }
//   A step with `first` pages: its envelope holds {{skip}} and {{first}}, its first page asks `first`
//   rows, and it ends at the first page with fewer rows than asked (rows counted by `rowTag`). A step
//   without `first` is one request. Steps run `concurrency` at a time; the pages of one step run one
//   after another, each asked as soon as the one before has arrived.
// stdout (JSON): { ms, requests, rows, bytes }
import https from 'node:https'

const stdin = []
for await (const chunk of process.stdin) stdin.push(chunk)
const input = JSON.parse(Buffer.concat(stdin).toString('utf8'))

const agent = new https.Agent({
  keepAlive: true,
  maxSockets: input.concurrency,
  ca: [input.ca],
  // The lab's self-signed certificate, pinned by fingerprint as the connector pins it.
  checkServerIdentity: (_host, cert) =>
    cert.fingerprint256 === input.fingerprint
      ? undefined
      : new Error(`unexpected certificate ${cert.fingerprint256}`)
})
const basic = `Basic ${Buffer.from(`${input.username}:${input.password}`).toString('base64')}`
let cookie
let requests = 0
let rows = 0
let bytes = 0
/** The heavy read in progress: the next one waits for it, as the connector's do. */
let heavyRead = Promise.resolve()

function post(operation, body) {
  requests += 1
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host: input.host,
        port: input.port,
        path: '/axl/',
        method: 'POST',
        agent,
        headers: {
          'Content-Type': 'text/xml; charset=utf-8',
          SOAPAction: `"CUCM:DB ver=${input.version} ${operation}"`,
          'Content-Length': Buffer.byteLength(body),
          ...(cookie ? { Cookie: cookie } : { Authorization: basic })
        }
      },
      (response) => {
        const chunks = []
        response.on('data', (chunk) => chunks.push(chunk))
        response.on('error', reject)
        response.on('end', () => {
          if (response.statusCode !== 200) {
            const fault = /<faultstring>([^<]*)/.exec(Buffer.concat(chunks).toString('utf8'))?.[1]
            reject(new Error(`${operation} answered HTTP ${response.statusCode}${fault ? `: ${fault}` : ''}`))
            return
          }
          const session = [response.headers['set-cookie'] ?? []]
            .flat()
            .map((c) => /JSESSIONIDSSO=[^;]+/.exec(c)?.[0])
            .find(Boolean)
          if (session) cookie = session
          const body = Buffer.concat(chunks)
          bytes += body.length
          resolve(body)
        })
      }
    )
    request.on('error', reject)
    request.end(body)
  })
}

function count(text, tag) {
  let found = 0
  for (let at = text.indexOf(tag); at >= 0; at = text.indexOf(tag, at + tag.length)) found += 1
  return found
}

async function runStep(step) {
  if (step.first === undefined) {
    await post(step.operation, step.envelope)
    return
  }
  const { pageBytes, maxPageRows, heavyReadBytes } = input.paging
  let first = step.first
  let bytesPerRow = 0
  for (let skip = 0; ;) {
    const body = step.envelope.replaceAll('{{skip}}', String(skip)).replaceAll('{{first}}', String(first))
    const send = () => post(step.operation, body)
    let answer
    if (bytesPerRow * first > heavyReadBytes) {
      const read = heavyRead.then(send)
      heavyRead = read.catch(() => undefined)
      answer = await read
    } else answer = await send()
    const page = count(answer.toString('latin1'), step.rowTag)
    rows += page
    if (page < first) return
    skip += page
    bytesPerRow = Math.max(bytesPerRow, answer.length / page)
    first = Math.max(1, Math.min(maxPageRows, Math.floor(pageBytes / bytesPerRow)))
  }
}

const started = performance.now()
const queue = [...input.steps]
await Promise.all(
  Array.from({ length: Math.min(input.concurrency, queue.length) }, async () => {
    for (let step = queue.shift(); step; step = queue.shift()) await runStep(step)
  })
)
const ms = performance.now() - started
agent.destroy()
process.stdout.write(`${JSON.stringify({ ms, requests, rows, bytes })}\n`)
