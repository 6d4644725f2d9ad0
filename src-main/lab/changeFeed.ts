import type { LabCluster } from './cluster'
import type { Collection } from './model'
import { hash32 } from './random'

export interface ChangeFeedOptions {
  /** Changes per minute across the cluster. */
  perMinute: number
  /** Ticks per minute (default 12: a batch every 5 seconds). */
  ticksPerMinute?: number
}

export interface RunningChangeFeed {
  /** Changes applied so far. */
  applied(): number
  stop(): void
}

/**
 * Mutates a cluster the way a live system changes: mostly updates (phone descriptions, user
 * departments), some new users, some removed phones. Every change lands in the cluster's listChange
 * queue. Deterministic per seed and tick.
 */
export function applyChanges(cluster: LabCluster, count: number, tick: number): number {
  const users = cluster.collection('User')
  const phones = cluster.collection('Phone')
  if (!users || !phones) return 0
  /** An existing object picked deterministically (a few tries past deleted ones). */
  const pick = (collection: Collection, limit: number, k: number): number | undefined => {
    for (let attempt = 0; attempt < 8 && limit > 0; attempt++) {
      const index = hash32(cluster.seed, collection.type, tick, k, attempt) % limit
      if (collection.has(index)) return index
    }
    return undefined
  }
  let applied = 0
  for (let k = 0; k < count; k++) {
    const roll = hash32(cluster.seed, 'feed', tick, k) % 10
    if (roll < 6) {
      const index = pick(phones, phones.size(), k)
      if (index === undefined) continue
      cluster.update('Phone', index, { description: `Moved desk ${tick}-${k}` })
    } else if (roll < 8) {
      const index = pick(users, cluster.users, k)
      if (index === undefined) continue
      cluster.update('User', index, { department: ['Sales', 'Engineering', 'Support', 'Finance'][k % 4] })
    } else if (roll === 8) {
      const userid = `newhire${tick}x${k}`
      if (users.indexOf(userid) !== undefined) continue
      cluster.add('User', {
        firstName: 'New',
        lastName: `Hire ${tick}-${k}`,
        userid,
        mailid: `${userid}@example.test`,
        department: 'Onboarding',
        status: '1'
      })
    } else {
      const index = pick(phones, phones.size(), k)
      if (index === undefined) continue
      cluster.remove('Phone', index)
    }
    applied++
  }
  return applied
}

export function startChangeFeed(cluster: LabCluster, options: ChangeFeedOptions): RunningChangeFeed {
  const ticks = options.ticksPerMinute ?? 12
  const perTick = Math.max(1, Math.round(options.perMinute / ticks))
  let tick = 0
  let applied = 0
  const timer = setInterval(() => {
    applied += applyChanges(cluster, perTick, tick++)
  }, 60_000 / ticks)
  timer.unref()
  return { applied: () => applied, stop: () => clearInterval(timer) }
}
