import { useEffect, useId, useRef, type ReactNode } from 'react'
import { createPortal } from 'react-dom'

interface DialogProps {
  title: string
  onClose: () => void
  children: ReactNode
  /** The dialog's buttons; by default Close alone (a dialog that only shows something). */
  footer?: ReactNode
  wide?: boolean
}

const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])'
].join(', ')

/** Where dialogs are drawn: beside the page, inside the app's frame (which a lost connection disables). */
export const DIALOG_HOST_ID = 'dialogs'

/** Open dialogs, innermost last: only that one answers Escape and Tab. */
const openDialogs: HTMLElement[] = []

/** Keeps Tab inside the dialog, also when focus was lost to the page (e.g. a button became disabled). */
function trapTab(dialog: HTMLElement, event: KeyboardEvent): void {
  const focusable = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)]
  const first = focusable[0]
  const last = focusable[focusable.length - 1]
  const active = document.activeElement
  const outside = !(active instanceof Node) || !dialog.contains(active)
  if (event.shiftKey && (outside || active === first)) {
    event.preventDefault()
    last?.focus()
  } else if (!event.shiftKey && (outside || active === last)) {
    event.preventDefault()
    first?.focus()
  }
}

/**
 * Modal dialog: labelled, focus moves in on open (to the element marked data-autofocus, else the first
 * control) and back on close, Escape closes, Tab stays inside.
 */
export function Dialog({ title, onClose, children, footer, wide }: DialogProps) {
  const titleId = useId()
  const ref = useRef<HTMLDivElement>(null)
  const close = useRef(onClose)

  useEffect(() => {
    close.current = onClose
  }, [onClose])

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null
    const target =
      dialog.querySelector<HTMLElement>('[data-autofocus]') ?? dialog.querySelector<HTMLElement>(FOCUSABLE)
    target?.focus()
    openDialogs.push(dialog)
    // On the document, not the dialog: Escape must work even when focus has fallen out of the dialog.
    const onKeyDown = (event: KeyboardEvent) => {
      if (openDialogs[openDialogs.length - 1] !== dialog) return
      if (event.key === 'Escape') {
        event.preventDefault()
        close.current()
      } else if (event.key === 'Tab') trapTab(dialog, event)
    }
    document.addEventListener('keydown', onKeyDown)
    return () => {
      document.removeEventListener('keydown', onKeyDown)
      openDialogs.splice(openDialogs.indexOf(dialog), 1)
      previous?.focus()
    }
  }, [])

  return createPortal(
    // A click on the backdrop must not move focus out of the dialog.
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && e.preventDefault()}>
      <div
        ref={ref}
        className={wide ? 'dialog wide' : 'dialog'}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
      >
        <h2 id={titleId}>{title}</h2>
        <div className="dialog-body">{children}</div>
        <div className="dialog-footer">
          {footer ?? (
            <button type="button" onClick={onClose}>
              Close
            </button>
          )}
        </div>
      </div>
    </div>,
    // Outside the scrolling page: focusing a field must not scroll the page under the backdrop.
    document.getElementById(DIALOG_HOST_ID) ?? document.body
  )
}
