import { useShallow } from 'zustand/react/shallow'
import type { Domain } from '../../../../src-preload/contract'
import { DataTable, type Column } from '../../components/DataTable'
import { EmptyList } from '../../components/ListPage'
import { useStore } from '../../store'
import { when } from '../sync/runModel'
import { RunStatusLabel } from '../sync/RunStatusLabel'

function LastSync({ last }: { last: Domain['lastSync'] }) {
  if (!last) return <span className="muted">Never</span>
  return (
    <>
      <RunStatusLabel status={last.status} />{' '}
      <span className="muted">{when(last.finishedAt ?? last.startedAt)}</span>
    </>
  )
}

const columns: Column<Domain>[] = [
  { header: 'Name', cell: (domain) => domain.name },
  { header: 'Call Processors', wrap: true, cell: (domain) => domain.callProcessors.join(', ') },
  { header: 'Message Processors', wrap: true, cell: (domain) => domain.messageProcessors.join(', ') },
  { header: 'Service Areas', numeric: true, cell: (domain) => domain.serviceAreas },
  { header: 'Users', numeric: true, cell: (domain) => domain.users },
  { header: 'Last Synchronization', wrap: true, cell: (domain) => <LastSync last={domain.lastSync} /> }
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
      <EmptyList loading={loading && 'Loading domains…'}>
        No domains yet. Add a domain to group the users of one or more synchronized Call Processors.
      </EmptyList>
    )
  }
  return (
    <DataTable
      caption="Domains"
      columns={columns}
      rows={domains}
      rowKey={(domain) => domain.name}
      onRowClick={(domain) => select(domain.name)}
      isSelected={(domain) => domain.name === selected}
    />
  )
}
