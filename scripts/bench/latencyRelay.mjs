// A loopback TCP relay that adds network latency, for the LDAP reader benchmark: every chunk, in both
// directions, is passed on half a round trip after it arrived, so each request and its reply take
// ROUND_TRIP_MS longer, however many chunks they span; bandwidth is not limited. It runs in a process of
// its own so that its work never waits on the client under measurement (which shares no event loop
// with it), as a network would not.
//
// argv:   TARGET_PORT ROUND_TRIP_MS   (the target is on 127.0.0.1)
// stdout: { "port": N } once listening on 127.0.0.1; runs until SIGTERM.
import { connect, createServer } from 'node:net'

const targetPort = Number(process.argv[2])
const roundTripMs = Number(process.argv[3])
if (!Number.isInteger(targetPort) || !(roundTripMs >= 0))
  throw new Error('usage: latencyRelay.mjs TARGET_PORT ROUND_TRIP_MS')
const oneWayMs = roundTripMs / 2

/**
 * Passes `from`'s bytes to `to` one way's latency later, in order (timers of one duration fire in the
 * order they were set). Nothing holds the sender back: a pause would add a whole one-way latency each
 * time the receiver fell behind, where a network with TCP windows as large as Linux grows them does not.
 */
function forward(from, to) {
  const later = (action) => (oneWayMs > 0 ? setTimeout(action, oneWayMs) : action())
  from.on('data', (chunk) => later(() => to.destroyed || to.write(chunk)))
  // The peer's end, or its connection dropped: `to` ends once what came before has been passed on.
  const finish = () => later(() => to.writableEnded || to.end())
  from.on('end', finish)
  from.on('close', finish)
}

const server = createServer((client) => {
  const upstream = connect(targetPort, '127.0.0.1')
  for (const socket of [client, upstream]) {
    socket.setNoDelay(true)
    // A reset or refused connection: 'close' follows, and the other side is ended.
    socket.on('error', () => undefined)
  }
  forward(client, upstream)
  forward(upstream, client)
})
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })))
process.on('SIGTERM', () => process.exit(0))
