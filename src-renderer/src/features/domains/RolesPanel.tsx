import { useId, useState } from 'react'
import type { UserRole } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { useReadOnly } from '../../components/useReadOnly'
import { useStore } from '../../store'
import { RoleDialog } from './RoleDialog'
import { deleteRefusal } from './roleModel'

type Dialogs = { kind: 'add' } | { kind: 'edit'; role: UserRole } | { kind: 'delete'; role: UserRole }

/** The domain's user roles: what users of each role may order. */
export function RolesPanel({ domain }: { domain: string }) {
  const roles = useStore((s) => s.roles[domain])
  const [dialog, setDialog] = useState<Dialogs>()
  const titleId = useId()
  const readOnly = useReadOnly().change
  const close = () => setDialog(undefined)

  const remove = async (role: UserRole) => {
    const result = await call('roles:delete', { domain, name: role.name })
    if (!result.ok) return result.error.message
    close()
    const { loadRoles, notify } = useStore.getState()
    notify('success', `User role ${result.value.deleted} deleted.`)
    await loadRoles(domain)
    return undefined
  }

  return (
    <section className="panel" aria-labelledby={titleId}>
      <header className="panel-header">
        <h2 id={titleId}>User Roles of {domain}</h2>
        <button
          type="button"
          disabled={!!readOnly}
          title={readOnly}
          onClick={() => setDialog({ kind: 'add' })}
        >
          Add User Role
        </button>
      </header>
      {roles === undefined ? (
        <p className="muted">Loading user roles…</p>
      ) : (
        <div className="table-scroll">
          <table className="grid static roles-table">
            <caption className="visually-hidden">User roles of {domain}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Endpoints</th>
                <th scope="col">Lines</th>
                <th scope="col">Services</th>
                <th scope="col">Bundles</th>
                <th scope="col" className="num">
                  Users
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {roles.map((role) => {
                const cannotDelete = readOnly ?? deleteRefusal(role)
                return (
                  <tr key={role.name}>
                    <td className="wrap">
                      {role.name}
                      {role.isDefault && <span className="badge">default</span>}
                      {role.builtin && <span className="muted"> (built-in)</span>}
                    </td>
                    <td className="wrap">{role.endpoints.join(', ')}</td>
                    <td className="wrap">{role.lines.join(', ')}</td>
                    <td className="wrap">{role.services.join(', ')}</td>
                    <td className="wrap">{role.bundles.join(', ')}</td>
                    <td className="num">{role.users}</td>
                    <td>
                      <button
                        type="button"
                        className="link"
                        aria-label={`Edit user role ${role.name}`}
                        disabled={!!readOnly}
                        title={readOnly}
                        onClick={() => setDialog({ kind: 'edit', role })}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        className="link danger"
                        aria-label={`Delete user role ${role.name}`}
                        title={cannotDelete}
                        disabled={!!cannotDelete}
                        onClick={() => setDialog({ kind: 'delete', role })}
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
          {roles.some((role) => deleteRefusal(role)) && (
            <p className="hint">
              The Pseudo role, the domain&rsquo;s default role and roles that users have cannot be deleted.
            </p>
          )}
        </div>
      )}
      {dialog?.kind === 'add' && <RoleDialog domain={domain} onClose={close} />}
      {dialog?.kind === 'edit' && <RoleDialog domain={domain} role={dialog.role} onClose={close} />}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title="Delete user role"
          confirmLabel="Delete"
          danger
          onConfirm={() => remove(dialog.role)}
          onClose={close}
        >
          <p>Delete user role {dialog.role.name}? This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </section>
  )
}
