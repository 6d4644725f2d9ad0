// The one place where bridge events reach the store; components never subscribe to the bridge.
import { bridge } from '../api/client'
import { useStore } from './index'

async function reloadAfterReconnect(): Promise<void> {
  const state = useStore.getState()
  await Promise.all([
    state.loadInfo(),
    state.loadActive(),
    state.loadDevices(),
    state.onDomainsChanged(),
    state.loadJobs(),
    state.onOrderChanged()
  ])
}

export function connectEvents(): () => void {
  const store = useStore.getState
  let connectedBefore = store().connection.state === 'connected'
  const offs = [
    bridge.onConnection((connection) => {
      store().setConnection(connection)
      if (connection.state !== 'connected') return
      // Connected again after a loss: events were missed meanwhile, so read again what pages show.
      if (connectedBefore) void reloadAfterReconnect()
      connectedBefore = true
    }),
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
    bridge.on('sync:finished', () => void store().loadJobs()),
    bridge.on('orders:changed', () => void store().onOrderChanged())
  ]
  // A change between the store's creation and this subscription is not lost.
  store().setConnection(bridge.connection())
  return () => offs.forEach((off) => off())
}
