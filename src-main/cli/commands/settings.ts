import {
  effectiveRetention,
  runKinds,
  type RunKind,
  type AppError,
  type RunRetention,
  type Settings
} from '../../../src-preload/contract'
import type { Core } from '../../core'
import { flag, int, list, noPositionals, parse, str, UsageError } from '../args'
import { flagOptions, repeatableOptions, valueOptions } from '../options'
import { EXIT_OK, exitCodeFor } from '../exitCodes'
import { printError, printValue, table, type Io } from '../io'

export const settingsHelp = `Usage: switchboard settings show
       switchboard settings set [--runs-kept N] [--deletion-guard PERCENT] [--retention KIND=COUNT[,DAYS] ...]
                                [--proxy URL | --no-proxy]

  --runs-kept N     synchronization runs kept per device and kind, with their logs (1-1000, default 20);
                    the count of every kind without a retention of its own
  --deletion-guard PERCENT
                    a device synchronization that would remove more than PERCENT % (1-100, default
                    20) of an object type's inventory (types of 10 objects or more), or all of it,
                    changes nothing and needs approval (sync device … --approve); change notification
                    falls back to a full synchronization instead
  --retention KIND=COUNT[,DAYS]
                    keep the newest COUNT runs (1-1000) of a kind per device, domain or job, and delete
                    the older than DAYS days (1-3650; the newest run is always kept); no DAYS: no age
                    limit; KIND=default: back to --runs-kept. Repeat for several kinds.
                    Kinds: ${runKinds.join(', ')}
  --proxy URL       send HTTPS requests to devices through this proxy (http://HOST:PORT or
                    https://HOST:PORT, an HTTP CONNECT tunnel); hosts listed in NO_PROXY go direct.
                    TLS to the device is verified (or pinned) end to end as without a proxy.
  --no-proxy        remove the proxy setting: HTTPS_PROXY and NO_PROXY from the environment apply`

/** "user=50,30" → ['user', { count: 50, days: 30 }]; "user=default" → ['user', null]. */
function retentionArg(text: string): [RunKind, RunRetention | null] {
  const match = /^([a-z-]+)=(?:(default)|(\d+)(?:,(\d+))?)$/.exec(text.trim())
  if (!match)
    throw new UsageError(`--retention must be KIND=COUNT[,DAYS] or KIND=default, got "${text}"`, settingsHelp)
  const [, kind, reset, count, days] = match
  if (!(runKinds as readonly string[]).includes(kind))
    throw new UsageError(`--retention: "${kind}" is not a run kind (${runKinds.join(', ')})`, settingsHelp)
  return [
    kind as RunKind,
    reset ? null : { count: Number(count), days: days === undefined ? null : Number(days) }
  ]
}

function settingsText(settings: Settings): string {
  return [
    `Runs kept per device and kind: ${settings.runsKeptPerDevice}`,
    `Deletion guard of device synchronizations: ${settings.deletionGuardPercent} % of a type, or all of it`,
    table(
      ['KIND', 'RUNS KEPT', 'MAX AGE', ''],
      runKinds.map((kind) => {
        const { count, days } = effectiveRetention(settings, kind)
        return [
          kind,
          String(count),
          days === null ? 'none' : `${days} days`,
          settings.retention[kind] ? '' : '(default)'
        ]
      })
    ),
    `HTTPS proxy: ${settings.proxy ?? 'none set (HTTPS_PROXY and NO_PROXY from the environment apply)'}`
  ].join('\n')
}

/** The options behind the contract's fields, so a refusal names what was typed. */
const OPTION_OF_FIELD: Record<string, string> = {
  runsKeptPerDevice: '--runs-kept',
  deletionGuardPercent: '--deletion-guard',
  proxy: '--proxy'
}

function asTyped(error: AppError): AppError {
  const option = error.field === undefined ? undefined : OPTION_OF_FIELD[error.field]
  if (option === undefined || error.issues?.length !== 1) return error
  return { ...error, field: option, message: error.message.replace(`${error.field}:`, `${option}:`) }
}

export async function settingsCommand(core: Core, argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv
  const parsed = parse(
    rest,
    sub === 'set'
      ? {
          ...valueOptions('runs-kept', 'deletion-guard', 'proxy'),
          ...repeatableOptions('retention'),
          ...flagOptions('no-proxy')
        }
      : {},
    settingsHelp
  )
  noPositionals(parsed, settingsHelp)
  let result
  if (sub === 'show') result = await core.dispatch('settings:get', {}, { origin: 'cli' })
  else if (sub === 'set') {
    const runsKept = int(parsed, 'runs-kept')
    const guardPercent = int(parsed, 'deletion-guard')
    const retention = list(parsed, 'retention').map(retentionArg)
    const proxyUrl = str(parsed, 'proxy')
    const noProxy = flag(parsed, 'no-proxy')
    if (proxyUrl !== undefined && noProxy)
      throw new UsageError('--proxy and --no-proxy exclude each other: give one', settingsHelp)
    const proxy = noProxy ? null : proxyUrl
    if (runsKept === undefined && guardPercent === undefined && retention.length === 0 && proxy === undefined)
      throw new UsageError(
        'nothing to set: give --runs-kept N, --deletion-guard PERCENT, --retention KIND=COUNT[,DAYS], --proxy URL or --no-proxy',
        settingsHelp
      )
    result = await core.dispatch(
      'settings:set',
      {
        ...(runsKept !== undefined ? { runsKeptPerDevice: runsKept } : {}),
        ...(guardPercent !== undefined ? { deletionGuardPercent: guardPercent } : {}),
        ...(retention.length > 0 ? { retention: Object.fromEntries(retention) } : {}),
        ...(proxy !== undefined ? { proxy } : {})
      },
      { origin: 'cli' }
    )
  } else
    throw new UsageError(
      sub === undefined ? 'missing settings command' : `unknown settings command "${sub}"`,
      settingsHelp
    )
  if (!result.ok) {
    printError(io, asTyped(result.error))
    return exitCodeFor(result.error.code)
  }
  const settings = result.value
  printValue(io, settings, () => settingsText(settings))
  return EXIT_OK
}
