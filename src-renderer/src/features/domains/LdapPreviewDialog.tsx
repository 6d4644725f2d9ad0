import { useId } from 'react'
import type { LdapSyncPreview } from '../../../../src-preload/contract'
import { DataTable, type Column } from '../../components/DataTable'
import { DetailList } from '../../components/DetailList'
import { DryRunDialog } from '../../components/DryRunDialog'

/** Users listed per group; a directory can return tens of thousands, and the counts say how many. */
const LISTED = 200

type NewUser = LdapSyncPreview['provisioning'][number]

const columns: Column<NewUser>[] = [
  { header: 'New user', cell: (user) => user.userid },
  { header: 'Service area', wrap: true, cell: (user) => user.serviceArea ?? 'none' },
  { header: 'Roles', wrap: true, cell: (user) => user.roles.join(', ') || 'none' },
  {
    header: 'Line',
    wrap: true,
    cell: (user) =>
      user.plannedLine
        ? `${user.plannedLine.dn} (${user.plannedLine.source})`
        : `none${user.noLine ? `: ${user.noLine}` : ''}`
  }
]

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
          <DetailList
            rows={[
              ['Entries read', preview.entries],
              ['Users to create', preview.create.length],
              ['Users to update', preview.update.length],
              ['Stale users', preview.stale.length],
              // Shown only when there are any.
              ['Removals the guard would hold', preview.held.length > 0 && preview.held.length],
              [
                'Not created: in another domain',
                preview.inOtherDomains.length > 0 && preview.inOtherDomains.length
              ]
            ]}
          />
          {preview.guard && <p className="notice-inline">{preview.guard}</p>}
          {preview.provisioning.length > 0 && (
            <DataTable
              caption="New users and what they would get"
              columns={columns}
              rows={preview.provisioning.slice(0, LISTED)}
              rowKey={(user) => user.userid}
              scrollClassName="preview-entries"
            />
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
