import type { ReactNode } from 'react'
import type { RequestChannel } from '../../../src-preload/contract/channels'
import type { Input, Output } from '../../../src-preload/contract'
import { useCall } from '../api/useCall'
import { Dialog } from './Dialog'
import { ErrorSummary } from './ErrorSummary'

/**
 * A dry run in a dialog: asks the Core once, says so while it works, then shows what `action` would do;
 * nothing is written. `children` lays out the answer.
 */
export function DryRunDialog<C extends RequestChannel>({
  title,
  channel,
  input,
  waiting,
  action,
  onClose,
  children
}: {
  title: string
  channel: C
  input: Input<C>
  /** What the user is waiting for, e.g. "Reading the directory…". */
  waiting: string
  /** What the preview stands for, e.g. "an LDAP synchronization". */
  action: string
  onClose: () => void
  children: (preview: Output<C>) => ReactNode
}) {
  const { value: preview, error } = useCall(channel, input)
  return (
    <Dialog title={title} onClose={onClose} wide>
      <ErrorSummary>{error && `The preview could not run: ${error}`}</ErrorSummary>
      {preview === undefined && !error && <p className="muted">{waiting}</p>}
      {preview !== undefined && (
        <>
          <p className="muted">Nothing has been changed; this is what {action} would do now.</p>
          {children(preview)}
        </>
      )}
    </Dialog>
  )
}
