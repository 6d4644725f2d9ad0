import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../../store'

/** Which build is running, where its data lives and how passwords are kept: what support asks first. */
export function TopBar() {
  const { info, infoError } = useStore(useShallow((s) => ({ info: s.info, infoError: s.infoError })))
  return (
    <header className="topbar">
      <span className="brand">Switchboard</span>
      {info && (
        <>
          <span className="meta">
            Version <span className="meta-value">{info.version}</span> (
            {info.host === 'electron' ? 'desktop' : 'headless host'})
          </span>
          <span className="meta">
            Data directory <code className="meta-value">{info.dataDir}</code>
          </span>
          <span
            className={info.secretStorage.warning ? 'meta warning' : 'meta'}
            title={info.secretStorage.warning}
            data-testid="secret-storage"
          >
            Passwords <span className="meta-value">{info.secretStorage.description}</span>
            {info.secretStorage.warning && ' ⚠'}
          </span>
        </>
      )}
      {infoError && <span className="meta error">Application information unavailable: {infoError}</span>}
    </header>
  )
}
