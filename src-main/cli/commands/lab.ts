import { parseFaults } from '../../lab/faults'
import { int, noPositionals, parse, str, UsageError } from '../args'
import { valueOptions } from '../options'
import { EXIT_OK } from '../exitCodes'
import type { Io } from '../io'

export const labHelp = `Usage: switchboard lab start [--users N] [--clusters N] [--seed S] [--faults SPEC] [--changes N] [--json]

Starts the demo lab on 127.0.0.1: per cluster a simulated Unified CM (AXL), IM and Presence (AXL) and
Unity Connection (CUPI), plus an Active Directory-like LDAP directory. Each HTTPS server has a fresh
self-signed certificate. The first line printed is one JSON object describing every server (kind,
product, name, version, URL, credentials, certificate SHA-256 fingerprint). Runs until Ctrl+C / SIGTERM.

Options:
  --users N      end users per cluster (default 50; phones ≈ 1.5×, lines 2×, device profiles ⅛)
  --clusters N   number of clusters (default 1)
  --seed S       data seed (default 1): the same seed gives the same data
  --faults SPEC  comma-separated: latency=MS, slow=MS, 503=N, drop=N, fail=Type+Type,
                 unexpected=Type+Type, max-bytes=N, empty=Type+Type (AXL lists answer none;
                 empty=all: every list and SQL query), wrong-response (AXL answers every request
                 with getCCMVersionResponse); server time: server-ms=MS per request, row-us=µS
                 per returned row, heavy-bytes=N (AXL builds one read over N bytes at a time; a
                 second gets "Maximum AXL Memory Allocation Consumed"), read-only (AXL and CUPI
                 writes answered 401), write-rate=N (AXL and CUPI writes per second, more answered
                 503), fail-write=N (the Nth AXL or CUPI write fails), lose-write=N (the Nth AXL or
                 CUPI write is made but its answer is lost)
  --changes N    change feed: N adds, updates and deletes per minute per cluster (listChange sees them)`

export async function labCommand(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv
  if (sub !== 'start') throw UsageError.unknownCommand('lab', sub, labHelp)
  const parsed = parse(rest, valueOptions('users', 'clusters', 'seed', 'faults', 'changes'), labHelp)
  noPositionals(parsed, labHelp)
  const users = int(parsed, 'users') ?? 50
  const clusters = int(parsed, 'clusters') ?? 1
  const seed = int(parsed, 'seed') ?? 1
  const changesPerMinute = int(parsed, 'changes') ?? 0
  if (changesPerMinute > 100_000) throw new UsageError('--changes must be at most 100000 per minute', labHelp)
  if (users < 1 || users > 200_000) throw new UsageError('--users must be between 1 and 200000', labHelp)
  if (clusters < 1 || clusters > 10) throw new UsageError('--clusters must be between 1 and 10', labHelp)
  let faults
  try {
    faults = parseFaults(str(parsed, 'faults') ?? '')
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), labHelp)
  }
  // Loaded here, not at start-up: the lab's servers (ldapjs, certificate generation, XML) weigh
  // megabytes that every other command would carry into its first garbage collection.
  const { startLab } = await import('../../lab')
  const lab = await startLab({ users, clusters, seed, faults, changesPerMinute })
  // The first stdout line is the machine-readable description, in both modes, so scripts can read it.
  io.stdout(JSON.stringify({ servers: lab.servers }))
  if (!io.json) {
    for (const s of lab.servers)
      io.stderr(
        `${s.name.padEnd(14)} ${s.url}  user ${s.username}${s.fingerprint ? `  SHA-256 ${s.fingerprint}` : ''}`
      )
    io.stderr(`Password for every lab server: ${lab.servers[0]?.password ?? ''}\nPress Ctrl+C to stop.`)
  }
  const signal = await io.untilStopped()
  await lab.stop()
  if (!io.json) io.stderr(`Lab stopped (${signal}).`)
  return EXIT_OK
}
