// Synchronization Preview (SCHED-07, SCHED-12 … SCHED-15, SCHED-19): what a job would synchronize,
// in the seeds' order — Call Processors, Message Processors, Presence Processors, directories (the
// LDAP synchronization of each domain that uses them), then domains — without running anything.
import { parseGranular, type GranularType } from '../../src-preload/rules/granular'
import type { BuilderChoice, JobPreview, JobSelection, PlanStep } from '../../src-preload/contract'

export interface KnownTargets {
  devices: {
    name: string
    kind: 'call-processor' | 'message-processor' | 'presence-processor' | 'directory'
  }[]
  /** Domains, with the directory their LDAP synchronization reads (when it synchronizes users). */
  domains: { name: string; directory?: string }[]
}

const CLASS_KIND = {
  cp: 'call-processor',
  mp: 'message-processor',
  pp: 'presence-processor',
  ad: 'directory'
} as const

const BUILDER_LINES: Record<BuilderChoice, string> = {
  all: 'cp.all: both\nmp.all: both\npp.all: both\nad.all:\ndomain.all:',
  'call-processors': 'cp.all: both',
  'message-processors': 'mp.all: both',
  'presence-processors': 'pp.all: both',
  directories: 'ad.all:',
  domains: 'domain.all:'
}

function syncsOf(type: GranularType | undefined): ('infrastructure' | 'user')[] {
  return type === 'infra' ? ['infrastructure'] : type === 'sub' ? ['user'] : ['infrastructure', 'user']
}

export function planJob(selection: JobSelection, known: KnownTargets): JobPreview {
  const text = selection.kind === 'builder' ? BUILDER_LINES[selection.choice] : selection.text
  const { entries, problems } = parseGranular(text)
  const wanted = new Map<string, Set<'infrastructure' | 'user'>>()
  const ldapDomains = new Set<string>()
  const domains = new Set<string>()
  for (const entry of entries) {
    const problem = (message: string): void => {
      problems.push({ line: entry.line, text: `${entry.class}.${entry.name}`, problem: message })
    }
    const all = entry.name.toLowerCase() === 'all'
    if (entry.class === 'domain') {
      const matching = all
        ? known.domains
        : known.domains.filter((d) => d.name.toLowerCase() === entry.name.toLowerCase())
      if (matching.length === 0 && !all) problem(`there is no domain named "${entry.name}"`)
      for (const d of matching) domains.add(d.name)
      continue
    }
    const kind = CLASS_KIND[entry.class]
    const devices = known.devices.filter(
      (d) => d.kind === kind && (all || d.name.toLowerCase() === entry.name.toLowerCase())
    )
    if (devices.length === 0 && !all) {
      const other = known.devices.find((d) => d.name.toLowerCase() === entry.name.toLowerCase())
      problem(
        other
          ? `${other.name} is not a ${kind.replace('-', ' ')} (it is a ${other.kind.replace('-', ' ')})`
          : `there is no device named "${entry.name}"`
      )
      continue
    }
    if (entry.class === 'ad') {
      for (const directory of devices) {
        const users = known.domains.filter((d) => d.directory?.toLowerCase() === directory.name.toLowerCase())
        if (users.length === 0 && !all) problem(`no domain synchronizes its users from ${directory.name}`)
        for (const d of users) ldapDomains.add(d.name)
      }
      continue
    }
    for (const device of devices) {
      const set = wanted.get(device.name) ?? new Set()
      for (const s of syncsOf(entry.type)) set.add(s)
      wanted.set(device.name, set)
    }
  }
  const steps: PlanStep[] = []
  for (const kind of ['call-processor', 'message-processor', 'presence-processor'] as const) {
    for (const device of known.devices.filter((d) => d.kind === kind && wanted.has(d.name))) {
      const syncs = (['infrastructure', 'user'] as const).filter((s) => wanted.get(device.name)?.has(s))
      // IM and Presence 9.0+ takes its users from Unified CM: only infrastructure is synchronized.
      const presence = kind === 'presence-processor' && syncs.includes('user')
      steps.push({
        kind: 'device',
        target: device.name,
        syncs: presence ? syncs.filter((s) => s !== 'user') : syncs,
        ...(presence
          ? { note: 'no user synchronization: IM and Presence takes its users from Unified CM' }
          : {})
      })
    }
  }
  for (const d of known.domains)
    if (ldapDomains.has(d.name)) steps.push({ kind: 'ldap', target: d.name, syncs: [] })
  for (const d of known.domains)
    if (domains.has(d.name)) steps.push({ kind: 'domain', target: d.name, syncs: [] })
  problems.sort((a, b) => a.line - b.line)
  return { steps: steps.filter((s) => s.kind !== 'device' || s.syncs.length > 0 || s.note), problems }
}
