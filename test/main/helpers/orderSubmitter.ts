// The child process of killDuringOrders.test.ts (bundled by nodeBundle.ts, run as
// `node orderSubmitter.cjs <data dir> <orders.json>`): opens a Core on a data directory and submits the orders of a JSON file that the store does not hold yet (by title), two
// at a time so one waits queued behind the one running. It prints a line for every order event and
// every step state the store records, so the test can SIGKILL it at a chosen point:
//   order <id> <status>        an 'orders:changed' event
//   step <id>.<seq> <state>    a step state just written to the store
//   finished                   every order was submitted and has ended
import { readFileSync } from 'node:fs'
import type { OrderInput } from '../../../src-preload/contract'
import { createCore } from '../../../src-main/core'

const SUBMITTING_AT_ONCE = 2

async function main([dataDir, ordersFile]: string[]): Promise<void> {
  if (!dataDir || !ordersFile) throw new Error('usage: orderSubmitter.ts <data dir> <orders.json>')
  const orders = JSON.parse(readFileSync(ordersFile, 'utf8')) as OrderInput[]
  const print = (line: string): void => {
    process.stdout.write(`${line}\n`)
  }
  const core = createCore({ dataDir, host: 'cli' })
  core.events.subscribe((event, payload) => {
    const change = payload as { id: number; status: string }
    if (event === 'orders:changed') print(`order ${change.id} ${change.status}`)
  })
  // The Core has no event per step; the step's row is what a crash leaves, so its writes are the
  // points to report (the real update runs first: the line means the state is stored).
  const steps = core.store.orderSteps
  const update = steps.update.bind(steps)
  steps.update = (orderId, seq, change) => {
    update(orderId, seq, change)
    print(`step ${orderId}.${seq} ${change.state}`)
  }

  const listed = await core.dispatch('orders:list', { limit: 5000 }, { origin: 'cli' })
  if (!listed.ok) throw new Error(`orders:list failed: ${listed.error.message}`)
  const stored = new Set(listed.value.map((o) => o.title))
  const waiting = orders.filter((o) => !stored.has(o.title))
  const submitter = async (): Promise<void> => {
    for (let order = waiting.shift(); order; order = waiting.shift()) {
      const result = await core.dispatch('orders:submit', order, { origin: 'cli' })
      if (!result.ok) throw new Error(`orders:submit "${order.title}" failed: ${result.error.message}`)
    }
  }
  await Promise.all(Array.from({ length: SUBMITTING_AT_ONCE }, submitter))
  await core.close()
  print('finished')
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
