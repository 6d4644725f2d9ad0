// The cluster's directory numbers, generated from (seed, index): each user's primary line, second lines
// of odd users, device-profile lines, then intercom and unassigned numbers (LabCluster.lineKind).
import { text, type LabObject } from '../model'
import { GeneratedCollection } from './collections'
import type { ClusterLayout } from './layout'

export function lineCollection(cluster: ClusterLayout): GeneratedCollection {
  return new GeneratedCollection(
    'Line',
    'pattern',
    ['pattern', 'description', 'usage', 'routePartitionName'],
    cluster.lines,
    (k) => lineObject(cluster, k),
    (k) => lineKey(cluster.linePattern(k), partitionOf(cluster, k)),
    (fields) => lineKey(text(fields.pattern), text(fields.routePartitionName))
  )
}

/** A line is identified by pattern and partition (none: the `<None>` partition), as on Unified CM. */
export function lineKey(pattern: string, partition: string): string {
  return `${pattern}/${partition}`
}

function partitionOf(cluster: ClusterLayout, k: number): string {
  return cluster.lineKind(k) === 'intercom' ? 'PT-Intercom' : 'PT-Internal'
}

/** The user a line belongs to: primary lines to user k, second lines to the odd users in turn. */
function ownerOf(cluster: ClusterLayout, k: number): number | undefined {
  const kind = cluster.lineKind(k)
  if (kind === 'primary') return k
  return kind === 'secondary' ? (k - cluster.users) * 2 + 1 : undefined
}

function lineObject(cluster: ClusterLayout, k: number): LabObject {
  const pattern = cluster.linePattern(k)
  const kind = cluster.lineKind(k)
  const owner = ownerOf(cluster, k)
  const ownerName = owner !== undefined ? `${cluster.firstName(owner)} ${cluster.lastName(owner)}` : undefined
  const partition = partitionOf(cluster, k)
  return cluster.object('Line', lineKey(pattern, partition), {
    pattern,
    description: ownerName ?? (kind === 'orphan' ? 'Unassigned' : kind),
    usage: kind === 'intercom' ? 'Device Intercom' : 'Device',
    routePartitionName: cluster.fk('RoutePartition', partition),
    alertingName: ownerName,
    asciiAlertingName: ownerName?.normalize('NFD').replace(/[^\x20-\x7e]/g, ''),
    presenceGroupName: cluster.fk('PresenceGroup', 'Standard Presence group'),
    shareLineAppearanceCssName:
      owner !== undefined ? cluster.fk('Css', `CSS-${cluster.siteOfUser(owner).code}-National`) : undefined,
    voiceMailProfileName: kind === 'primary' ? cluster.fk('VoiceMailProfile', 'VMP-Unity') : undefined
  })
}
