import { useEffect } from 'react'
import { DIALOG_HOST_ID } from './components/Dialog'
import { ConnectionBanner, RefusedPage } from './components/ConnectionBanner'
import { Notices } from './components/Notices'
import { ReviewBanner } from './components/ReviewBanner'
import { AuditPage } from './features/audit/AuditPage'
import { DeviceSetupPage } from './features/devices/DeviceSetupPage'
import { ProvisioningSetupPage } from './features/domains/ProvisioningSetupPage'
import { SchedulePage } from './features/jobs/SchedulePage'
import { LogsPage } from './features/logs/LogsPage'
import { OrdersPage } from './features/orders/OrdersPage'
import { MainNav } from './features/shell/MainNav'
import { TopBar } from './features/shell/TopBar'
import { UsersPage } from './features/users/UsersPage'
import { useStore } from './store'
import { connectEvents } from './store/events'

export function App() {
  const page = useStore((s) => s.page)
  const loadInfo = useStore((s) => s.loadInfo)
  const loadActive = useStore((s) => s.loadActive)
  const connection = useStore((s) => s.connection)

  useEffect(() => {
    void loadInfo()
    void loadActive()
    return connectEvents()
  }, [loadInfo, loadActive])

  // Refused: nothing of the app is shown, since nothing of it could work without the right URL.
  if (connection.state === 'refused') return <RefusedPage reason={connection.reason} />

  return (
    <div className="app">
      <TopBar />
      <ConnectionBanner />
      {/* Until the Core answers, and while it cannot be reached, every control is off. */}
      <fieldset className="frame" disabled={connection.state !== 'connected'}>
        <MainNav />
        <main className="content">
          <ReviewBanner />
          {page === 'devices' && <DeviceSetupPage />}
          {page === 'provisioning' && <ProvisioningSetupPage />}
          {page === 'schedule' && <SchedulePage />}
          {page === 'users' && <UsersPage />}
          {page === 'logs' && <LogsPage />}
          {page === 'audit' && <AuditPage />}
          {page === 'orders' && <OrdersPage />}
        </main>
        <div id={DIALOG_HOST_ID} />
      </fieldset>
      <Notices />
    </div>
  )
}
