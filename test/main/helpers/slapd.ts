// A throwaway OpenLDAP slapd on 127.0.0.1 for integration tests: generated slapd.conf, users loaded
// offline with slapadd, LDAP and LDAPS on free ports, stopped by PID. Facts (paths, limits, timings)
// from ../shared/notes/real-directories.md; `.ci/run` installs the slapd and ldap-utils packages.
import { spawn, spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { labCertificate, type ServerCertificate } from '../../../src-main/lab/certificate'
import { addOfflineCallProcessor, tempDir } from './core'
import { closedPort, stopProcess, waitForPorts } from './net'

const SLAPD = '/usr/sbin/slapd'
const SLAPADD = '/usr/sbin/slapadd'

/** Why real-directory tests cannot run here, or undefined when they can. */
export function slapdUnavailable(): string | undefined {
  if (!existsSync(SLAPD) || !existsSync(SLAPADD))
    return 'OpenLDAP slapd is not installed (apt-get install slapd ldap-utils; .ci/run does this)'
  if (!existsSync('/etc/ldap/schema/inetorgperson.schema')) return 'the OpenLDAP schema files are missing'
  return undefined
}

export const SUFFIX = 'dc=lab,dc=example'
export const PEOPLE = `ou=people,${SUFFIX}`
export const READER_DN = `cn=reader,ou=services,${SUFFIX}`
export const READER_PASSWORD = 'ReaderPass123'
/** May write telephoneNumber and mobile (write-back tests); reads like the reader otherwise. */
export const WRITER_DN = `cn=writer,ou=services,${SUFFIX}`
export const WRITER_PASSWORD = 'WriterPass123'

export interface LdapPerson {
  uid: string
  givenName: string
  sn: string
  /** Defaults to "givenName sn"; may carry characters DNs must escape. */
  cn?: string
  mail?: string
  telephoneNumber?: string | string[]
  departmentNumber?: string
  title?: string
  employeeNumber?: string
  ou?: string
}

export interface RunningSlapd {
  url: string
  ldapsUrl: string
  port: number
  ldapsPort: number
  certificate: ServerCertificate
  /** The slapd process, for tests that kill the server mid-operation (SIGKILL). */
  pid: number
  /** Adds, changes or removes people while it runs (ldapmodify as the rootdn). */
  modify(ldif: string): void
  stop(): Promise<void>
}

/** Base64 of an LDIF value when it is not a safe string (RFC 2849: ASCII, no NUL/CR/LF, no edge cases). */
function ldifLine(name: string, value: string): string {
  const codes = [...value].map((c) => c.charCodeAt(0))
  const safe =
    codes.every((c) => c > 0 && c < 128 && c !== 10 && c !== 13) &&
    !/^[ :<]/.test(value) &&
    !value.endsWith(' ')
  return safe ? `${name}: ${value}` : `${name}:: ${Buffer.from(value, 'utf8').toString('base64')}`
}

/** An RDN value escaped per RFC 4514 (commas, plus, quotes, backslash, leading #, edge spaces). */
export function rdnValue(value: string): string {
  return value
    .replace(/[,+"\\<>;=]/g, (c) => `\\${c}`)
    .replace(/^([ #])/, '\\$1')
    .replace(/ $/, '\\ ')
}

export function personDn(person: LdapPerson): string {
  return `uid=${rdnValue(person.uid)},${PEOPLE}`
}

export function personLdif(person: LdapPerson): string {
  const lines = [
    ldifLine('dn', personDn(person)),
    'objectClass: inetOrgPerson',
    ldifLine('uid', person.uid),
    ldifLine('cn', person.cn ?? `${person.givenName} ${person.sn}`),
    ldifLine('sn', person.sn),
    ldifLine('givenName', person.givenName)
  ]
  const optional: (keyof LdapPerson)[] = ['mail', 'departmentNumber', 'title', 'employeeNumber', 'ou']
  for (const key of optional) {
    const value = person[key]
    if (typeof value === 'string') lines.push(ldifLine(key, value))
  }
  const phones = person.telephoneNumber
  for (const phone of Array.isArray(phones) ? phones : phones ? [phones] : [])
    lines.push(ldifLine('telephoneNumber', phone))
  return lines.join('\n')
}

function ssha(password: string): string {
  const salt = randomBytes(8)
  const digest = createHash('sha1').update(password).update(salt).digest()
  return `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`
}

export interface SlapdOptions {
  /**
   * The certificate slapd presents: `cert` is its TLSCertificateFile, the leaf alone or followed by
   * its chain (slapd sends what the file holds). A fresh self-signed one by default.
   */
  certificate?: ServerCertificate
  /** Ports to listen on, to restart a server where clients know it; free ones by default. */
  ports?: { port: number; ldapsPort: number }
}

/**
 * Starts slapd with `people` under ou=people and a reader service account bound by tests (not the
 * rootdn, which ignores size limits): the soft limit of 500 stays, so a client that forgets to page
 * fails visibly.
 */
export async function startSlapd(people: LdapPerson[], options: SlapdOptions = {}): Promise<RunningSlapd> {
  const dir = tempDir('switchboard-slapd-')
  const db = join(dir, 'db')
  mkdirSync(db)
  const certificate = options.certificate ?? (await labCertificate('localhost'))
  writeFileSync(join(dir, 'server.crt'), certificate.cert)
  writeFileSync(join(dir, 'server.key'), certificate.key, { mode: 0o600 })
  const rootPassword = randomBytes(12).toString('hex')
  writeFileSync(
    join(dir, 'slapd.conf'),
    [
      'include /etc/ldap/schema/core.schema',
      'include /etc/ldap/schema/cosine.schema',
      'include /etc/ldap/schema/inetorgperson.schema',
      'include /etc/ldap/schema/nis.schema',
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      `pidfile ${join(dir, 'slapd.pid')}`,
      `argsfile ${join(dir, 'slapd.args')}`,
      'loglevel none',
      `TLSCertificateFile ${join(dir, 'server.crt')}`,
      `TLSCertificateKeyFile ${join(dir, 'server.key')}`,
      'sizelimit size.soft=500 size.hard=unlimited size.prtotal=unlimited',
      'timelimit unlimited',
      'database mdb',
      'maxsize 1073741824',
      `suffix "${SUFFIX}"`,
      `rootdn "cn=admin,${SUFFIX}"`,
      `rootpw ${rootPassword}`,
      `directory ${db}`,
      'index objectClass eq',
      'index uid,mail,employeeNumber eq',
      'index cn,sn,givenName eq,sub',
      'access to attrs=userPassword by self write by anonymous auth by * none',
      `access to attrs=telephoneNumber,mobile by dn.exact="${WRITER_DN}" write by users read by * none`,
      'access to * by users read by * none'
    ].join('\n') + '\n'
  )
  const base = [
    `dn: ${SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: lab\no: Lab`,
    `dn: ou=people,${SUFFIX}\nobjectClass: organizationalUnit\nou: people`,
    `dn: ou=services,${SUFFIX}\nobjectClass: organizationalUnit\nou: services`,
    `dn: ${READER_DN}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: reader\nuserPassword: ${ssha(READER_PASSWORD)}`,
    `dn: ${WRITER_DN}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: writer\nuserPassword: ${ssha(WRITER_PASSWORD)}`
  ]
  writeFileSync(join(dir, 'data.ldif'), [...base, ...people.map(personLdif)].join('\n\n') + '\n')
  const load = spawnSync(SLAPADD, ['-q', '-f', join(dir, 'slapd.conf'), '-l', join(dir, 'data.ldif')], {
    encoding: 'utf8'
  })
  if (load.status !== 0) throw new Error(`slapadd failed: ${load.stderr}`)

  const port = options.ports?.port ?? (await closedPort())
  const ldapsPort = options.ports?.ldapsPort ?? (await closedPort())
  let output = ''
  const child = spawn(
    SLAPD,
    [
      '-f',
      join(dir, 'slapd.conf'),
      '-h',
      `ldap://127.0.0.1:${port}/ ldaps://127.0.0.1:${ldapsPort}/`,
      '-d',
      '0'
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] }
  )
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()))
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()))
  await waitForPorts([port, ldapsPort], child, () => output, 'slapd')
  // A missing pid must not become -1: signalling -1 reaches every process.
  if (child.pid === undefined) throw new Error(`slapd did not start: ${output}`)
  const pid = child.pid

  return {
    url: `ldap://127.0.0.1:${port}`,
    ldapsUrl: `ldaps://127.0.0.1:${ldapsPort}`,
    port,
    ldapsPort,
    certificate,
    pid,
    modify(ldif) {
      const result = spawnSync(
        'ldapmodify',
        ['-x', '-H', `ldap://127.0.0.1:${port}`, '-D', `cn=admin,${SUFFIX}`, '-w', rootPassword],
        { input: ldif, encoding: 'utf8' }
      )
      if (result.status !== 0) throw new Error(`ldapmodify failed: ${result.stderr}`)
    },
    async stop() {
      await stopProcess(child)
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/**
 * Registers a running slapd as the directory "Lab OpenLDAP" (bound as the reader) and a domain West
 * whose Call Processor is never contacted: the starting point of the LDAP synchronization tests.
 */
export async function addSlapdDomain(
  core: { value(channel: 'devices:add' | 'domains:add', input: unknown): Promise<unknown> },
  slapd: RunningSlapd
): Promise<void> {
  await core.value('devices:add', {
    name: 'Lab OpenLDAP',
    kind: 'directory',
    product: 'openldap',
    host: '127.0.0.1',
    port: slapd.port,
    useSsl: false,
    adminDn: READER_DN,
    password: READER_PASSWORD,
    searchBase: PEOPLE
  })
  await addOfflineCallProcessor(core, 'CUCM West')
  await core.value('domains:add', {
    name: 'West',
    callProcessors: ['CUCM West'],
    rules: { syncAllUsers: true }
  })
}
