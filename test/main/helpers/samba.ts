// A throwaway Samba Active Directory domain controller on 127.0.0.1 for the AD-only behaviour of
// directory synchronization (sAMAccountName, userPrincipalName, userAccountControl, AD binds):
// provisioned into a temp dir, users loaded offline with ldbadd, started as one process, stopped by
// PID. Facts and pitfalls from ../shared/notes/real-directories.md; `.ci/run` installs the packages.
// Samba needs root and the fixed ports 389/636: one DC per machine.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { labCertificate, type ServerCertificate } from '../../../src-main/lab/certificate'
import { tempDir } from './core'
import { portOpen, stopProcess, waitForPorts } from './net'

export const AD_BASE = 'DC=lab,DC=example'
export const AD_OU = `OU=Lab,${AD_BASE}`
export const AD_ADMIN = `CN=Administrator,CN=Users,${AD_BASE}`
export const AD_ADMIN_PASSWORD = 'Adm1nPass!2024'

export interface AdUser {
  sam: string
  givenName: string
  sn: string
  department: string
  disabled?: boolean
}

export interface RunningSambaDc {
  certificate: ServerCertificate
  stop(): Promise<void>
}

/** Why a Samba DC cannot run here, or undefined when it can. */
export async function sambaUnavailable(): Promise<string | undefined> {
  for (const tool of ['/usr/bin/samba-tool', '/usr/sbin/samba', '/usr/bin/ldbadd'])
    if (!existsSync(tool))
      return `Samba AD DC tools are not installed (${tool} missing; .ci/run installs them)`
  if (process.getuid?.() !== 0) return 'a Samba DC needs root for ports 389 and 636'
  if ((await portOpen(389)) || (await portOpen(636)))
    return 'ports 389/636 are taken (another directory server runs here)'
  return undefined
}

function adLdif(users: AdUser[]): string {
  const blocks = [`dn: ${AD_OU}\nobjectClass: organizationalUnit\nou: Lab`]
  for (const u of users) {
    // 512 normal account, +2 disabled, +32 password not required (accounts without a password).
    const control = 512 + 32 + (u.disabled ? 2 : 0)
    blocks.push(
      [
        `dn: CN=${u.sam},${AD_OU}`,
        'objectClass: user',
        `cn: ${u.sam}`,
        `sAMAccountName: ${u.sam}`,
        `userPrincipalName: ${u.sam}@lab.example`,
        `givenName: ${u.givenName}`,
        `sn: ${u.sn}`,
        `mail: ${u.sam}@lab.example`,
        `department: ${u.department}`,
        `userAccountControl: ${control}`
      ].join('\n')
    )
  }
  return blocks.join('\n\n') + '\n'
}

function run(command: string, args: string[], what: string): void {
  const result = spawnSync(command, args, { encoding: 'utf8' })
  if (result.status !== 0)
    throw new Error(`${what} failed (${result.status}): ${result.stderr || result.stdout}`)
}

export async function startSambaDc(users: AdUser[]): Promise<RunningSambaDc> {
  const dir = tempDir('switchboard-samba-')
  const certificate = await labCertificate('localhost')
  writeFileSync(join(dir, 'cert.pem'), certificate.cert)
  writeFileSync(join(dir, 'key.pem'), certificate.key, { mode: 0o600 })
  const target = join(dir, 'dc')
  run(
    'samba-tool',
    [
      'domain',
      'provision',
      '--realm=LAB.EXAMPLE',
      '--domain=LAB',
      '--server-role=dc',
      '--dns-backend=NONE',
      `--adminpass=${AD_ADMIN_PASSWORD}`,
      `--targetdir=${target}`,
      '--host-ip=127.0.0.1',
      '--host-name=labdc',
      '--option=interfaces=lo',
      '--option=bind interfaces only=yes',
      `--option=pid directory=${join(target, 'run')}`,
      `--option=ncalrpc dir=${join(target, 'run', 'ncalrpc')}`,
      `--option=winbindd socket directory=${join(target, 'run', 'winbindd')}`,
      `--option=log file=${join(target, 'log.%m')}`,
      '--option=server services=ldap',
      `--option=tls keyfile=${join(dir, 'key.pem')}`,
      `--option=tls certfile=${join(dir, 'cert.pem')}`,
      `--option=tls cafile=${join(dir, 'cert.pem')}`
    ],
    'samba-tool domain provision'
  )
  // Provisioning does not carry this option into smb.conf; without it simple binds need TLS.
  const smbConf = join(target, 'etc', 'smb.conf')
  writeFileSync(
    smbConf,
    readFileSync(smbConf, 'utf8').replace(/^\[global\]$/m, '[global]\n\tldap server require strong auth = no')
  )
  writeFileSync(join(dir, 'users.ldif'), adLdif(users))
  run('ldbadd', ['--nosync', '-H', join(target, 'private', 'sam.ldb'), join(dir, 'users.ldif')], 'ldbadd')

  let output = ''
  const child = spawn(
    'samba',
    ['-F', '--debug-stdout', '-d', '1', '-M', 'single', '-s', smbConf, '--maximum-runtime=1800'],
    {
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()))
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()))
  await waitForPorts([389, 636], child, () => output, 'samba')
  return {
    certificate,
    async stop() {
      await stopProcess(child)
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
