import { useEffect } from 'react'
import { Notices } from './components/Notices'
import { DeviceSetupPage } from './features/devices/DeviceSetupPage'
import { EmptyPage } from './features/shell/EmptyPage'
import { useStore, type Page } from './store'
import { connectEvents } from './store/events'

const pages: { id: Page; label: string }[] = [
  { id: 'devices', label: 'Device Setup' },
  { id: 'provisioning', label: 'Provisioning Setup' },
  { id: 'schedule', label: 'Schedule Synchronization' },
  { id: 'users', label: 'Users' },
  { id: 'logs', label: 'Logs' }
]

export function App() {
  const page = useStore((s) => s.page)
  const setPage = useStore((s) => s.setPage)
  const info = useStore((s) => s.info)
  const loadInfo = useStore((s) => s.loadInfo)

  useEffect(() => {
    void loadInfo()
    return connectEvents()
  }, [loadInfo])

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Switchboard</span>
        {info && (
          <span className="meta">
            v{info.version} · {info.host === 'electron' ? 'desktop' : 'headless host'} · data:{' '}
            <code>{info.dataDir}</code>
          </span>
        )}
      </header>
      <nav className="sidebar" aria-label="Main">
        <ul>
          {pages.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                className={p.id === page ? 'nav-item active' : 'nav-item'}
                aria-current={p.id === page ? 'page' : undefined}
                onClick={() => setPage(p.id)}
              >
                {p.label}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content">
        {page === 'devices' && <DeviceSetupPage />}
        {page === 'provisioning' && (
          <EmptyPage title="Provisioning Setup">
            No domains yet. Domains, service areas, directory number blocks and user roles are configured here
            once the call processors have been synchronized.
          </EmptyPage>
        )}
        {page === 'schedule' && (
          <EmptyPage title="Schedule Synchronization">
            No synchronization jobs yet. Jobs that synchronize processors, directories and domains on a
            schedule are listed here.
          </EmptyPage>
        )}
        {page === 'users' && (
          <EmptyPage title="Users">
            No users yet. Users appear here after a domain synchronization has filed them into a domain.
          </EmptyPage>
        )}
        {page === 'logs' && (
          <EmptyPage title="Logs">
            No synchronization runs yet. Every run of every kind, with its detailed log, is listed here.
          </EmptyPage>
        )}
      </main>
      <Notices />
    </div>
  )
}
