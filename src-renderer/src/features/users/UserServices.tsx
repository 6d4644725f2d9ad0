import { useEffect, useId, useState } from 'react'
import type { DomainUser, LineSource } from '../../../../src-preload/contract'
import { call } from '../../api/client'

const LINE_SOURCES: Record<LineSource, string> = {
  block: 'from a DN block',
  masked: 'the directory number, masked',
  directory: 'the directory number'
}

function detailRows(user: DomainUser): [string, string | undefined][] {
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

/** A user's details and services as the last domain synchronization filed them. */
export function UserServices({ userid }: { userid: string }) {
  const [user, setUser] = useState<DomainUser>()
  const [error, setError] = useState<string>()
  const titleId = useId()

  useEffect(() => {
    let current = true
    void call('users:get', { userid }).then((result) => {
      if (!current) return
      if (result.ok) setUser(result.value)
      else setError(result.error.message)
    })
    return () => {
      current = false
    }
  }, [userid])

  return (
    <aside className="quickview" aria-labelledby={titleId}>
      <h2 id={titleId}>{userid}</h2>
      {error && (
        <p role="alert" className="error-summary">
          The user could not be loaded: {error}
        </p>
      )}
      {!user && !error && <p className="muted">Loading…</p>}
      {user && (
        <>
          <dl className="details">
            {detailRows(user)
              .filter((row): row is [string, string] => Boolean(row[1]))
              .map(([label, value]) => (
                <div key={label}>
                  <dt>{label}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
          </dl>
          <h3>Services ({user.services.length})</h3>
          {user.services.length === 0 ? (
            <p className="muted">No services.</p>
          ) : (
            <div className="table-scroll">
              <table className="grid static services-table">
                <caption className="visually-hidden">Services of {userid}</caption>
                <thead>
                  <tr>
                    <th scope="col">Kind</th>
                    <th scope="col">Name</th>
                    <th scope="col">Processor</th>
                    <th scope="col">Service area</th>
                  </tr>
                </thead>
                <tbody>
                  {user.services.map((service, index) => (
                    <tr key={index}>
                      <td className="wrap">{service.kind}</td>
                      <td className="wrap">{service.name}</td>
                      <td>{service.processor}</td>
                      <td className="wrap">
                        {service.serviceArea ?? <span className="status partial">no service area</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </aside>
  )
}
