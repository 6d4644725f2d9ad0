import { useShallow } from 'zustand/react/shallow'
import { useStore, type Page } from '../../store'

const pages: { id: Page; label: string }[] = [
  { id: 'devices', label: 'Device Setup' },
  { id: 'provisioning', label: 'Provisioning Setup' },
  { id: 'schedule', label: 'Schedule Synchronization' },
  { id: 'users', label: 'Users' },
  { id: 'logs', label: 'Logs' }
]

export function MainNav() {
  const { page, setPage } = useStore(useShallow((s) => ({ page: s.page, setPage: s.setPage })))
  return (
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
  )
}
