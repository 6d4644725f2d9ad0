// Loaded with `node --import` into a process under benchmark (the CLI running a synchronization): on exit
// it writes the process's peak resident set size in bytes (getrusage's maxrss, exact, not sampled) and
// the CPU time it used (user and system, in microseconds), separated by a space, to the file
// BENCH_PEAK_RSS_FILE names.
import { writeFileSync } from 'node:fs'

const file = process.env.BENCH_PEAK_RSS_FILE
if (!file) throw new Error('BENCH_PEAK_RSS_FILE must name the file that receives the peak RSS')
process.on('exit', () => {
  const usage = process.resourceUsage()
  writeFileSync(file, `${usage.maxRSS * 1024} ${usage.userCPUTime + usage.systemCPUTime}`)
})
