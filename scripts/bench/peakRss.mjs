// Loaded with `node --import` into a process under benchmark (the CLI running a synchronization): on exit
// it writes the process's peak resident set size in bytes (getrusage's maxrss, exact, not sampled) to the
// file BENCH_PEAK_RSS_FILE names.
import { writeFileSync } from 'node:fs'

const file = process.env.BENCH_PEAK_RSS_FILE
if (!file) throw new Error('BENCH_PEAK_RSS_FILE must name the file that receives the peak RSS')
process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)))
