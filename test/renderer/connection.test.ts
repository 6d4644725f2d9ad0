// Issue 25 item 27: what the page makes of its link to the host: refused for a wrong or missing token
// (close code 4401, final), lost when the host goes, connected once the host answers.
import { describe, expect, it } from 'vitest'
import {
  connectionAfterClose,
  connectionAfterMessage,
  LOST_REASON,
  REFUSED_REASON,
  TOKEN_REFUSED
} from '../../src-renderer/src/api/connection'

describe('connection', () => {
  it('is refused when the host closes with 4401, and stays refused', () => {
    expect(connectionAfterClose('connecting', TOKEN_REFUSED)).toEqual({
      state: 'refused',
      reason: REFUSED_REASON
    })
    expect(connectionAfterClose('refused', 1006)).toEqual({ state: 'refused', reason: REFUSED_REASON })
    expect(REFUSED_REASON).toMatch(/access token in the URL is missing or wrong/)
  })

  it('is lost when the socket closes otherwise, connected or not yet', () => {
    for (const previous of ['connected', 'connecting', 'lost'] as const)
      for (const code of [1000, 1001, 1006])
        expect(connectionAfterClose(previous, code)).toEqual({ state: 'lost', reason: LOST_REASON })
  })

  it('is connected from the host’s first message on', () => {
    expect(connectionAfterMessage({ state: 'connecting' })).toEqual({ state: 'connected' })
    const connected = { state: 'connected' as const }
    expect(connectionAfterMessage(connected)).toBe(connected)
  })
})
