// Issue 20: what the Orders page offers for an order, and what its confirmations say each action does.
import { describe, expect, it } from 'vitest'
import {
  orderStatuses,
  type Order,
  type OrderStatus,
  type OrderStep,
  type StepState
} from '../../src-preload/contract'
import {
  actionError,
  allowedActions,
  confirmation,
  requestText,
  stepsProgress,
  stepTiming,
  undoText
} from '../../src-renderer/src/features/orders/orderModel'
import { runSubjectWords } from '../../src-renderer/src/features/sync/runModel'

function step(seq: number, device: string, state: StepState, more: Partial<OrderStep> = {}): OrderStep {
  return {
    seq,
    device,
    action: { type: 'add-line', device, line: { pattern: `41${seq}0`, partition: 'PT-Internal' } },
    summary: `Add line 41${seq}0 in PT-Internal`,
    dependsOn: [],
    state,
    ...more
  }
}

function order(status: OrderStatus, stepList: OrderStep[]): Order {
  const count = (state: StepState) => stepList.filter((s) => s.state === state).length
  return {
    id: 12,
    title: 'New hires',
    status,
    requestedBy: 'admin',
    createdAt: '2026-12-08T01:00:00.000Z',
    updatedAt: '2026-12-08T01:00:05.000Z',
    devices: [...new Set(stepList.map((s) => s.device))],
    steps: { total: stepList.length, done: count('done'), failed: count('failed'), undone: count('undone') },
    stepList
  }
}

describe('order actions', () => {
  it('offers Retry and Roll back for stopped orders, Cancel for waiting, running and stopped ones', () => {
    const offered = Object.fromEntries(orderStatuses.map((status) => [status, allowedActions(status)]))
    expect(offered).toEqual({
      queued: { retry: false, rollback: false, cancel: true },
      running: { retry: false, rollback: false, cancel: true },
      done: { retry: false, rollback: false, cancel: false },
      failed: { retry: true, rollback: true, cancel: true },
      interrupted: { retry: true, rollback: true, cancel: true },
      'rolling-back': { retry: false, rollback: false, cancel: false },
      'rolled-back': { retry: false, rollback: false, cancel: false },
      cancelled: { retry: true, rollback: true, cancel: false }
    })
  })

  it('says a roll back undoes the done steps on their devices, newest first', () => {
    const failed = order('failed', [
      step(1, 'CUCM A', 'done'),
      step(2, 'CUCM B', 'done'),
      step(3, 'CUCM A', 'done'),
      step(4, 'CUCM B', 'failed'),
      step(5, 'CUCM A', 'pending')
    ])
    expect(confirmation(failed, 'rollback')).toEqual({
      title: 'Roll back order 12',
      confirmLabel: 'Roll back',
      text: 'Roll back undoes 3 done steps on CUCM A and CUCM B, newest first (step 3, step 2 and step 1), each read back from the device.'
    })
  })

  it('counts a step whose undo was in flight when the process ended, and says when nothing is done', () => {
    const interrupted = order('interrupted', [step(1, 'CUCM A', 'undoing'), step(2, 'CUCM A', 'undone')])
    expect(confirmation(interrupted, 'rollback').text).toBe(
      'Roll back undoes 1 done step on CUCM A, newest first (step 1), each read back from the device.'
    )
    const nothing = order('cancelled', [step(1, 'CUCM A', 'pending')])
    expect(confirmation(nothing, 'rollback').text).toBe(
      'Roll back undoes nothing: no step of order 12 is done. It is then marked rolled back.'
    )
  })

  it('says where a retry goes on from, and that an interrupted order is read first', () => {
    const steps = [step(1, 'CUCM A', 'done'), step(2, 'CUCM A', 'failed'), step(3, 'CUCM A', 'pending')]
    expect(confirmation(order('failed', steps), 'retry').text).toBe(
      'Retry runs order 12 again from step 2 (Add line 4120 in PT-Internal on CUCM A); the steps already done are not sent again.'
    )
    expect(confirmation(order('interrupted', steps), 'retry').text).toMatch(
      /It first reads the devices to learn whether the step in flight had landed\.$/
    )
  })

  it('says what a cancel does in each status it is offered in', () => {
    const steps = [step(1, 'CUCM A', 'done'), step(2, 'CUCM A', 'pending')]
    expect(confirmation(order('queued', steps), 'cancel').text).toBe(
      'Cancel stops order 12 before it sends anything.'
    )
    expect(confirmation(order('running', steps), 'cancel').text).toMatch(
      /once the step in flight is answered/
    )
    expect(confirmation(order('failed', steps), 'cancel').text).toBe(
      'Cancel marks order 12 cancelled and leaves its devices as they are; Retry and Roll back stay offered.'
    )
  })

  it("shows a refusal with its code and the Core's message", () => {
    expect(
      actionError('rollback', {
        code: 'CONFLICT',
        message: 'Order 12 is done: only a failed … order can be rolled back.'
      })
    ).toBe('Roll back did not run (CONFLICT): Order 12 is done: only a failed … order can be rolled back.')
  })
})

describe('order steps', () => {
  it('names what undoes a step in the words the Core uses for steps', () => {
    const done = step(1, 'CUCM A', 'done', {
      undo: { type: 'remove-line', device: 'CUCM A', line: { pattern: '4110', partition: 'PT-Internal' } }
    })
    expect(undoText(done)).toBe('Remove line 4110 in PT-Internal')
    expect(undoText(step(2, 'CUCM A', 'pending'))).toBe('Planned when the step runs')
    expect(undoText(step(3, 'CUCM A', 'done'))).toBe('Nothing: the step changed nothing that needs undoing')
  })

  it('shows timing once started, and the steps done of all', () => {
    const at = (iso: string) => `at ${iso.slice(11, 19)}`
    expect(stepTiming(step(1, 'A', 'pending'), at)).toBe('')
    expect(stepTiming(step(1, 'A', 'running', { startedAt: '2026-12-08T01:00:01.000Z' }), at)).toBe(
      'at 01:00:01, not finished'
    )
    expect(
      stepTiming(step(1, 'A', 'done', { startedAt: '2026-12-08T01:00:01.000Z', durationMs: 1250 }), at)
    ).toBe('at 01:00:01, 1.3 s')
    expect(stepsProgress(order('failed', [step(1, 'A', 'done'), step(2, 'A', 'failed')]))).toBe('1/2')
  })

  it("shows AXL's envelope, and CUPI's method, path and JSON", () => {
    expect(
      requestText({
        protocol: 'axl',
        device: 'CUCM A',
        operation: 'addLine',
        envelope: '<soapenv:Envelope/>'
      })
    ).toEqual({ title: 'AXL addLine to CUCM A', text: '<soapenv:Envelope/>' })
    expect(
      requestText({
        protocol: 'cupi',
        device: 'Unity A',
        method: 'POST',
        path: '/vmrest/users?templateAlias=voicemailusertemplate',
        body: { Alias: 'jdoe', DtmfAccessId: '4100' }
      })
    ).toEqual({
      title: 'CUPI POST /vmrest/users?templateAlias=voicemailusertemplate to Unity A',
      text: 'POST /vmrest/users?templateAlias=voicemailusertemplate\n\n{\n  "Alias": "jdoe",\n  "DtmfAccessId": "4100"\n}'
    })
    expect(
      requestText({ protocol: 'cupi', device: 'Unity A', method: 'DELETE', path: '/vmrest/users/x' }).text
    ).toBe('DELETE /vmrest/users/x')
  })
})

describe('order runs', () => {
  it('names the run of an order as an order, not as a synchronization', () => {
    expect(runSubjectWords({ kind: 'order', device: 'CUCM A' })).toBe('order on CUCM A')
    expect(runSubjectWords({ kind: 'user', device: 'CUCM A' })).toBe('user synchronization of CUCM A')
  })
})
