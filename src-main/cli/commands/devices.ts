import {
  connectionSecurity,
  connectionSecurityLabels,
  kindLabels,
  plainLdapWarning,
  productLabels,
  type Device,
  type DeviceChanges,
  type TestResult
} from '../../../src-preload/contract'
import type { Core } from '../../core'
import { flag, int, list, noPositionals, onePositional, parse, str, UsageError, type Parsed } from '../args'
import { flagOptions, givenStrings, repeatableOptions, valueOptions } from '../options'
import { EXIT_FAILED, EXIT_OK, exitCodeFor } from '../exitCodes'
import { printError, printValue, table, type Io } from '../io'

export const devicesHelp = `Usage: switchboard devices <command> [options]

Commands:
  add     Add a device
  list    List devices
  show    Show one device:                switchboard devices show NAME
  edit    Change a device:                switchboard devices edit NAME [options]
  delete  Delete a device:                switchboard devices delete NAME
          (its inventory goes; its runs and their logs stay, under its name)
  test    Test Connection (exit 1 on failure): switchboard devices test NAME
  trust   Trust a device certificate:     switchboard devices trust NAME --fingerprint SHA256 [--backup]

Options for add and edit:
  --kind call-processor|message-processor|presence-processor|directory   (add only)
  --product cucm|unity-connection|imp|ad|adlds|openldap|oracle
  --name NAME            letters, digits, space and _ - . @ (edit: renames)
  --host HOST            host name or IP address
  --port N               default 8443 (AXL), 443 (Unity Connection), 389 / 636 with --ssl (LDAP)
  --username USER        AXL user or Unity Connection application administrator
  --password-env VAR     read the password from environment variable VAR
  --password-stdin       read the password from standard input
  --os-username USER     Unity Connection OS (platform) administrator
  --os-password-env VAR  read the OS administrator password from VAR
  --starttls             directory: StartTLS on the plain LDAP port before the bind
  --ssl                  directory: LDAPS
  --no-ssl               directory: neither (plain LDAP: the bind password is sent in clear text)
  --backup-host HOST     directory: backup server
  --backup-port N        directory: backup server port
  --admin-dn DN          directory: bind DN, e.g. CN=Administrator,CN=Users,DC=example,DC=com;
                         Active Directory and AD LDS also take user@realm or DOMAIN\\user
  --search-base DN       directory: user search base
  --call-processor NAME  IM and Presence: the Call Processor it belongs to;
                         Unity Connection: the Call Processor whose lines its mailboxes serve
  --em-service-name S    Call Processor: Extension Mobility service name
  --em-service-url URL   Call Processor: Extension Mobility service URL
  --analog-phones / --no-analog-phones
                         Call Processor: synchronize and manage analog (VG) phones, in every
                         synchronization and change notification poll (default: off)
  --allow-changes / --no-allow-changes
                         let Switchboard change this device (write-back to a directory; orders);
                         every write is refused while it is off (default: off)
  --clear FIELD          edit: clear an optional field (port, backup-host, backup-port, os-credentials, extension-mobility); repeatable
  --test                 add: run Test Connection right after saving (exit 1 if it fails; the device stays)

Passwords are never accepted as arguments (they would show in process lists and shell history).`

const deviceOptions = {
  ...valueOptions(
    'kind',
    'product',
    'name',
    'host',
    'port',
    'username',
    'password-env',
    'os-username',
    'os-password-env',
    'backup-host',
    'backup-port',
    'admin-dn',
    'search-base',
    'call-processor',
    'em-service-name',
    'em-service-url',
    // Declared only to refuse it with a reason (see fieldsFrom).
    'password'
  ),
  ...flagOptions(
    'password-stdin',
    'ssl',
    'starttls',
    'no-ssl',
    'analog-phones',
    'no-analog-phones',
    'allow-changes',
    'no-allow-changes',
    'test'
  ),
  ...repeatableOptions('clear')
}

const trustOptions = { ...valueOptions('fingerprint'), ...flagOptions('backup') }

async function readSecret(
  io: Io,
  parsed: Parsed,
  envOption: string,
  stdinOption?: string
): Promise<string | undefined> {
  const envName = str(parsed, envOption)
  const fromStdin = stdinOption !== undefined && flag(parsed, stdinOption)
  if (envName !== undefined && fromStdin)
    throw new UsageError(`use either --${envOption} or --${stdinOption}, not both`)
  if (envName !== undefined) {
    const value = io.env[envName]
    if (value === undefined || value === '')
      throw new UsageError(`--${envOption}: environment variable ${envName} is not set or empty`)
    return value
  }
  if (fromStdin) {
    const value = (await io.readStdin()).replace(/\r?\n$/, '')
    if (value === '') throw new UsageError(`--${stdinOption}: standard input was empty`)
    return value
  }
  return undefined
}

/** Options → the contract's device fields. Only options that were given appear. */
async function fieldsFrom(io: Io, parsed: Parsed, editing: boolean): Promise<Record<string, unknown>> {
  if (str(parsed, 'password') !== undefined) {
    throw new UsageError(
      '--password is not accepted: passwords on the command line leak; use --password-env VAR or --password-stdin'
    )
  }
  const security = (['ssl', 'starttls', 'no-ssl'] as const).filter((option) => flag(parsed, option))
  if (security.length > 1)
    throw new UsageError(
      `use one of --ssl, --starttls or --no-ssl, not ${security.map((o) => `--${o}`).join(' and ')}`
    )
  for (const setting of ['analog-phones', 'allow-changes'])
    if (flag(parsed, setting) && flag(parsed, `no-${setting}`))
      throw new UsageError(`use either --${setting} or --no-${setting}, not both`)
  const fields: Record<string, unknown> = givenStrings(parsed, {
    kind: 'kind',
    product: 'product',
    name: 'name',
    host: 'host',
    username: 'username',
    osUsername: 'os-username',
    backupHost: 'backup-host',
    adminDn: 'admin-dn',
    searchBase: 'search-base',
    callProcessor: 'call-processor'
  })
  const set = (key: string, value: unknown): void => {
    if (value !== undefined) fields[key] = value
  }
  set('port', int(parsed, 'port'))
  set('password', await readSecret(io, parsed, 'password-env', 'password-stdin'))
  set('osPassword', await readSecret(io, parsed, 'os-password-env'))
  set('backupPort', int(parsed, 'backup-port'))
  // One option sets the connection security; an edit clears the other way of securing it.
  const choose = (key: 'useSsl' | 'startTls', value: boolean, other: 'useSsl' | 'startTls'): void => {
    fields[key] = value
    if (editing) fields[other] = null
  }
  if (flag(parsed, 'ssl')) choose('useSsl', true, 'startTls')
  if (flag(parsed, 'starttls')) choose('startTls', true, 'useSsl')
  if (flag(parsed, 'no-ssl')) choose('useSsl', false, 'startTls')
  const emName = str(parsed, 'em-service-name')
  const emUrl = str(parsed, 'em-service-url')
  if (emName !== undefined || emUrl !== undefined)
    fields.extensionMobility = { serviceName: emName ?? '', serviceUrl: emUrl ?? '' }
  if (flag(parsed, 'analog-phones')) fields.analogPhones = true
  if (flag(parsed, 'no-analog-phones')) fields.analogPhones = false
  if (flag(parsed, 'allow-changes')) fields.allowChanges = true
  if (flag(parsed, 'no-allow-changes')) fields.allowChanges = false
  return fields
}

const CLEARABLE: Record<string, string[]> = {
  port: ['port'],
  'backup-host': ['backupHost', 'backupPort'],
  'backup-port': ['backupPort'],
  'os-credentials': ['osUsername', 'osPassword'],
  'extension-mobility': ['extensionMobility']
}

export function describeDevice(d: Device): string {
  const rows: [string, string | undefined][] = [
    ['Name', d.name],
    ['Type', kindLabels[d.kind]],
    ['Product', productLabels[d.product]],
    ['Host', d.host],
    ['Port', String(d.port)],
    [
      'Connection security',
      d.kind === 'directory' ? connectionSecurityLabels[connectionSecurity(d)] : undefined
    ],
    ['Version', d.version],
    ['User name', d.username],
    ['Password', d.hasPassword ? 'set' : 'not set'],
    [
      'OS administrator',
      d.osUsername ? `${d.osUsername} (password ${d.hasOsPassword ? 'set' : 'not set'})` : undefined
    ],
    ['Admin DN', d.adminDn],
    ['User search base', d.searchBase],
    ['Backup server', d.backupHost ? `${d.backupHost}:${d.backupPort ?? d.port}` : undefined],
    ['Call Processor', d.callProcessor],
    [
      'Extension Mobility',
      d.extensionMobility
        ? `${d.extensionMobility.serviceName} (${d.extensionMobility.serviceUrl})`
        : undefined
    ],
    ['Analog phones', d.analogPhones === undefined ? undefined : d.analogPhones ? 'managed' : 'not managed'],
    ['Changes', d.allowChanges ? 'allowed' : 'not allowed (read only)'],
    [
      'Last test',
      d.lastTest.result
        ? `${d.lastTest.status} at ${d.lastTest.result.at}: ${d.lastTest.result.message}`
        : d.lastTest.status
    ],
    ...d.pinnedCertificates.map((p): [string, string] => [
      `Trusted certificate`,
      `${p.endpoint} ${p.fingerprint} (since ${p.trustedAt})`
    ])
  ]
  return rows
    .filter((r): r is [string, string] => r[1] !== undefined)
    .map(([k, v]) => `${(k + ':').padEnd(22)}${v}`)
    .join('\n')
}

export function describeTest(name: string, result: TestResult): string {
  const lines = [
    `${result.status === 'success' ? 'Success' : `Failure${result.reason ? ` (${result.reason})` : ''}`}: ${result.message}`
  ]
  if (result.fingerprint) {
    lines.push(
      `To trust this certificate after checking it: switchboard devices trust "${name}" --fingerprint ${result.fingerprint}`
    )
  }
  return lines.join('\n')
}

export async function devicesCommand(core: Core, argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv
  const optionsFor = sub === 'add' || sub === 'edit' ? deviceOptions : sub === 'trust' ? trustOptions : {}
  const parsed = parse(rest, optionsFor, devicesHelp)
  const dispatch = <C extends Parameters<Core['dispatch']>[0]>(channel: C, input: unknown) =>
    core.dispatch(channel, input, { origin: 'cli' })

  switch (sub) {
    case 'add': {
      if (parsed.positionals.length > 0)
        throw new UsageError(`unexpected argument "${parsed.positionals[0]}" (use --name)`, devicesHelp)
      if (list(parsed, 'clear').length > 0) throw new UsageError('--clear applies to edit only', devicesHelp)
      const added = await dispatch('devices:add', await fieldsFrom(io, parsed, false))
      if (!added.ok) return fail(io, added.error)
      warnIfPlainLdap(io, added.value)
      if (!flag(parsed, 'test')) {
        printValue(
          io,
          { device: added.value },
          () =>
            `Added ${added.value.name}.\n${describeDevice(added.value)}\nRun \`switchboard devices test "${added.value.name}"\` to check the connection.`
        )
        return EXIT_OK
      }
      const tested = await dispatch('devices:test', { name: added.value.name })
      const test = tested.ok ? tested.value : undefined
      printValue(io, { device: added.value, test: tested.ok ? tested.value : { error: tested.error } }, () =>
        [
          `Added ${added.value.name}.`,
          test
            ? describeTest(added.value.name, test)
            : `Test Connection could not run: ${tested.ok ? '' : tested.error.message}`
        ].join('\n')
      )
      // The device stays added; the exit code is the test's, as for devices test.
      return test?.status === 'success' ? EXIT_OK : EXIT_FAILED
    }
    case 'list': {
      noPositionals(parsed, devicesHelp)
      const result = await dispatch('devices:list', {})
      if (!result.ok) return fail(io, result.error)
      printValue(io, result.value, () =>
        result.value.length === 0
          ? 'No devices. Add one with `switchboard devices add`.'
          : table(
              ['NAME', 'TYPE', 'PRODUCT', 'HOST', 'PORT', 'VERSION', 'LAST TEST'],
              result.value.map((d) => [
                d.name,
                kindLabels[d.kind],
                d.product,
                d.host,
                String(d.port),
                d.version ?? '',
                d.lastTest.status
              ])
            )
      )
      return EXIT_OK
    }
    case 'show': {
      const result = await dispatch('devices:get', {
        name: onePositional(parsed, 'device NAME', devicesHelp)
      })
      if (!result.ok) return fail(io, result.error)
      printValue(io, result.value, () => describeDevice(result.value))
      return EXIT_OK
    }
    case 'edit': {
      const name = onePositional(parsed, 'device NAME', devicesHelp)
      if (str(parsed, 'kind') !== undefined) {
        throw new UsageError(
          '--kind cannot change: a device keeps its type; delete it and add a new one instead',
          devicesHelp
        )
      }
      if (flag(parsed, 'test'))
        throw new UsageError('--test applies to add only; run `switchboard devices test NAME`', devicesHelp)
      const changes: Record<string, unknown> = await fieldsFrom(io, parsed, true)
      for (const field of list(parsed, 'clear')) {
        const keys = CLEARABLE[field]
        if (!keys)
          throw new UsageError(
            `--clear: "${field}" cannot be cleared; one of ${Object.keys(CLEARABLE).join(', ')}`,
            devicesHelp
          )
        for (const key of keys) changes[key] = null
      }
      if (Object.keys(changes).length === 0)
        throw new UsageError('nothing to change: give at least one option', devicesHelp)
      const result = await dispatch('devices:edit', { name, changes: changes as DeviceChanges })
      if (!result.ok) return fail(io, result.error)
      warnIfPlainLdap(io, result.value)
      printValue(io, result.value, () => `Updated ${result.value.name}.\n${describeDevice(result.value)}`)
      return EXIT_OK
    }
    case 'delete': {
      const result = await dispatch('devices:delete', {
        name: onePositional(parsed, 'device NAME', devicesHelp)
      })
      if (!result.ok) return fail(io, result.error)
      const { deleted, runsKept } = result.value
      printValue(io, result.value, () =>
        runsKept === 0
          ? `Deleted ${deleted}.`
          : `Deleted ${deleted}. Its ${runsKept} synchronization run(s) and their logs are kept under that name: switchboard logs list --device "${deleted}".`
      )
      return EXIT_OK
    }
    case 'test': {
      const name = onePositional(parsed, 'device NAME', devicesHelp)
      const result = await dispatch('devices:test', { name })
      if (!result.ok) return fail(io, result.error)
      printValue(io, result.value, () => describeTest(name, result.value))
      return result.value.status === 'success' ? EXIT_OK : EXIT_FAILED
    }
    case 'trust': {
      const name = onePositional(parsed, 'device NAME', devicesHelp)
      const fingerprint = str(parsed, 'fingerprint')
      if (fingerprint === undefined)
        throw new UsageError(
          'missing --fingerprint SHA256 (printed by `switchboard devices test`)',
          devicesHelp
        )
      const result = await dispatch('devices:trust', {
        name,
        fingerprint,
        ...(flag(parsed, 'backup') ? { backup: true } : {})
      })
      if (!result.ok) return fail(io, result.error)
      printValue(io, result.value, () => `Trusted ${result.value.fingerprint} for ${result.value.endpoint}.`)
      return EXIT_OK
    }
    default:
      throw UsageError.unknownCommand('devices', sub, devicesHelp)
  }
}

/** On standard error, so it shows with --json too: a directory saved without TLS. */
function warnIfPlainLdap(io: Io, device: Device): void {
  if (device.kind === 'directory' && connectionSecurity(device) === 'none')
    io.stderr(plainLdapWarning(device.name))
}

function fail(io: Io, error: Parameters<typeof printError>[1]): number {
  printError(io, error)
  return exitCodeFor(error.code)
}
