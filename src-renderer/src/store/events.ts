// The one place where bridge events reach the store; components never subscribe to the bridge.
import { bridge } from '../api/client'
import { useStore } from './index'

export function connectEvents(): () => void {
  const store = useStore.getState
  const offs = [
    bridge.on('devices:changed', () => void store().loadDevices()),
    bridge.on('devices:test-status', ({ name, status }) => {
      store().setTestStatus(name, status)
      // The finished result (time, message, version, fingerprint) arrives with the stored device.
      if (status !== 'in-progress') void store().loadDevices()
    }),
    bridge.on('demo:changed', (status) => store().setDemo(status)),
    bridge.on('sync:progress', (progress) => store().onProgress(progress)),
    bridge.on('sync:finished', (run) => store().onFinished(run)),
    bridge.on('domains:changed', ({ name }) => void store().onDomainsChanged(name)),
    bridge.on('jobs:changed', () => void store().loadJobs()),
    // A job's synchronization status changes as its run, or a synchronization it started, ends.
    bridge.on('sync:finished', () => void store().loadJobs())
  ]
  return () => offs.forEach((off) => off())
}
