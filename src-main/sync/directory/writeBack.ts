// Write back primary DN to LDAP (seed 000 "Write Primary DN to LDAP", LDAP-40 … LDAP-46): for each
// directory user of a domain with a primary directory number, the chosen attribute of its entry is
// replaced with the number, masked first when a mask is set. Each user's outcome goes to the log.
import { applyMask, type RunSummary } from '../../../src-preload/contract'
import { deadline } from '../../connectors/common/deadline'
import { CancelledError } from '../../connectors/common/retry'
import { DirectoryClient, DirectoryError, describeLdapError } from '../../connectors/ldap/client'
import { describeRunDeadline, DIRECTORY_LIMITS } from '../../connectors/ldap/limits'
import { UserError } from '../../core/errors'
import { refuseUnlessChangesAllowed } from '../../core/changesAllowed'
import { domainRow } from '../../domains/context'
import type { DomainUserRow } from '../../store/domainUserRecords'
import { beginDomainRun, finishDomainRun } from '../domainRun'
import { directoryTargetFor, type DirectorySyncDeps } from './service'

/** The number written for a user: CUCM's primary extension, else its first line. */
export function primaryNumber(user: DomainUserRow): string | undefined {
  return user.data.primaryDn ?? user.services.find((s) => s.kind === 'Line')?.details.pattern
}

export class WriteBackService {
  constructor(private readonly deps: DirectorySyncDeps) {}

  start(domainName: string): { runId: number; done: Promise<RunSummary> } {
    const { store } = this.deps
    const domain = domainRow(store, domainName, 'domain')
    const settings = store.ldapSettings.get(domain.id)?.settings
    const directory = store.devices.all().find((d) => d.id === domain.directory_id)
    const attribute = settings?.writeBack?.attribute ?? 'none'
    // LDAP-44: the action is off while the attribute is "Do not write to LDAP".
    if (!settings || !directory || attribute === 'none')
      throw new UserError(
        'VALIDATION',
        `${domain.name} does not write back to LDAP: choose the attribute (ipPhone, telephoneNumber or mobile) in its LDAP settings first.`,
        'writeBack.attribute'
      )
    refuseUnlessChangesAllowed(directory, `the write-back of ${domain.name}'s primary directory numbers`)
    const mask = settings.writeBack?.mask
    const { run, progress, signal, release } = beginDomainRun(
      this.deps,
      domain,
      'write-back',
      `the write-back to LDAP of ${domain.name}`,
      `Write-back of primary directory numbers of ${domain.name} to ${attribute} on ${directory.name} started${mask ? ` (mask ${mask})` : ''}.`
    )
    const { runId, log } = run
    const runDeadlineMs = this.deps.directoryLimits?.runDeadlineMs ?? DIRECTORY_LIMITS.runDeadlineMs
    // The run's own deadline, besides its requests'; cancelling the run ends it too.
    const runLimit = deadline(runDeadlineMs, signal)
    const done = (async (): Promise<RunSummary> => {
      const users = store.domainUsers.ofDomain(domain.id).filter((u) => u.data.ldapDn)
      const withoutNumber = users.filter((u) => !primaryNumber(u)).map((u) => u.userid)
      if (withoutNumber.length > 0)
        log.add(
          'info',
          'LDAP_WRITE_BACK_NO_PRIMARY_DN',
          `${withoutNumber.length} directory users have no primary directory number and were skipped: ${withoutNumber.join(', ')}.`,
          {
            objectType: 'User'
          }
        )
      let written = 0
      let failed = 0
      try {
        const client = await DirectoryClient.connect(
          directoryTargetFor(this.deps, directory.name),
          runLimit.signal
        )
        try {
          for (const user of users) {
            if (runLimit.signal.aborted) throw new CancelledError()
            const number = primaryNumber(user)
            if (!number) continue
            const value = mask ? applyMask(mask, number) : number
            try {
              await client.replace(user.data.ldapDn as string, attribute, value, runLimit.signal)
              written += 1
              log.add('info', 'LDAP_WRITE_BACK_WRITTEN', `${user.userid}: ${attribute} = ${value}.`, {
                objectType: 'User',
                objectName: user.userid
              })
            } catch (error) {
              if (error instanceof CancelledError) throw error
              failed += 1
              log.add(
                'error',
                'LDAP_WRITE_BACK_REFUSED',
                `${user.userid}: ${attribute} could not be written: ${describeLdapError(error)}`,
                {
                  objectType: 'User',
                  objectName: user.userid,
                  hint: 'The bind account needs write access to this attribute; check the directory’s permissions.'
                }
              )
            }
          }
        } finally {
          await client.close()
        }
      } catch (error) {
        if (runLimit.expired()) {
          const message = describeRunDeadline(`The write-back to LDAP of ${domain.name}`, runDeadlineMs)
          log.add('error', 'LDAP_WRITE_BACK_ERROR', message, {
            hint: `${written} entries had been written; run the write-back again to finish.`
          })
          return finishDomainRun(this.deps, run, progress, 'failed', `Failed: ${message}`)
        }
        if (error instanceof CancelledError)
          return finishDomainRun(
            this.deps,
            run,
            progress,
            'cancelled',
            `Cancelled after ${written} entries were written.`
          )
        const message = error instanceof DirectoryError ? error.message : String(error)
        log.add('error', 'LDAP_WRITE_BACK_ERROR', message, {
          hint: 'Run Test Connection on the directory server.'
        })
        return finishDomainRun(this.deps, run, progress, 'failed', `Failed: ${message}`)
      }
      const summary = `Wrote ${attribute} for ${written} users; ${failed} failed; ${withoutNumber.length} without a primary directory number.`
      return finishDomainRun(
        this.deps,
        run,
        progress,
        failed > 0 ? (written > 0 ? 'partial' : 'failed') : 'succeeded',
        summary
      )
    })().finally(() => {
      runLimit.dispose()
      release()
    })
    return { runId, done }
  }
}
