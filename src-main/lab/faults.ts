/**
 * Fault and load behaviour of a simulated server, changeable while it runs (tests and `lab start
 * --faults` set it). Every field is optional; an empty object is a healthy server.
 */
export interface LabFaults {
  /** Added to every response. */
  latencyMs?: number
  /** Added to every page of a list or query. */
  slowPageMs?: number
  /** The next N requests are answered 503 Service Unavailable (a throttling storm). */
  serviceUnavailable?: number
  /** Every Nth paged response is cut off mid-body (connection dropped). */
  dropEveryNth?: number
  /** Object types whose list requests fail with an AXL fault (e.g. "SipTrunk"). */
  failingTypes?: string[]
  /** Object types whose objects carry an element the client does not know. */
  unexpectedElementTypes?: string[]
  /** AXL's response cap (8 MB); smaller values make the "query too large" fault easy to reach. */
  maxResponseBytes?: number
  /**
   * AXL object types whose list requests answer an empty list, as a misbehaving server might; "all"
   * empties every list and SQL query (what a client that takes a wrong answer for "none" reads).
   */
  emptyTypes?: string[]
  /** Every AXL request is answered with a getCCMVersionResponse, as a misrouted or confused server would. */
  wrongResponse?: boolean
  /** Server time every request costs (the server-time model, with rowUs). */
  serverMs?: number
  /** Server time every row a list, SQL query or listChange returns costs, in microseconds. */
  rowUs?: number
  /**
   * An AXL read answering more than this many bytes is heavy: a publisher builds one at a time, and a
   * second one while the first is in progress gets the "Maximum AXL Memory Allocation Consumed" fault.
   */
  heavyReadBytes?: number
  /** The account may read but not write: AXL add/update/remove and CUPI writes are answered 401. */
  readOnlyAccount?: boolean
  /** AXL or CUPI writes accepted per second; more are answered 503, as Unified CM's write throttle does. */
  writesPerSecond?: number
  /** The Nth AXL or CUPI write from now fails (a fault, a 500) and changes nothing (counted by the server). */
  failWriteIn?: number
  /**
   * The Nth AXL or CUPI write from now is made, but its connection drops before the answer (a create
   * whose answer was lost: the client cannot tell whether it landed without looking).
   */
  loseWriteAnswerIn?: number
}

/** What the lab's AXL and CUPI servers have been sent, counted for benchmarks. */
export interface LabTally {
  requests: number
  /** Write requests, the refused ones included. */
  writes: number
  /** Writes the write throttle answered with 503. */
  throttledWrites: number
}

export const emptyTally = (): LabTally => ({ requests: 0, writes: 0, throttledWrites: 0 })

export const AXL_MAX_RESPONSE_BYTES = 8 * 1024 * 1024

/** The server time of one response under the server-time model: per request plus per returned row. */
export function serverTimeMs(faults: LabFaults, rows: number): number {
  return (faults.serverMs ?? 0) + (rows * (faults.rowUs ?? 0)) / 1000
}

/**
 * Parses `--faults` text:
 * `latency=50,slow=200,503=10,drop=5,fail=SipTrunk+Css,unexpected=Phone,max-bytes=100000,empty=Phone+Line`,
 * the server-time model `server-ms=10,row-us=50,heavy-bytes=2097152`, writes `write-rate=20,fail-write=3,lose-write=2`,
 * and the flags `wrong-response` and `read-only`.
 */
export function parseFaults(spec: string): LabFaults {
  const faults: LabFaults = {}
  if (spec.trim() === '') return faults
  for (const part of spec.split(',')) {
    const [key, rawValue] = part.split('=').map((s) => s.trim())
    const value = rawValue ?? ''
    const number = (): number => {
      if (!/^\d+$/.test(value)) throw new Error(`--faults ${key}: expected a whole number, got "${value}"`)
      return Number(value)
    }
    const list = (): string[] => {
      const items = value.split('+').filter(Boolean)
      if (items.length === 0)
        throw new Error(`--faults ${key}: expected one or more object types joined by +`)
      return items
    }
    switch (key) {
      case 'latency':
        faults.latencyMs = number()
        break
      case 'slow':
        faults.slowPageMs = number()
        break
      case '503':
        faults.serviceUnavailable = number()
        break
      case 'drop':
        faults.dropEveryNth = number()
        break
      case 'fail':
        faults.failingTypes = list()
        break
      case 'unexpected':
        faults.unexpectedElementTypes = list()
        break
      case 'max-bytes':
        faults.maxResponseBytes = number()
        break
      case 'empty':
        faults.emptyTypes = list()
        break
      case 'server-ms':
        faults.serverMs = number()
        break
      case 'row-us':
        faults.rowUs = number()
        break
      case 'heavy-bytes':
        faults.heavyReadBytes = number()
        break
      case 'wrong-response':
      case 'read-only':
        if (rawValue !== undefined) throw new Error(`--faults ${key}: takes no value, got "${value}"`)
        if (key === 'read-only') faults.readOnlyAccount = true
        else faults.wrongResponse = true
        break
      case 'write-rate':
        faults.writesPerSecond = number()
        break
      case 'fail-write':
        faults.failWriteIn = number()
        if (faults.failWriteIn === 0) throw new Error('--faults fail-write: counts writes from 1, got "0"')
        break
      case 'lose-write':
        faults.loseWriteAnswerIn = number()
        if (faults.loseWriteAnswerIn === 0)
          throw new Error('--faults lose-write: counts writes from 1, got "0"')
        break
      default:
        throw new Error(
          `--faults: unknown fault "${key}" (known: latency, slow, 503, drop, fail, unexpected, max-bytes, empty, server-ms, row-us, heavy-bytes, wrong-response, read-only, write-rate, fail-write, lose-write)`
        )
    }
  }
  return faults
}
