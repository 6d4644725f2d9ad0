// The one place where bridge events reach the store.
import { bridge } from '../api/client'
import { useStore } from './index'

export function connectEvents(): () => void {
  const offs = [
    bridge.on('devices:changed', () => void useStore.getState().loadDevices()),
    bridge.on('devices:test-status', ({ name, status }) => {
      useStore.getState().setTestStatus(name, status)
      if (status !== 'in-progress') void useStore.getState().loadDevices()
    }),
    bridge.on('demo:changed', (status) => useStore.getState().setDemo(status)),
    bridge.on('sync:progress', (progress) => useStore.getState().onProgress(progress)),
    bridge.on('sync:finished', (run) => useStore.getState().onFinished(run))
  ]
  return () => offs.forEach((off) => off())
}
