// mapLimit runs a synchronization's object types (and a poll's fetches) a few at a time. Once one
// fails the call has failed: the lanes still working finish their item but take no new one, so a
// failed run stops reading from the server.
import { describe, expect, it } from 'vitest'
import { mapLimit } from '../../src-main/connectors/common/retry'

const tick = () => new Promise((resolve) => setTimeout(resolve, 5))

describe('mapLimit', () => {
  it('keeps at most `limit` items in flight and returns the results in item order', async () => {
    let inFlight = 0
    let most = 0
    const results = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      most = Math.max(most, ++inFlight)
      await tick()
      inFlight--
      return n * 10
    })
    expect(results).toEqual([50, 10, 40, 20, 30])
    expect(most).toBe(2)
  })

  it('starts no new item once one has failed', async () => {
    const started: number[] = []
    const items: Promise<number>[] = []
    const call = mapLimit([0, 1, 2, 3, 4, 5, 6, 7], 3, (n) => {
      started.push(n)
      const item = (async () => {
        await tick()
        if (n === 1) throw new Error('item 1 failed')
        await tick()
        return n
      })()
      items.push(item)
      return item
    })
    await expect(call).rejects.toThrow('item 1 failed')
    // Once the items in flight have ended, a lane would take its next item in the promise jobs that
    // follow; one turn of the event loop has run them.
    await Promise.allSettled(items)
    await new Promise((resolve) => setImmediate(resolve))
    // Items 0 and 2 were in flight when 1 failed; their lanes took no other item.
    expect(started).toEqual([0, 1, 2])
  })
})
