import { useMemo, useState } from 'react'
import { roleLines, roleServices, type UserRole } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { CheckboxGroup } from '../../components/CheckboxGroup'
import { FormDialog } from '../../components/FormDialog'
import { useFormSubmission } from '../../components/useFormSubmission'
import { TextField } from '../../components/TextField'
import { useStore } from '../../store'
import { LdapFilterField, useLdapMode } from './ServiceAreaLdapFields'
import {
  addRoleRequest,
  editRoleChanges,
  emptyRoleForm,
  formFromRole,
  isPseudo,
  ldapFilterProblem,
  type RoleForm,
  type RoleLine,
  type RoleService
} from './roleModel'

interface Props {
  domain: string
  /** The role to edit; absent to add one. */
  role?: UserRole
  onClose: () => void
}

export function RoleDialog({ domain, role, onClose }: Props) {
  const original = useMemo(() => (role ? formFromRole(role) : emptyRoleForm()), [role])
  const [form, setForm] = useState<RoleForm>(original)
  const change = (changes: Partial<RoleForm>) => setForm((f) => ({ ...f, ...changes }))
  const pseudo = role !== undefined && isPseudo(role)
  const ldapMode = useLdapMode(domain)

  const { errors, submission } = useFormSubmission(
    () =>
      role
        ? call('roles:edit', { domain, name: role.name, changes: editRoleChanges(form, original) })
        : call('roles:add', addRoleRequest(domain, form)),
    async (saved) => {
      onClose()
      const { loadRoles, loadServiceAreas, notify } = useStore.getState()
      // A renamed role is renamed in the service areas that offer it too.
      await Promise.all([loadRoles(domain), loadServiceAreas(domain)])
      notify('success', `User role ${saved.name} ${role ? 'updated' : 'added'}.`)
    }
  )

  const list = (field: 'endpoints' | 'bundles', label: string, placeholder: string) => (
    <TextField
      label={label}
      error={errors[field]}
      hint="separated by commas"
      value={form[field]}
      placeholder={placeholder}
      onChange={(value) => change({ [field]: value })}
    />
  )

  return (
    <FormDialog
      title={role ? `Edit user role ${role.name}` : 'Add User Role'}
      formId="role-form"
      submission={submission}
      refused={role ? 'The role was not saved' : 'The role was not added'}
      onClose={onClose}
      wide
    >
      <TextField
        label="Name"
        error={errors.name}
        hint={
          pseudo
            ? 'the built-in Pseudo role (for phones without an owning person) cannot be renamed'
            : undefined
        }
        value={form.name}
        disabled={pseudo}
        autoComplete="off"
        onChange={(name) => change({ name })}
      />
      {list('endpoints', 'Endpoints', 'Cisco 8865, Cisco 7841')}
      <CheckboxGroup
        legend="Lines"
        options={roleLines}
        selected={form.lines}
        // The options are the contract's line kinds, so every ticked value is one.
        onChange={(lines) => change({ lines: lines as RoleLine[] })}
        error={errors.lines}
      />
      <CheckboxGroup
        legend="Services"
        options={roleServices}
        selected={form.services}
        onChange={(services) => change({ services: services as RoleService[] })}
        error={errors.services}
      />
      {list('bundles', 'Bundles', 'Standard, Executive')}
      {/* LDAP-31, -32: role filters act only when LDAP synchronization creates users. */}
      <LdapFilterField
        mode={ldapMode}
        value={form.ldapFilter}
        error={ldapFilterProblem(form) ?? errors.ldapFilter}
        whatItDoes="optional: new directory users whose entry matches get this role as well as the default role (the first matching role wins)"
        onChange={(ldapFilter) => change({ ldapFilter })}
      />
    </FormDialog>
  )
}
