import type { ComponentProps } from 'react'

interface ActionButtonProps extends Omit<ComponentProps<'button'>, 'type'> {
  /** Why the action is off now (e.g. in a read-only review bundle): disables it, as its tooltip. */
  blocked?: string
}

/** A button that runs an action, off with its reason while the session may not run it. */
export function ActionButton({ blocked, disabled, title, ...props }: ActionButtonProps) {
  return <button type="button" {...props} disabled={disabled || !!blocked} title={blocked ?? title} />
}
