import type { ChildProcess } from 'node:child_process'
import { connect, createServer, type AddressInfo, type Socket } from 'node:net'

/** A loopback port that was free a moment ago and has nothing listening on it now. */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** Whether something accepts connections on a loopback port. */
export async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** Waits until a server process answers on all its ports; fails with its output if it exits or hangs. */
export async function waitForPorts(
  ports: number[],
  child: ChildProcess,
  output: () => string,
  what: string
): Promise<void> {
  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${what} exited (${child.exitCode}): ${output().slice(-2000)}`)
    if ((await Promise.all(ports.map(portOpen))).every(Boolean)) return
    if (Date.now() > deadline)
      throw new Error(`${what} did not answer on ${ports.join(', ')}: ${output().slice(-2000)}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/**
 * Resolves with what a child process printed (stdout and stderr) once it includes `text`, told by its
 * output events; fails with that output if the child exits first or `timeoutMs` passes.
 */
export function untilPrinted(child: ChildProcess, text: string, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = ''
    const stop = (): void => {
      clearTimeout(timer)
      child.stdout?.off('data', received)
      child.stderr?.off('data', received)
      child.off('exit', exited)
    }
    const received = (chunk: Buffer): void => {
      output += chunk.toString()
      if (!output.includes(text)) return
      stop()
      resolve(output)
    }
    const exited = (code: number | null): void => {
      stop()
      reject(new Error(`The process exited (${code}) before printing "${text}":\n${output}`))
    }
    const timer = setTimeout(() => {
      stop()
      reject(new Error(`The process did not print "${text}" within ${timeoutMs} ms:\n${output}`))
    }, timeoutMs)
    child.stdout?.on('data', received)
    child.stderr?.on('data', received)
    child.once('exit', exited)
  })
}

/** Stops a server process by PID: SIGTERM, then SIGKILL if it has not exited within five seconds. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
  await exited
  clearTimeout(timer)
}

/** A loopback relay to a server that can stop passing the server's bytes on, as a hung server would. */
export interface StallingRelay {
  port: number
  /** From now on the server's bytes go nowhere; the client's still reach the server. */
  stall(): void
  close(): Promise<void>
}

export async function startStallingRelay(targetPort: number): Promise<StallingRelay> {
  let stalled = false
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1')
    const end = (): void => {
      client.destroy()
      upstream.destroy()
    }
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('close', () => {
        sockets.delete(socket)
        end()
      })
      socket.on('error', end)
    }
    client.on('data', (chunk: Buffer) => upstream.write(chunk))
    upstream.on('data', (chunk: Buffer) => {
      if (!stalled) client.write(chunk)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    stall: () => {
      stalled = true
    },
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
