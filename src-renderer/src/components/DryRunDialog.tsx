import { useEffect, useState, type ReactNode } from 'react'
import type { RequestChannel } from '../../../src-preload/contract/channels'
import type { Input, Output } from '../../../src-preload/contract'
import { call } from '../api/client'
import { Dialog } from './Dialog'

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
  const [preview, setPreview] = useState<Output<C>>()
  const [error, setError] = useState<string>()
  // The request is compared by value: callers pass a new input object on every render.
  const request = JSON.stringify(input)

  useEffect(() => {
    let current = true
    void call(channel, JSON.parse(request) as Input<C>).then((result) => {
      if (!current) return
      if (result.ok) setPreview(result.value)
      else setError(result.error.message)
    })
    return () => {
      current = false
    }
  }, [channel, request])

  return (
    <Dialog
      title={title}
      onClose={onClose}
      wide
      footer={
        <button type="button" onClick={onClose}>
          Close
        </button>
      }
    >
      {error && (
        <p role="alert" className="error-summary">
          The preview could not run: {error}
        </p>
      )}
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
