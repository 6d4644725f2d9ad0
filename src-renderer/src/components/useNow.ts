import { useEffect, useState } from 'react'

/** How often ages ("5 min ago") are brought up to date. */
const AGE_REFRESH_MS = 30_000

/** The current time, renewed every half minute, for ages shown on a page that stays open. */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), AGE_REFRESH_MS)
    return () => clearInterval(timer)
  }, [])
  return now
}
