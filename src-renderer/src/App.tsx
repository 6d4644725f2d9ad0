import { useEffect } from 'react'
import { DIALOG_HOST_ID } from './components/Dialog'
import { Notices } from './components/Notices'
import { ReviewBanner } from './components/ReviewBanner'
import { AuditPage } from './features/audit/AuditPage'
import { DeviceSetupPage } from './features/devices/DeviceSetupPage'
import { ProvisioningSetupPage } from './features/domains/ProvisioningSetupPage'
import { SchedulePage } from './features/jobs/SchedulePage'
import { LogsPage } from './features/logs/LogsPage'
import { MainNav } from './features/shell/MainNav'
import { TopBar } from './features/shell/TopBar'
import { UsersPage } from './features/users/UsersPage'
import { useStore } from './store'
import { connectEvents } from './store/events'

export function App() {
  const page = useStore((s) => s.page)
  const loadInfo = useStore((s) => s.loadInfo)

  useEffect(() => {
    void loadInfo()
    return connectEvents()
  }, [loadInfo])

  return (
    <div className="app">
      <TopBar />
      <MainNav />
      <main className="content">
        <ReviewBanner />
        {page === 'devices' && <DeviceSetupPage />}
        {page === 'provisioning' && <ProvisioningSetupPage />}
        {page === 'schedule' && <SchedulePage />}
        {page === 'users' && <UsersPage />}
        {page === 'logs' && <LogsPage />}
        {page === 'audit' && <AuditPage />}
      </main>
      <div id={DIALOG_HOST_ID} />
      <Notices />
    </div>
  )
}
