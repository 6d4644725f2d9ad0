import { useState } from 'react'
import type { UserRole } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { ActionButton } from '../../components/ActionButton'
import { DataTable, type Column } from '../../components/DataTable'
import { DeleteDialog } from '../../components/DeleteDialog'
import { EditDeleteLinks } from '../../components/EditDeleteLinks'
import { Panel } from '../../components/Panel'
import { useReadOnly } from '../../components/useReadOnly'
import { useStore } from '../../store'
import { RoleDialog } from './RoleDialog'
import { deleteRefusal } from './roleModel'

type Dialogs = { kind: 'add' } | { kind: 'edit'; role: UserRole } | { kind: 'delete'; role: UserRole }

const listColumn = (header: string, list: (role: UserRole) => string[]): Column<UserRole> => ({
  header,
  wrap: true,
  cell: (role) => list(role).join(', ')
})

/** The domain's user roles: what users of each role may order. */
export function RolesPanel({ domain }: { domain: string }) {
  const roles = useStore((s) => s.roles[domain])
  const [dialog, setDialog] = useState<Dialogs>()
  const readOnly = useReadOnly().change
  const close = () => setDialog(undefined)

  const columns: Column<UserRole>[] = [
    {
      header: 'Name',
      wrap: true,
      cell: (role) => (
        <>
          {role.name}
          {role.isDefault && <span className="badge">default</span>}
          {role.builtin && <span className="muted"> (built-in)</span>}
        </>
      )
    },
    listColumn('Endpoints', (role) => role.endpoints),
    listColumn('Lines', (role) => role.lines),
    listColumn('Services', (role) => role.services),
    listColumn('Bundles', (role) => role.bundles),
    { header: 'Users', numeric: true, cell: (role) => role.users },
    {
      header: 'Actions',
      hiddenHeader: true,
      cell: (role) => (
        <EditDeleteLinks
          what={`user role ${role.name}`}
          blocked={readOnly}
          deleteBlocked={deleteRefusal(role)}
          onEdit={() => setDialog({ kind: 'edit', role })}
          onDelete={() => setDialog({ kind: 'delete', role })}
        />
      )
    }
  ]

  return (
    <Panel
      title={`User Roles of ${domain}`}
      actions={
        <ActionButton blocked={readOnly} onClick={() => setDialog({ kind: 'add' })}>
          Add User Role
        </ActionButton>
      }
    >
      {roles === undefined ? (
        <p className="muted">Loading user roles…</p>
      ) : (
        <>
          <DataTable
            caption={`User roles of ${domain}`}
            columns={columns}
            rows={roles}
            rowKey={(role) => role.name}
            className="roles-table"
          />
          {roles.some((role) => deleteRefusal(role)) && (
            <p className="hint">
              The Pseudo role, the domain&rsquo;s default role and roles that users have cannot be deleted.
            </p>
          )}
        </>
      )}
      {dialog?.kind === 'add' && <RoleDialog domain={domain} onClose={close} />}
      {dialog?.kind === 'edit' && <RoleDialog domain={domain} role={dialog.role} onClose={close} />}
      {dialog?.kind === 'delete' && (
        <DeleteDialog
          title="Delete user role"
          request={() => call('roles:delete', { domain, name: dialog.role.name })}
          onDeleted={async ({ deleted }) => {
            close()
            const { loadRoles, notify } = useStore.getState()
            notify('success', `User role ${deleted} deleted.`)
            await loadRoles(domain)
          }}
          onClose={close}
        >
          <p>Delete user role {dialog.role.name}? This cannot be undone.</p>
        </DeleteDialog>
      )}
    </Panel>
  )
}
