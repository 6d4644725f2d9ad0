import { useId } from 'react'
import { DryRunDialog } from '../../components/DryRunDialog'

/** Users listed per group; a directory can return tens of thousands, and the counts say how many. */
const LISTED = 200

function Users({ title, users }: { title: string; users: string[] }) {
  const id = useId()
  if (users.length === 0) return null
  return (
    <section aria-labelledby={id}>
      <h4 id={id}>
        {title} ({users.length})
      </h4>
      <ul className="plain object-list">
        {users.slice(0, LISTED).map((user) => (
          <li key={user}>{user}</li>
        ))}
      </ul>
      {users.length > LISTED && <p className="muted">… and {users.length - LISTED} more.</p>}
    </section>
  )
}

/** A dry run of the domain's LDAP synchronization: what it would read, create, update and find stale. */
export function LdapPreviewDialog({ domain, onClose }: { domain: string; onClose: () => void }) {
  return (
    <DryRunDialog
      title={`Preview: LDAP synchronization of ${domain}`}
      channel="ldap:preview"
      input={{ domain }}
      waiting="Reading the directory…"
      action="an LDAP synchronization"
      onClose={onClose}
    >
      {(preview) => (
        <div className="ldap-preview">
          <dl className="details">
            <div>
              <dt>Entries read</dt>
              <dd>{preview.entries}</dd>
            </div>
            <div>
              <dt>Users to create</dt>
              <dd>{preview.create.length}</dd>
            </div>
            <div>
              <dt>Users to update</dt>
              <dd>{preview.update.length}</dd>
            </div>
            <div>
              <dt>Stale users</dt>
              <dd>{preview.stale.length}</dd>
            </div>
            {preview.held.length > 0 && (
              <div>
                <dt>Removals the guard would hold</dt>
                <dd>{preview.held.length}</dd>
              </div>
            )}
            {preview.inOtherDomains.length > 0 && (
              <div>
                <dt>Not created: in another domain</dt>
                <dd>{preview.inOtherDomains.length}</dd>
              </div>
            )}
          </dl>
          {preview.guard && <p className="notice-inline">{preview.guard}</p>}
          {preview.provisioning.length > 0 && (
            <div className="table-scroll preview-entries">
              <table className="grid static">
                <caption className="visually-hidden">New users and what they would get</caption>
                <thead>
                  <tr>
                    <th scope="col">New user</th>
                    <th scope="col">Service area</th>
                    <th scope="col">Roles</th>
                    <th scope="col">Line</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.provisioning.slice(0, LISTED).map((user) => (
                    <tr key={user.userid}>
                      <td>{user.userid}</td>
                      <td className="wrap">{user.serviceArea ?? 'none'}</td>
                      <td className="wrap">{user.roles.join(', ') || 'none'}</td>
                      <td className="wrap">
                        {user.plannedLine
                          ? `${user.plannedLine.dn} (${user.plannedLine.source})`
                          : `none${user.noLine ? `: ${user.noLine}` : ''}`}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {preview.provisioning.length > LISTED && (
            <p className="muted">… and {preview.provisioning.length - LISTED} more new users.</p>
          )}
          <Users title="Users to update" users={preview.update} />
          <Users title="Stale users" users={preview.stale} />
          <Users title="Not created: they belong to another domain" users={preview.inOtherDomains} />
        </div>
      )}
    </DryRunDialog>
  )
}
