// Issue 7: the Custom Granular Synchronization grammar (SCHED-13, SCHED-14).
import { describe, expect, it } from 'vitest'
import { parseGranular } from '../../src-preload/rules/granular'
import { planJob, type KnownTargets } from '../../src-main/jobs/plan'

describe('granular synchronization lines', () => {
  it('reads every example of the seeds', () => {
    const { entries, problems } = parseGranular(
      ['cp.Test-UCM: infra', 'mp.all: sub', 'pp.all: both', 'ad.all:', 'domain.Test-Dom:'].join('\n')
    )
    expect(problems).toEqual([])
    expect(entries).toEqual([
      { line: 1, class: 'cp', name: 'Test-UCM', type: 'infra' },
      { line: 2, class: 'mp', name: 'all', type: 'sub' },
      { line: 3, class: 'pp', name: 'all', type: 'both' },
      { line: 4, class: 'ad', name: 'all' },
      { line: 5, class: 'domain', name: 'Test-Dom' }
    ])
  })

  it('allows blank lines, comments, no space after the colon, names with spaces, dots and colons', () => {
    const { entries, problems } = parseGranular(
      '# nightly\n\n  CP.CUCM Pub.site1:both  \ndomain.West: Coast:\n'
    )
    expect(problems).toEqual([])
    expect(entries).toEqual([
      { line: 3, class: 'cp', name: 'CUCM Pub.site1', type: 'both' },
      { line: 4, class: 'domain', name: 'West: Coast' }
    ])
  })

  it('reports each malformed line with its number and what is wrong', () => {
    const { entries, problems } = parseGranular(
      [
        'xx.all: both',
        'cp.all',
        'cp.all: full',
        'ad.all: infra',
        'mp.all:',
        'cp.: both',
        'nonsense',
        'pp.IMP: sub'
      ].join('\n')
    )
    expect(problems.map((p) => [p.line, p.problem])).toEqual([
      [1, 'unknown class "xx"; classes are cp, mp, pp, ad, domain'],
      [2, 'missing ":" after the name (write cp.<name>: <type>)'],
      [3, 'unknown type "full"; types are infra, sub and both'],
      [4, 'a directory takes no type (write ad.all:)'],
      [5, 'a Message Processor needs a type: infra, sub or both'],
      [6, 'missing name: write all or the name of a device or domain'],
      [7, 'expected <class>.<name>: <type>, e.g. cp.all: both']
    ])
    expect(entries).toEqual([{ line: 8, class: 'pp', name: 'IMP', type: 'sub' }])
  })
})

describe('synchronization preview', () => {
  const known: KnownTargets = {
    devices: [
      { name: 'CUCM-B', kind: 'call-processor' },
      { name: 'CUCM-A', kind: 'call-processor' },
      { name: 'CUC', kind: 'message-processor' },
      { name: 'IMP', kind: 'presence-processor' },
      { name: 'Corp AD', kind: 'directory' },
      { name: 'Spare AD', kind: 'directory' }
    ],
    domains: [{ name: 'West', directory: 'Corp AD' }, { name: 'East' }]
  }

  it('lists, in the seeds’ order, what the builder’s All would synchronize', () => {
    const { steps, problems } = planJob({ kind: 'builder', choice: 'all' }, known)
    expect(problems).toEqual([])
    expect(steps.map((s) => `${s.kind} ${s.target} ${s.syncs.join('+')}${s.note ? ' (note)' : ''}`)).toEqual([
      'device CUCM-B infrastructure+user',
      'device CUCM-A infrastructure+user',
      'device CUC infrastructure+user',
      'device IMP infrastructure (note)',
      'ldap West ',
      'domain West ',
      'domain East '
    ])
  })

  it('orders granular lines by class whatever their order, merges repeats, and names what it cannot find', () => {
    const { steps, problems } = planJob(
      {
        kind: 'granular',
        text: 'domain.East:\nmp.CUC: sub\ncp.CUCM-A: infra\ncp.cucm-a: sub\nad.Spare AD:\ncp.CUC: both\ndomain.North:\ncp.Nope: infra'
      },
      known
    )
    expect(steps.map((s) => `${s.kind} ${s.target} ${s.syncs.join('+')}`)).toEqual([
      'device CUCM-A infrastructure+user',
      'device CUC user',
      'domain East '
    ])
    expect(problems.map((p) => [p.line, p.problem])).toEqual([
      [5, 'no domain synchronizes its users from Spare AD'],
      [6, 'CUC is not a call processor (it is a message processor)'],
      [7, 'there is no domain named "North"'],
      [8, 'there is no device named "Nope"']
    ])
  })
})
