import { useId } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useStore, type Page } from '../../store'

interface NavItem {
  id: Page
  label: string
}

const pages: NavItem[] = [
  { id: 'devices', label: 'Device Setup' },
  { id: 'provisioning', label: 'Provisioning Setup' },
  { id: 'users', label: 'Users' },
  { id: 'orders', label: 'Orders' },
  { id: 'logs', label: 'Logs' }
]

/** The seed's Administration menu (000: "Choose Administration > Schedule Synchronization"). */
const administration: NavItem[] = [
  { id: 'schedule', label: 'Schedule Synchronization' },
  { id: 'audit', label: 'Audit Trail' }
]

function NavItems({ items }: { items: NavItem[] }) {
  const { page, setPage } = useStore(useShallow((s) => ({ page: s.page, setPage: s.setPage })))
  return items.map((p) => (
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
  ))
}

export function MainNav() {
  const administrationId = useId()
  return (
    <nav className="sidebar" aria-label="Main">
      <ul>
        <NavItems items={pages} />
        <li>
          <span id={administrationId} className="nav-group">
            Administration
          </span>
          <ul aria-labelledby={administrationId}>
            <NavItems items={administration} />
          </ul>
        </li>
      </ul>
    </nav>
  )
}
