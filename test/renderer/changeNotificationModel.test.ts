// Issue 25 item 23: the change notification controls check the interval as the Core does and say
// which field is wrong, as it reads on screen.
import { describe, expect, it } from 'vitest'
import { requests } from '../../src-preload/contract'
import {
  changeNotificationRequest,
  formChanged,
  formFromStatus,
  intervalProblem
} from '../../src-renderer/src/features/sync/changeNotificationModel'

const status = { device: 'Lab CUCM 1', supported: true, enabled: false, intervalMinutes: 5 }

describe('change notification form', () => {
  it('starts from the stored status and knows when it was changed', () => {
    const form = formFromStatus(status)
    expect(form).toEqual({ enabled: false, interval: '5' })
    expect(formChanged(form, status)).toBe(false)
    expect(formChanged({ ...form, interval: ' 5 ' }, status)).toBe(false)
    expect(formChanged({ ...form, enabled: true }, status)).toBe(true)
    expect(formChanged({ ...form, interval: '7' }, status)).toBe(true)
  })

  it('sends what cn:set accepts', () => {
    const request = changeNotificationRequest('Lab CUCM 1', { enabled: true, interval: ' 15 ' })
    expect(request).toEqual({ ok: true, input: { device: 'Lab CUCM 1', enabled: true, intervalMinutes: 15 } })
    if (request.ok) expect(requests['cn:set'].input.safeParse(request.input).success).toBe(true)
  })

  it('refuses an interval the Core would refuse, naming the field', () => {
    expect(intervalProblem('')).toBe('Poll every (minutes): is required')
    expect(intervalProblem('2.5')).toBe('Poll every (minutes): must be a whole number of minutes')
    expect(intervalProblem('0')).toBe('Poll every (minutes): must be between 1 and 15 minutes')
    expect(intervalProblem('16')).toBe('Poll every (minutes): must be between 1 and 15 minutes')
    expect(changeNotificationRequest('Lab CUCM 1', { enabled: true, interval: '16' })).toEqual({
      ok: false,
      problem: 'Poll every (minutes): must be between 1 and 15 minutes'
    })
    for (const minutes of [0, 16])
      expect(
        requests['cn:set'].input.safeParse({ device: 'x', enabled: true, intervalMinutes: minutes }).success
      ).toBe(false)
  })
})
