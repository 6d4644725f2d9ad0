/**
 * Request fields as the user typed them: an error about `changes.staleAction` reads `--stale`, one
 * about a positional reads its placeholder (NAME). The contract's paths stay in --json output, where
 * scripts rely on them; people see the option they can change.
 */

/**
 * Field path (numeric indexes left out) → label, or a function of the path's parts (and of the whole
 * dotted path, indexes kept) for options that carry several fields; a key also covers the paths below it.
 */
type Labels = Record<string, string | ((parts: string[], field: string) => string)>

const devicesEditing: Labels = { name: 'NAME', 'changes.name': '--name' }

const ldapSettings: Labels = {
  domain: 'DOMAIN',
  'changes.updateExisting': '--update',
  'changes.staleAction': '--stale',
  'changes.syncDisabledUsers': '--sync-disabled',
  'changes.filter': '--filter',
  'changes.guard.maxRemovals': '--guard-count',
  'changes.guard.maxPercent': '--guard-percent',
  'changes.writeBack.attribute': '--write-back',
  'changes.writeBack.mask': '--write-back-mask',
  'changes.fieldRules': '--field',
  'changes.provisioningRule.role': '--new-user-role',
  'changes.provisioningRule.serviceArea': '--new-user-service-area',
  'changes.intervalHours': '--interval',
  'changes.startAt': '--start'
}

const serviceAreaFields: Labels = {
  name: 'NAME',
  'changes.name': '--name',
  voiceGateways: '--voice-gateway',
  userRoles: '--role',
  assignLineFromBlock: '--line-from-block',
  maskLdapNumbers: '--mask-ldap-numbers',
  ldapNumberMask: '--mask-ldap-numbers'
}

const jobFields: Labels = {
  name: 'NAME',
  'changes.name': '--name',
  frequency: '--every',
  startAt: '--start',
  'selection.choice': '--builder',
  'selection.text': '--granular',
  selection: '--builder or --granular',
  'options.abortOnFailure': '--abort-on-fail'
}

const logFilters: Labels = {
  runId: 'RUN_ID',
  objectType: '--type',
  older: 'OLDER_RUN_ID',
  newer: 'NEWER_RUN_ID',
  kinds: '--kind',
  from: '--since',
  to: '--until'
}

/** By command, then by "command subcommand" where a subcommand names things differently. */
const labels: Record<string, Labels> = {
  devices: {
    useSsl: '--ssl',
    startTls: '--starttls',
    password: '--password-env or --password-stdin',
    osPassword: '--os-password-env',
    'extensionMobility.serviceName': '--em-service-name',
    'extensionMobility.serviceUrl': '--em-service-url',
    extensionMobility: '--em-service-name'
  },
  'devices edit': devicesEditing,
  'devices show': devicesEditing,
  'devices delete': devicesEditing,
  'devices test': devicesEditing,
  'devices trust': devicesEditing,
  domains: { name: 'NAME', rules: '--rule', 'changes.rules': '--rule' },
  'domains ldap': ldapSettings,
  'service-areas': serviceAreaFields,
  'dn-blocks': { id: 'ID' },
  numbers: { number: 'NUMBER', userid: '--user', state: '--available, --in-use or --reserved' },
  roles: {
    name: 'NAME',
    'changes.name': '--name',
    endpoints: '--endpoint',
    lines: '--line',
    services: '--service',
    bundles: '--bundle'
  },
  jobs: jobFields,
  settings: {
    runsKeptPerDevice: '--runs-kept',
    deletionGuardPercent: '--deletion-guard',
    // retention.user.days → "--retention user=COUNT,DAYS": the kind is part of the value.
    retention: ([, kind, part]) =>
      kind ? `--retention ${kind}=COUNT${part === 'days' ? ',DAYS' : ''}` : '--retention'
  },
  'sync device': {
    device: 'NAME',
    kind: '--infra, --user or --both',
    'options.specialDns': '--no-special-dns'
  },
  'sync domain': { name: 'NAME' },
  'sync ldap': { domain: 'DOMAIN' },
  logs: logFilters,
  audit: { from: '--since', to: '--until' },
  inventory: { device: 'DEVICE' },
  users: { 'search.text': '--search', 'search.by': '--by', search: '--search' },
  'change-notification': { device: 'DEVICE', intervalMinutes: '--interval' },
  writeback: { domain: 'DOMAIN' },
  orders: {
    id: 'ID',
    statuses: '--status',
    // A field of the order file: its path in the file, indexes in brackets (steps[0].action.device).
    title: (_, field) => filePath(field),
    steps: (_, field) => filePath(field)
  }
}

/** `steps.0.action.line.pattern` → `steps[0].action.line.pattern`, as a path into a JSON file reads. */
function filePath(field: string): string {
  return field.replace(/\.(\d+)(?=\.|$)/g, '[$1]')
}

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)

/**
 * The label of a request field for `command` (its words as typed, e.g. ["domains", "ldap", "set"]):
 * the most specific known name, else the option its last part spells (`callProcessors.0` →
 * `--call-processors`), which is how most options are named.
 */
export function cliFieldLabel(command: readonly string[], field: string): string {
  if (field === '') return field
  // Paths come dotted from the contract (`steps.0.action`) or bracketed from a service (`steps[0].action`).
  const dotted = field.replace(/\[(\d+)\]/g, '.$1')
  const path = dotted
    .split('.')
    .filter((part) => !/^\d+$/.test(part))
    .join('.')
  const tables = [labels[command.slice(0, 2).join(' ')], labels[command[0]]]
  // An edit's fields sit under `changes.`; a key without it covers both add and edit.
  const paths = path.startsWith('changes.') ? [path, path.slice('changes.'.length)] : [path]
  for (const table of tables) {
    if (!table) continue
    const key = Object.keys(table)
      .filter((k) => paths.some((p) => p === k || p.startsWith(`${k}.`)))
      .sort((a, b) => b.length - a.length)[0]
    if (key === undefined) continue
    const label = table[key]
    return typeof label === 'string' ? label : label(path.split('.'), dotted)
  }
  return `--${kebab(path.slice(path.lastIndexOf('.') + 1))}`
}
