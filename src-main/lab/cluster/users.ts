// The cluster's users, generated from (seed, index): end users with names, department, manager,
// primary line and Jabber service profile, then the admin and globaladmin accounts; and each end
// user's licence.
import type { LabObject } from '../model'
import { pick, unit } from '../random'
import { FIRST_NAMES } from '../vocabulary'
import { GeneratedCollection } from './collections'
import type { ClusterLayout } from './layout'

const TITLES = ['Engineer', 'Manager', 'Analyst', 'Director', 'Specialist', 'Associate']

export function userCollection(cluster: ClusterLayout): GeneratedCollection {
  return new GeneratedCollection(
    'User',
    'userid',
    ['firstName', 'lastName', 'userid', 'department'],
    cluster.users + 2,
    (i) => (i >= cluster.users ? administrator(cluster, cluster.userid(i)) : endUser(cluster, i)),
    (i) => cluster.userid(i)
  )
}

function administrator(cluster: ClusterLayout, userid: string): LabObject {
  return cluster.object('User', userid, {
    firstName: '',
    lastName: userid === 'admin' ? 'Administrator' : 'Global Administrator',
    userid,
    status: '1',
    homeCluster: 'true',
    imAndPresenceEnable: 'false'
  })
}

function endUser(cluster: ClusterLayout, i: number): LabObject {
  const userid = cluster.userid(i)
  const site = cluster.siteOfUser(i)
  const manager = i >= 25 ? cluster.userid(i - (i % 25)) : undefined
  return cluster.object('User', userid, {
    firstName: cluster.firstName(i),
    middleName:
      unit(cluster.seed, 'middle', i) < 0.1 ? pick(FIRST_NAMES, cluster.seed, 'middle-name', i) : undefined,
    lastName: cluster.lastName(i),
    userid,
    mailid: `${userid}@example.test`,
    department: cluster.department(i),
    manager: manager && manager !== userid ? manager : undefined,
    primaryExtension: { children: { pattern: cluster.linePattern(i), routePartitionName: 'PT-Internal' } },
    status: '1',
    homeCluster: 'true',
    imAndPresenceEnable: i % 2 === 0 ? 'true' : 'false',
    serviceProfile: i % 2 === 0 ? cluster.fk('ServiceProfile', 'SP-Jabber') : undefined,
    directoryUri: `${userid}@example.test`,
    telephoneNumber: `+${site.prefix}555${String(i % 10000).padStart(4, '0')}`,
    title: pick(TITLES, cluster.seed, 'title', i),
    mobileNumber: i % 3 === 0 ? `+1650${String(1_000_000 + i).slice(-7)}` : undefined,
    userIdentity: userid
  })
}

/** Each end user's licence: Enhanced Plus with a second device (Jabber) or Single Number Reach. */
export function licensedUserCollection(cluster: ClusterLayout): GeneratedCollection {
  const n = cluster.users
  return new GeneratedCollection(
    'LicensedUser',
    'userId',
    ['userId', 'firstName', 'lastName'],
    n,
    (i) => {
      const jabber = i % 2 === 0 && i / 2 < Math.floor(n / 2) ? 1 : 0
      const devices = (cluster.isCommonAreaPhone(i) ? 0 : 1) + jabber
      return cluster.object('LicensedUser', cluster.userid(i), {
        userId: cluster.userid(i),
        firstName: cluster.firstName(i),
        lastName: cluster.lastName(i),
        snrEnabled: i % 20 === 0 ? 'true' : 'false',
        emEnabled: i % 8 === 0 ? 'true' : 'false',
        deviceCount: String(devices),
        licenseType: devices > 1 || i % 20 === 0 ? 'Enhanced Plus' : 'Enhanced',
        licenseUsed: devices > 1 ? 'Enhanced Plus' : 'Enhanced'
      })
    },
    (i) => cluster.userid(i)
  )
}
