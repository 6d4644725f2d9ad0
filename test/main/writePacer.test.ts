// The write pacer (issue 20, bench of orders): learns a device's write throttle from its first 503,
// keeps writes under it, probes upward slowly, and is shared per device. Time is an injected clock
// that the test moves on; nothing sleeps.
import { describe, expect, it } from 'vitest'
import { CancelledError } from '../../src-main/connectors/common/retry'
import {
  DEFAULT_PACER,
  WritePacer,
  writePacerOf,
  type PacerClock
} from '../../src-main/connectors/common/writePacer'

/** A clock that moves only when told: sleepers wake, in order, as it passes their time. */
class ManualClock implements PacerClock {
  private at = 0
  private sleepers: { until: number; wake: () => void; fail: (error: Error) => void }[] = []

  now(): number {
    return this.at
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const sleeper = { until: this.at + ms, wake: resolve, fail: reject }
      this.sleepers.push(sleeper)
      signal?.addEventListener('abort', () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper)
        reject(new CancelledError())
      })
    })
  }

  get waiting(): number {
    return this.sleepers.length
  }

  /** Runs what is ready, then moves to the next sleeper's time and wakes it, until `done` settles. */
  async runUntil<T>(done: Promise<T>): Promise<T> {
    let settled = false
    const result = done.finally(() => (settled = true))
    for (;;) {
      await settle()
      if (settled) return result
      const next = [...this.sleepers].sort((a, b) => a.until - b.until)[0]
      if (!next) throw new Error('nothing sleeps and the work has not finished')
      this.at = Math.max(this.at, next.until)
      this.sleepers = this.sleepers.filter((s) => s !== next)
      next.wake()
    }
  }

  advance(ms: number): void {
    this.at += ms
  }
}

/** Lets every ready promise callback run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

const settings = { windowMs: 1000, guardMs: 20, probeAfterWindows: 30 }

/** The lab's throttle: at most `limit` writes accepted in any second, counted when they arrive. */
function slidingThrottle(clock: ManualClock, limit: number): () => boolean {
  let accepted: number[] = []
  return () => {
    const now = clock.now()
    accepted = accepted.filter((at) => now - at < 1000)
    if (accepted.length >= limit) return false
    accepted.push(now)
    return true
  }
}

describe('write pacer', () => {
  it('lets writes through without waiting until the server first throttles', async () => {
    const clock = new ManualClock()
    const pacer = new WritePacer(settings, clock)
    for (let i = 0; i < 100; i++) (await pacer.acquire()).accepted()
    expect(clock.now()).toBe(0)
    expect(clock.waiting).toBe(0)
    expect(pacer.limit).toBeUndefined()
  })

  it('learns the limit from the writes accepted in the window before a 503 and keeps to it', async () => {
    const clock = new ManualClock()
    const pacer = new WritePacer(settings, clock)
    for (let i = 0; i < 5; i++) {
      ;(await pacer.acquire()).accepted()
      clock.advance(100)
    }
    // At 500 ms the sixth write of the second is refused.
    expect((await pacer.acquire()).throttled()).toBe(true)
    expect(pacer.limit).toBe(5)
    // The next may go once the first accepted write (at 0 ms) has left the window, with the guard.
    const next = pacer.acquire()
    await clock.runUntil(next)
    expect(clock.now()).toBe(1020)
    // Then one each time another accepted write leaves it: 1120, 1220, …
    ;(await next).accepted()
    await clock.runUntil(pacer.acquire())
    expect(clock.now()).toBe(1120)
  })

  it('lets a burst through after a pause, as a sliding window allows', async () => {
    const clock = new ManualClock()
    const pacer = new WritePacer(settings, clock)
    for (let i = 0; i < 3; i++) (await pacer.acquire()).accepted()
    ;(await pacer.acquire()).throttled()
    expect(pacer.limit).toBe(3)
    clock.advance(5000)
    const started = clock.now()
    for (let i = 0; i < 3; i++) (await pacer.acquire()).accepted()
    expect(clock.now()).toBe(started)
    expect(clock.waiting).toBe(0)
  })

  it('a 503 with nothing accepted before it teaches nothing: the caller backs off', async () => {
    const clock = new ManualClock()
    const pacer = new WritePacer(settings, clock)
    expect((await pacer.acquire()).throttled()).toBe(false)
    expect(pacer.limit).toBeUndefined()
  })

  it('a 503 while at the learned limit lowers it by one (the server allows fewer now)', async () => {
    const clock = new ManualClock()
    const pacer = new WritePacer(settings, clock)
    for (let i = 0; i < 3; i++) (await pacer.acquire()).accepted()
    ;(await pacer.acquire()).throttled()
    expect(pacer.limit).toBe(3)
    clock.advance(2000)
    for (let i = 0; i < 3; i++) {
      ;(await pacer.acquire()).accepted()
      clock.advance(300)
    }
    // The fourth goes at 1,020 ms after the first of the three and is refused: two were accepted
    // in the second before it, fewer than the three it allowed.
    const fourth = pacer.acquire()
    await clock.runUntil(fourth)
    expect((await fourth).throttled()).toBe(true)
    expect(pacer.limit).toBe(2)
  })

  it('probes one write per window higher after limit × probeAfterWindows accepted writes', async () => {
    const clock = new ManualClock()
    const pacer = new WritePacer(settings, clock)
    for (let i = 0; i < 4; i++) (await pacer.acquire()).accepted()
    ;(await pacer.acquire()).throttled()
    expect(pacer.limit).toBe(4)
    for (let i = 0; i < 4 * 30 - 1; i++) (await clock.runUntil(pacer.acquire())).accepted()
    expect(pacer.limit).toBe(4)
    ;(await clock.runUntil(pacer.acquire())).accepted()
    expect(pacer.limit).toBe(5)
  })

  it('after a refused probe, waits twice as long before the next (up to eight times)', async () => {
    const clock = new ManualClock()
    const pacer = new WritePacer(settings, clock)
    const serverAccepts = slidingThrottle(clock, 2)
    /** The number of accepted writes before each refusal. */
    const refusedAfter: number[] = []
    const work = (async () => {
      for (let accepted = 0; accepted < 2000;) {
        const paced = await pacer.acquire()
        if (serverAccepts()) {
          paced.accepted()
          accepted++
        } else {
          refusedAfter.push(accepted)
          paced.throttled()
        }
        await clock.sleep(60)
      }
    })()
    await clock.runUntil(work)
    const gaps = refusedAfter.slice(1).map((n, i) => n - refusedAfter[i])
    // Discovery at the third write, then probes 2 × 30 accepted writes apart, 2 × 60, 2 × 120, 2 × 240,
    // and 2 × 240 again (each probe lets a few writes more through before the server refuses one).
    expect(refusedAfter[0]).toBe(2)
    expect(gaps.length).toBeGreaterThanOrEqual(4)
    gaps.forEach((gap, i) => {
      const expected = 2 * 30 * Math.min(8, 2 ** i)
      expect(gap).toBeGreaterThanOrEqual(expected)
      expect(gap).toBeLessThanOrEqual(expected + 6)
    })
    expect(pacer.limit).toBe(2)
  })

  it('keeps a writer at the throttle floor with few refusals against a sliding-window throttle', async () => {
    const clock = new ManualClock()
    const pacer = new WritePacer(DEFAULT_PACER, clock)
    const serverAccepts = slidingThrottle(clock, 5)
    let refused = 0
    const writes = 600
    const work = (async () => {
      for (let done = 0; done < writes;) {
        const paced = await pacer.acquire()
        if (serverAccepts()) {
          paced.accepted()
          done++
        } else {
          refused++
          paced.throttled()
        }
        // A round trip and the reads between writes: faster than the throttle allows.
        await clock.sleep(60)
      }
    })()
    await clock.runUntil(work)
    const floorMs = (writes / 5) * 1000
    expect(refused / writes).toBeLessThan(0.01)
    expect(clock.now()).toBeLessThanOrEqual(floorMs * 1.05)
    expect(pacer.limit).toBe(5)
  })

  it('a cancelled waiter gives up its turn and the next one still gets its slot', async () => {
    const clock = new ManualClock()
    const pacer = new WritePacer(settings, clock)
    ;(await pacer.acquire()).accepted()
    ;(await pacer.acquire()).throttled()
    const controller = new AbortController()
    const cancelled = pacer.acquire(controller.signal)
    const next = pacer.acquire()
    await settle()
    controller.abort()
    await expect(cancelled).rejects.toBeInstanceOf(CancelledError)
    await clock.runUntil(next)
    expect(clock.now()).toBe(1020)
  })

  it('is one pacer per device endpoint, shared by its writers', () => {
    expect(writePacerOf('127.0.0.1:8443')).toBe(writePacerOf('127.0.0.1:8443'))
    expect(writePacerOf('127.0.0.1:8443')).not.toBe(writePacerOf('127.0.0.1:9443'))
  })
})
