import { useId } from 'react'
import type { DomainUser, LineSource } from '../../../../src-preload/contract'
import { useCall } from '../../api/useCall'
import { DataTable, type Column } from '../../components/DataTable'
import { DetailList, type Detail } from '../../components/DetailList'
import { ErrorSummary } from '../../components/ErrorSummary'

const LINE_SOURCES: Record<LineSource, string> = {
  block: 'from a DN block',
  masked: 'the directory number, masked',
  directory: 'the directory number'
}

function detailRows(user: DomainUser): Detail[] {
  // What LDAP synchronization decided when it created the user; the line waits for an order.
  const provisioning = user.provisioning
  const line = provisioning?.plannedLine
  return [
    ['Name', [user.firstName, user.lastName].filter(Boolean).join(' ')],
    ['E-mail', user.email],
    ['Department', user.department],
    ['Domain', user.domain],
    ['Role', provisioning && provisioning.roles.length > 1 ? provisioning.roles.join(', ') : user.role],
    ['Details from', user.source],
    ['Service area (LDAP)', provisioning?.serviceArea],
    [
      'Planned line',
      line && `${line.dn} on ${line.callProcessor} (${LINE_SOURCES[line.source]}), not ordered yet`
    ]
  ]
}

type Service = DomainUser['services'][number]

const columns: Column<Service>[] = [
  { header: 'Kind', wrap: true, cell: (service) => service.kind },
  { header: 'Name', wrap: true, cell: (service) => service.name },
  { header: 'Processor', cell: (service) => service.processor },
  {
    header: 'Service area',
    wrap: true,
    cell: (service) => service.serviceArea ?? <span className="status partial">no service area</span>
  }
]

/** A user's details and services as the last domain synchronization filed them. */
export function UserServices({ userid }: { userid: string }) {
  const { value: user, error } = useCall('users:get', { userid })
  const titleId = useId()

  return (
    <aside className="quickview" aria-labelledby={titleId}>
      <h2 id={titleId}>{userid}</h2>
      <ErrorSummary>{error && `The user could not be loaded: ${error}`}</ErrorSummary>
      {!user && !error && <p className="muted">Loading…</p>}
      {user && (
        <>
          <DetailList rows={detailRows(user)} />
          <h3>Services ({user.services.length})</h3>
          {user.services.length === 0 ? (
            <p className="muted">No services.</p>
          ) : (
            <DataTable
              caption={`Services of ${userid}`}
              columns={columns}
              rows={user.services}
              rowKey={(_, index) => index}
              className="services-table"
            />
          )}
        </>
      )}
    </aside>
  )
}
