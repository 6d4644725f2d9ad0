import { useEffect, useState } from 'react'
import type { RequestChannel } from '../../../src-preload/contract/channels'
import type { Input, Output } from '../../../src-preload/contract'
import { call } from './client'

export interface Answer<T> {
  /** The latest successful answer; it stays while a newer request runs. */
  value?: T
  /** Why the latest request failed; the next success clears it. */
  error?: string
  /** Whether `value` and `error` answer the current input (not an earlier one). */
  current: boolean
}

/**
 * Asks the Core for what a component shows: again whenever `input` changes (compared by value, so a new
 * object each render is fine) or `refresh` does (by identity: a primitive or a memoized value); nothing
 * while `input` is undefined. An answer that comes after a newer request was made, or after the component
 * left, is dropped.
 */
export function useCall<C extends RequestChannel>(
  channel: C,
  input: Input<C> | undefined,
  refresh?: unknown
): Answer<Output<C>> {
  const request = input === undefined ? undefined : JSON.stringify(input)
  const [answer, setAnswer] = useState<{ request?: string; value?: Output<C>; error?: string }>({})

  useEffect(() => {
    if (request === undefined) return
    let current = true
    void call(channel, JSON.parse(request) as Input<C>).then((result) => {
      if (!current) return
      setAnswer((previous) =>
        result.ok
          ? { request, value: result.value }
          : { request, value: previous.value, error: result.error.message }
      )
    })
    return () => {
      current = false
    }
  }, [channel, request, refresh])

  return {
    value: answer.value,
    error: answer.error,
    current: request !== undefined && answer.request === request
  }
}
