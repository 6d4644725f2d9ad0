import { useShallow } from 'zustand/react/shallow'
import { GridTable } from '../../components/GridTable'
import { onRowKeyDown } from '../../components/rowKeys'
import { useStore } from '../../store'
import { runStatusLabels, when } from '../sync/runModel'

const columns = [
  'Name',
  'Call Processors',
  'Message Processors',
  'Service Areas',
  'Users',
  'Last Synchronization'
]

export function DomainTable() {
  const { domains, selected, select, loading } = useStore(
    useShallow((s) => ({
      domains: s.domains,
      selected: s.selectedDomain,
      select: s.selectDomain,
      loading: s.domainsLoading
    }))
  )
  if (domains.length === 0) {
    return (
      <p className="empty">
        {loading
          ? 'Loading domains…'
          : 'No domains yet. Add a domain to group the users of one or more synchronized Call Processors.'}
      </p>
    )
  }
  return (
    <GridTable caption="Domains" columns={columns} numeric={['Service Areas', 'Users']}>
      {domains.map((domain) => {
        const isSelected = domain.name === selected
        const last = domain.lastSync
        return (
          <tr
            key={domain.name}
            tabIndex={0}
            aria-selected={isSelected}
            className={isSelected ? 'selected' : undefined}
            onClick={() => select(domain.name)}
            onKeyDown={(e) => onRowKeyDown(e, () => select(domain.name))}
          >
            <td>{domain.name}</td>
            <td className="wrap">{domain.callProcessors.join(', ')}</td>
            <td className="wrap">{domain.messageProcessors.join(', ')}</td>
            <td className="num">{domain.serviceAreas}</td>
            <td className="num">{domain.users}</td>
            <td className="wrap">
              {last ? (
                <>
                  <span className={`status ${last.status}`}>{runStatusLabels[last.status]}</span>{' '}
                  <span className="muted">{when(last.finishedAt ?? last.startedAt)}</span>
                </>
              ) : (
                <span className="muted">Never</span>
              )}
            </td>
          </tr>
        )
      })}
    </GridTable>
  )
}
