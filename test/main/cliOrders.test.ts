// Issue 20 item 5: `switchboard orders` against the lab's Unified CM, through the CLI's own entry.
// Submitting an order file runs it and exits by how it ended (0 done, 1 failed), retry and roll back
// recover a failed one, a dry run sends nothing, and a bad file or a device without "Allow changes"
// exits 2 with nothing sent.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Order, OrderDryRun, OrderInput, OrderSummary } from '../../src-preload/contract'
import { jsonSyntaxProblem } from '../../src-main/cli/jsonSyntax'
import { runCli } from '../../src-main/cli/run'
import { startLab, type RunningLab } from '../../src-main/lab'
import { lineKey } from '../../src-main/lab/cluster/lines'
import { cliFor, type CliResult } from './helpers/cli'
import { addTrustedLabDevice, tempDir, testCore } from './helpers/core'

let lab: RunningLab
let dataDir: string
let device: string
let unity: string
let cli: (args: string[]) => Promise<CliResult>
const files = tempDir('switchboard-order-files-')

beforeAll(async () => {
  lab = await startLab({ users: 20, clusters: 1, seed: 53, faults: {} })
  const cucm = lab.servers.find((s) => s.product === 'cucm')!
  device = cucm.name
  const core = testCore()
  dataDir = core.dataDir
  await addTrustedLabDevice(core, cucm)
  const cuc = lab.servers.find((s) => s.product === 'unity-connection')!
  unity = cuc.name
  await addTrustedLabDevice(core, cuc)
  await core.close()
  cli = cliFor(dataDir)
  for (const name of [device, unity])
    expect((await cli(['devices', 'edit', name, '--allow-changes'])).code).toBe(0)
}, 60_000)
afterAll(async () => {
  await lab.stop()
})
beforeEach(() => {
  for (const key of Object.keys(lab.faults)) delete lab.faults[key as keyof typeof lab.faults]
})

const cluster = () => lab.clusters[0]
const phoneOf = (pattern: string): string => `SEP00000000${pattern}`

/** A desk phone with its line: add the line, then the phone on it. */
function deskPhone(pattern: string): OrderInput {
  const site = cluster().sites[0].code
  const line = { pattern, partition: 'PT-Internal' }
  return {
    title: `Desk phone on ${pattern}`,
    steps: [
      { action: { type: 'add-line', device, line: { ...line, description: `Desk line ${pattern}` } } },
      {
        action: {
          type: 'add-phone',
          device,
          phone: {
            name: phoneOf(pattern),
            product: 'Cisco 8845',
            class: 'Phone',
            protocol: 'SIP',
            devicePoolName: `DP-${site}-Phones`,
            locationName: `LOC-${site}`,
            phoneTemplateName: 'Standard 8845 SIP',
            lines: [{ index: 1, ...line }]
          }
        },
        dependsOn: [1]
      }
    ]
  }
}

function orderFile(name: string, content: unknown): string {
  const file = join(files, name)
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2))
  return file
}

/** Whether the lab's Unified CM itself has the line or the phone (not the inventory). */
const lineOnDevice = (pattern: string): boolean =>
  cluster().collection('Line')?.indexOf(lineKey(pattern, 'PT-Internal')) !== undefined
const phoneOnDevice = (name: string): boolean => cluster().collection('Phone')?.indexOf(name) !== undefined

const json = <T>(run: CliResult): T => JSON.parse(run.out) as T

async function submitted(pattern: string): Promise<{ run: CliResult; order: Order }> {
  const run = await cli([
    '--json',
    'orders',
    'submit',
    '--file',
    orderFile(`${pattern}.json`, deskPhone(pattern))
  ])
  return { run, order: json<Order>(run) }
}

describe('switchboard orders', () => {
  it('submits an order file, waits for it, and lists and shows it', async () => {
    expect(lineOnDevice('7710')).toBe(false)
    const file = orderFile('7710.json', deskPhone('7710'))
    const run = await cli(['orders', 'submit', '--file', file])
    expect(run.err).toBe('')
    expect(run.code).toBe(0)
    expect(run.out).toMatch(/status: done/)
    expect(run.out).toMatch(/Add phone SEP000000007710 \(Cisco 8845, lines 7710\)/)
    expect(lineOnDevice('7710')).toBe(true)
    expect(phoneOnDevice(phoneOf('7710'))).toBe(true)

    const listed = json<OrderSummary[]>(await cli(['--json', 'orders', 'list']))
    const order = listed.find((o) => o.title === 'Desk phone on 7710')!
    expect(order).toMatchObject({ status: 'done', devices: [device], steps: { total: 2, done: 2 } })
    const table = await cli(['orders', 'list', '--device', device, '--status', 'done,failed'])
    expect(table.code).toBe(0)
    expect(table.out).toMatch(/^ID\s+STATUS\s+TITLE\s+DEVICES\s+STEPS DONE\s+UPDATED$/m)
    expect(table.out).toMatch(
      new RegExp(`^${order.id}\\s+done\\s+Desk phone on 7710\\s+${device}\\s+2/2\\s`, 'm')
    )
    expect((await cli(['orders', 'list', '--status', 'failed'])).out).not.toMatch(/Desk phone on 7710/)

    const shown = await cli(['orders', 'show', String(order.id)])
    expect(shown.code).toBe(0)
    expect(shown.out).toMatch(/^1\s+Lab CUCM 1\s+done\s+\S+\s+\d+ ms\s+Add line 7710 in PT-Internal$/m)
    expect(shown.out).toMatch(/^2\s+Lab CUCM 1\s+done\s+.*\(after 1\)$/m)
    expect(shown.out).not.toMatch(/AXL addLine/)
    const withRequests = await cli(['orders', 'show', String(order.id), '--requests'])
    expect(withRequests.out).toMatch(
      /AXL addLine to Lab CUCM 1:\n\s+<\?xml|AXL addLine to Lab CUCM 1:\n\s+<soapenv:Envelope/
    )
    expect(withRequests.out).toMatch(/<name>SEP000000007710<\/name>/)
    const detail = json<Order>(await cli(['--json', 'orders', 'show', String(order.id)]))
    expect(detail.stepList.map((s) => [s.seq, s.state, s.request?.protocol])).toEqual([
      [1, 'done', 'axl'],
      [2, 'done', 'axl']
    ])
  }, 60_000)

  it('a failed order exits 1; retry completes it and exits 0', async () => {
    lab.faults.failWriteIn = 2
    const { run, order } = await submitted('7720')
    expect(run.code).toBe(1)
    expect(order.status).toBe('failed')
    expect(order.stepList.map((s) => s.state)).toEqual(['done', 'failed'])
    expect(phoneOnDevice(phoneOf('7720'))).toBe(false)
    const human = await cli(['orders', 'show', String(order.id)])
    // The failed step's error is the order's: said once, with the step.
    expect(human.out).not.toMatch(/^ {2}error:/m)
    expect(human.out).toMatch(/^Errors:\n {2}Step 2 \(Add phone SEP000000007720.*\(injected\)/m)

    const retried = await cli(['orders', 'retry', String(order.id)])
    expect(retried.code).toBe(0)
    expect(retried.out).toMatch(/status: done/)
    expect(phoneOnDevice(phoneOf('7720'))).toBe(true)
    // A done order is not retried again: nothing to do, nothing sent.
    const again = await cli(['orders', 'retry', String(order.id)])
    expect(again.code).toBe(2)
    expect(again.err).toMatch(
      /only a failed, interrupted or cancelled order \(or one a previous run of Switchboard left queued\) can be retried/
    )
  }, 60_000)

  it('rolls back a failed order: its done steps are undone on the device', async () => {
    lab.faults.failWriteIn = 2
    const { run, order } = await submitted('7730')
    expect(run.code).toBe(1)
    expect(lineOnDevice('7730')).toBe(true)
    const rolledBack = await cli(['--json', 'orders', 'rollback', String(order.id)])
    expect(rolledBack.code).toBe(0)
    expect(json<Order>(rolledBack).stepList.map((s) => s.state)).toEqual(['undone', 'failed'])
    expect(lineOnDevice('7730')).toBe(false)
  }, 60_000)

  it('a roll back that stops exits 1', async () => {
    lab.faults.failWriteIn = 2
    const { order } = await submitted('7735')
    lab.faults.failWriteIn = 1
    const rolledBack = await cli(['--json', 'orders', 'rollback', String(order.id)])
    expect(rolledBack.code).toBe(1)
    expect(json<Order>(rolledBack)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^Roll back stopped/) as unknown
    })
    expect(lineOnDevice('7735')).toBe(true)
  }, 60_000)

  it('cancels a stopped order; Ctrl+C cancels an order while it runs', async () => {
    lab.faults.failWriteIn = 2
    const { order } = await submitted('7740')
    const cancelled = await cli(['orders', 'cancel', String(order.id)])
    expect(cancelled.code).toBe(0)
    expect(cancelled.out).toMatch(/status: cancelled/)
    expect((await cli(['orders', 'cancel', String(order.id)])).code).toBe(2)

    // The user presses Ctrl+C as the order starts: it stops before its first request.
    let out = ''
    const code = await runCli(
      [
        '--data-dir',
        dataDir,
        '--json',
        'orders',
        'submit',
        '--file',
        orderFile('7750.json', deskPhone('7750'))
      ],
      {
        stdout: (t) => (out += t),
        stderr: () => undefined,
        readStdin: () => Promise.resolve(''),
        env: {},
        untilStopped: () => Promise.resolve('SIGINT')
      }
    )
    expect(code).toBe(1)
    expect(JSON.parse(out)).toMatchObject({ status: 'cancelled' })
    expect(lineOnDevice('7750')).toBe(false)
  }, 60_000)

  it('a dry run prints the exact requests and the inventory afterwards, and sends nothing', async () => {
    const before = json<OrderSummary[]>(await cli(['--json', 'orders', 'list'])).length
    const file = orderFile('7760.json', deskPhone('7760'))
    const dry = await cli(['orders', 'submit', '--file', file, '--dry-run'])
    expect(dry.code).toBe(0)
    expect(dry.out).toMatch(/nothing was sent/)
    expect(dry.out).toMatch(/^Step 1 on Lab CUCM 1: Add line 7760 in PT-Internal$/m)
    expect(dry.out).toMatch(/AXL addPhone to Lab CUCM 1:/)
    expect(dry.out).toMatch(/^Lab CUCM 1\s+Line\s+7760 \/ PT-Internal\s+add$/m)
    expect(dry.out).toMatch(/^Lab CUCM 1\s+Phone\s+SEP000000007760\s+add$/m)
    const asJson = json<OrderDryRun>(await cli(['--json', 'orders', 'submit', '--file', file, '--dry-run']))
    expect(asJson.steps.map((s) => s.requests[0]?.protocol === 'axl' && s.requests[0].operation)).toEqual([
      'addLine',
      'addPhone'
    ])
    expect(lineOnDevice('7760')).toBe(false)
    expect(phoneOnDevice(phoneOf('7760'))).toBe(false)
    expect(json<OrderSummary[]>(await cli(['--json', 'orders', 'list'])).length).toBe(before)
  }, 60_000)

  it('a Unity Connection step shows its CUPI method, path and JSON body', async () => {
    const mailbox: OrderInput = {
      title: 'Mailbox for 7795',
      steps: [
        {
          action: {
            type: 'create-mailbox',
            device: unity,
            template: 'voicemailusertemplate',
            mailbox: { alias: 'zcli7795', extension: '7795', lastName: 'Scripted' }
          }
        }
      ]
    }
    const file = orderFile('mailbox.json', mailbox)
    const dry = await cli(['orders', 'submit', '--file', file, '--dry-run'])
    expect(dry.code).toBe(0)
    const request = [
      `  CUPI POST /vmrest/users?templateAlias=voicemailusertemplate to ${unity}`,
      '    {',
      '      "Alias": "zcli7795",',
      '      "DtmfAccessId": "7795",',
      '      "LastName": "Scripted"',
      '    }'
    ].join('\n')
    expect(dry.out).toContain(request)
    const run = await cli(['--json', 'orders', 'submit', '--file', file])
    expect(run.code).toBe(0)
    const shown = await cli(['orders', 'show', String(json<Order>(run).id), '--requests'])
    expect(shown.out).toContain(`Step 1:\n${request}`)
  }, 60_000)

  it('a bad file exits 2 naming the file and where; nothing is sent', async () => {
    const broken = orderFile('broken.json', '{\n  "title": "Broken",\n  "steps" []\n}\n')
    const run = await cli(['orders', 'submit', '--file', broken])
    expect(run.code).toBe(2)
    expect(run.err).toBe(
      `error: --file ${broken}: not valid JSON at line 3, column 11: expected ":" after the property name, found "["\n`
    )
    const empty = await cli(['orders', 'submit', '--file', orderFile('empty.json', '\n')])
    expect(empty.err).toMatch(/empty\.json: the file is empty/)

    const missing = await cli(['orders', 'submit', '--file', join(files, 'nosuch.json')])
    expect(missing.code).toBe(2)
    expect(missing.err).toContain(`--file: cannot read ${join(files, 'nosuch.json')}`)
    const list = await cli(['orders', 'submit', '--file', orderFile('list.json', '[]')])
    expect(list.err).toMatch(/must hold one order, an object with "title" and "steps"/)

    const input = deskPhone('77A0')
    const invalid = await cli(['orders', 'submit', '--file', orderFile('invalid.json', input)])
    expect(invalid.code).toBe(2)
    expect(invalid.err).toMatch(/steps\[0\]\.action\.line\.pattern: may contain only digits/)
    const asJson = await cli([
      '--json',
      'orders',
      'submit',
      '--file',
      orderFile('invalid.json', input),
      '--dry-run'
    ])
    expect(json<{ error: { code: string; issues: unknown[] } }>(asJson).error).toMatchObject({
      code: 'VALIDATION',
      issues: expect.arrayContaining([
        {
          field: 'steps.0.action.line.pattern',
          message: expect.any(String) as unknown,
          option: 'steps[0].action.line.pattern'
        }
      ]) as unknown
    })

    const elsewhere = deskPhone('7770')
    elsewhere.steps[1].action.device = 'Nowhere'
    const unknown = await cli(['orders', 'submit', '--file', orderFile('elsewhere.json', elsewhere)])
    expect(unknown.code).toBe(2)
    expect(unknown.err).toMatch(/Step 2: there is no device named Nowhere/)
    expect(lineOnDevice('7770')).toBe(false)

    expect((await cli(['orders', 'submit'])).err).toMatch(/missing --file ORDER.json/)
    expect((await cli(['orders', 'show', 'abc'])).err).toMatch(/ID must be an order number, got "abc"/)
    expect((await cli(['orders', 'show', '99999'])).code).toBe(2)
    const status = await cli(['orders', 'list', '--status', 'finished'])
    expect(status.code).toBe(2)
    expect(status.err).toMatch(/^error: --status: must be one of queued, running/m)
  }, 60_000)

  it('a device without Allow changes exits 2 with CHANGES_NOT_ALLOWED and stores nothing', async () => {
    expect((await cli(['devices', 'edit', device, '--no-allow-changes'])).code).toBe(0)
    try {
      const before = json<OrderSummary[]>(await cli(['--json', 'orders', 'list'])).length
      const run = await cli([
        '--json',
        'orders',
        'submit',
        '--file',
        orderFile('7780.json', deskPhone('7780'))
      ])
      expect(run.code).toBe(2)
      expect(json<{ error: { code: string } }>(run).error.code).toBe('CHANGES_NOT_ALLOWED')
      expect(json<OrderSummary[]>(await cli(['--json', 'orders', 'list'])).length).toBe(before)
      expect(lineOnDevice('7780')).toBe(false)
      // A dry run sends nothing, so it is allowed.
      expect(
        (await cli(['orders', 'submit', '--file', orderFile('7780.json', deskPhone('7780')), '--dry-run']))
          .code
      ).toBe(0)
    } finally {
      await cli(['devices', 'edit', device, '--allow-changes'])
    }
  }, 60_000)
})

describe('JSON syntax problems of an order file', () => {
  it('finds the line and column of the first mistake', () => {
    const at = (text: string) => jsonSyntaxProblem(text)
    expect(at('{"steps": [1, 2,]}')).toEqual({
      line: 1,
      column: 17,
      problem: 'a "," must be followed by another entry, not "]"'
    })
    expect(at('{\n  "title": "A\n"}')).toMatchObject({
      line: 2,
      column: 14,
      problem: expect.stringMatching(/line break/) as unknown
    })
    expect(at("{'title': 1}")).toMatchObject({
      line: 1,
      column: 2,
      problem: expect.stringMatching(/double quotes/) as unknown
    })
    expect(at('{"a": 1} x')).toMatchObject({
      column: 10,
      problem: expect.stringMatching(/end of the file/) as unknown
    })
    expect(at('{"a": [')).toMatchObject({
      column: 8,
      problem: expect.stringMatching(/found the end of the file/) as unknown
    })
    expect(at('{"a": "\\q"}')).toMatchObject({
      column: 8,
      problem: expect.stringMatching(/escape/) as unknown
    })
    expect(at('['.repeat(100_000))).toMatchObject({ problem: 'nested more than 512 deep' })
  })

  it('finds nothing wrong in what JSON.parse accepts', () => {
    for (const text of [
      '{}',
      ' [ ] ',
      '{"a": [1, -2.5e+3, 0, true, false, null, "x\\"\\u00e9\\n"], "b": {"c": {}}}',
      JSON.stringify({ title: 'x', steps: [{ action: { type: 'add-line' }, dependsOn: [1] }] }, null, 2)
    ]) {
      expect(() => JSON.parse(text) as unknown).not.toThrow()
      expect(jsonSyntaxProblem(text)).toBeUndefined()
    }
  })
})
