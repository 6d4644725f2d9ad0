import { useEffect, useRef } from 'react'

/** Typing in a text filter asks the store once the typing pauses this long. */
const TYPING_DELAY_MS = 300

/**
 * Applies text as typed once typing pauses: `apply(typed)` runs when `typed` has not changed for a
 * moment and differs from `applied` (both compared by value).
 */
export function useTypingPause<T>(typed: T, applied: T, apply: (typed: T) => void): void {
  const latestApply = useRef(apply)
  useEffect(() => {
    latestApply.current = apply
  })
  const pending = JSON.stringify(typed) === JSON.stringify(applied) ? undefined : JSON.stringify(typed)
  useEffect(() => {
    if (pending === undefined) return
    const timer = setTimeout(() => latestApply.current(JSON.parse(pending) as T), TYPING_DELAY_MS)
    return () => clearTimeout(timer)
  }, [pending])
}
