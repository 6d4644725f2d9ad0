import type { NumberReservation, NumberState } from '../../../src-preload/contract'
import type { Core } from '../../core'
import { flag, noPositionals, onePositional, parse, str, UsageError } from '../args'
import { callAndPrint } from '../call'
import { flagOptions, PAGE_OPTIONS, pageOf, valueOptions } from '../options'
import { pageHeading, table, type Io } from '../io'

export const numbersHelp = `Usage: switchboard numbers list --service-area SA [--domain D] [--available | --in-use] [--search DIGITS] [--offset N] [--limit N]
       switchboard numbers list --reserved [--service-area SA] [--domain D] [--user U]
       switchboard numbers next --service-area SA [--domain D]
       switchboard numbers reserve NUMBER --user U --service-area SA [--domain D]
       switchboard numbers release NUMBER [--service-area SA] [--domain D]

A service area's numbers are those of its directory number blocks. A number is in use when its Call
Processor has a line with it in the service area's route partition, reserved when it is held for a
user, available otherwise. "next" shows what auto-assign takes: the lowest available number.
--domain is needed only when service areas of that name are in several domains.`

const reservationRows = (reservations: NumberReservation[]): string[][] =>
  reservations.map((r) => [r.number, r.userid, r.serviceArea, r.domain, r.reservedBy, r.reservedAt])

const RESERVATION_HEADERS = ['NUMBER', 'USER', 'SERVICE AREA', 'DOMAIN', 'RESERVED BY', 'RESERVED AT']

export async function numbersCommand(core: Core, argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv
  const parsed = parse(
    rest,
    {
      ...valueOptions('service-area', 'domain', 'user', 'search'),
      ...flagOptions('available', 'in-use', 'reserved'),
      ...PAGE_OPTIONS
    },
    numbersHelp
  )
  const serviceArea = str(parsed, 'service-area')
  const domain = str(parsed, 'domain')
  const where = { ...(serviceArea !== undefined ? { serviceArea } : {}), ...(domain ? { domain } : {}) }
  const requireServiceArea = (): void => {
    if (serviceArea === undefined) throw new UsageError('missing --service-area SA', numbersHelp)
  }
  switch (sub) {
    case 'list': {
      noPositionals(parsed, numbersHelp)
      const states = (['available', 'in-use', 'reserved'] as const).filter((s) => flag(parsed, s))
      if (states.length > 1)
        throw new UsageError('give at most one of --available, --in-use and --reserved', numbersHelp)
      const [state] = states as [NumberState | undefined]
      const user = str(parsed, 'user')
      if (state === 'reserved') {
        for (const option of ['search', 'offset', 'limit'])
          if (str(parsed, option) !== undefined)
            throw new UsageError(`--${option} lists the service area's numbers; leave it out with --reserved`)
        if (serviceArea === undefined && user === undefined)
          throw new UsageError('--reserved needs --service-area SA or --user U', numbersHelp)
        return callAndPrint(
          core,
          io,
          'numbers:reservations',
          { ...where, ...(user !== undefined ? { userid: user } : {}) },
          (reservations) =>
            reservations.length === 0
              ? 'No reserved numbers.'
              : table(RESERVATION_HEADERS, reservationRows(reservations))
        )
      }
      if (user !== undefined) throw new UsageError('--user goes with --reserved', numbersHelp)
      requireServiceArea()
      const search = str(parsed, 'search')
      return callAndPrint(
        core,
        io,
        'numbers:list',
        {
          ...where,
          ...(state ? { state } : {}),
          ...(search !== undefined ? { search } : {}),
          ...pageOf(parsed, 200)
        },
        (list) => {
          const partition = list.partition === '' ? '<None>' : list.partition
          const blocks =
            list.blocks.length === 0
              ? 'no directory number blocks'
              : list.blocks
                  .map(
                    (b) =>
                      `${b.firstNumber}–${b.lastNumber}: ${b.available} available, ${b.inUse} in use, ${b.reserved} reserved`
                  )
                  .join('\n  ')
          return [
            `${list.serviceArea} (domain ${list.domain}) on ${list.callProcessor}, partition ${partition}:`,
            `  ${blocks}`,
            pageHeading(list.total, list.numbers.length, state ? `${state} numbers` : 'numbers'),
            table(
              ['NUMBER', 'STATE', 'RESERVED FOR'],
              list.numbers.map((n) => [n.number, n.state, n.reservation?.userid ?? ''])
            )
          ].join('\n')
        }
      )
    }
    case 'next': {
      noPositionals(parsed, numbersHelp)
      requireServiceArea()
      return callAndPrint(core, io, 'numbers:next', where, (next) => next.number)
    }
    case 'reserve': {
      const number = onePositional(parsed, 'NUMBER', numbersHelp)
      requireServiceArea()
      const user = str(parsed, 'user')
      if (user === undefined) throw new UsageError('missing --user U', numbersHelp)
      return callAndPrint(
        core,
        io,
        'numbers:reserve',
        { number, userid: user, ...where },
        (r) => `Reserved ${r.number} for ${r.userid} in ${r.serviceArea} (domain ${r.domain}).`
      )
    }
    case 'release': {
      const number = onePositional(parsed, 'NUMBER', numbersHelp)
      return callAndPrint(
        core,
        io,
        'numbers:release',
        { number, ...where },
        ({ released }) =>
          `Released ${released.number} (was reserved for ${released.userid} in ${released.serviceArea}).`
      )
    }
  }
  throw UsageError.unknownCommand('numbers', sub, numbersHelp)
}
