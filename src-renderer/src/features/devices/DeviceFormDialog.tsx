import { useMemo, useState } from 'react'
import {
  connectionSecurityLabels,
  deviceKinds,
  kindLabels,
  plainLdapWarning,
  productLabels,
  productsByKind,
  type AppError,
  type ConnectionSecurity,
  type Device,
  type DeviceKind,
  type FieldIssue
} from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { Field } from '../../components/Field'
import { FormDialog } from '../../components/FormDialog'
import { Select } from '../../components/Select'
import { useFormSubmission } from '../../components/useFormSubmission'
import { useStore } from '../../store'
import {
  addRequest,
  editChanges,
  emptyForm,
  fieldsByKind,
  formFieldOf,
  formFromDevice,
  chooseSecurity,
  portPlaceholder,
  type DeviceForm
} from './formModel'

interface Props {
  /** The device to edit; absent to add one. */
  device?: Device
  onClose: () => void
}

type TextField = {
  [K in keyof DeviceForm]: DeviceForm[K] extends string ? K : never
}[keyof DeviceForm]

const KEEP_PASSWORD = 'leave blank to keep the stored password'

export function DeviceFormDialog({ device, onClose }: Props) {
  const callProcessors = useStore((s) => s.devices).filter((d) => d.kind === 'call-processor')
  const original = useMemo(() => (device ? formFromDevice(device) : emptyForm()), [device])
  const [form, setForm] = useState<DeviceForm>(original)
  const shown = new Set<keyof DeviceForm>(fieldsByKind[form.kind])

  const { error, submission } = useFormSubmission(
    () =>
      device
        ? call('devices:edit', { name: device.name, changes: editChanges(form, original) })
        : call('devices:add', addRequest(form)),
    async (saved) => {
      onClose()
      const { loadDevices, select, notify, testDevice } = useStore.getState()
      await loadDevices()
      select(saved.name)
      notify('success', `Device ${saved.name} ${device ? 'updated' : 'added'}.`)
      // Seed behaviour: adding a device reports two outcomes, the add and a connectivity test.
      if (!device) await testDevice(saved.name)
    }
  )
  const errorFor = (field: keyof DeviceForm): string | undefined =>
    issuesOf(error)
      .filter((i) => formFieldOf(i.field) === field)
      .map((i) => i.message)
      .join('; ') || undefined
  const set = <K extends keyof DeviceForm>(key: K, value: DeviceForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }))
  // A new type starts a fresh form: fields of the old type would only be refused.
  const changeKind = (kind: DeviceKind) =>
    setForm((f) => ({ ...emptyForm(kind, productsByKind[kind][0]), name: f.name, host: f.host }))

  const text = (
    field: TextField,
    label: string,
    options: { password?: boolean; placeholder?: string; hint?: string } = {}
  ) => (
    <Field name={field} label={label} hint={options.hint} error={errorFor(field)}>
      {(control) => (
        <input
          {...control}
          type={options.password ? 'password' : 'text'}
          value={form[field]}
          placeholder={options.placeholder}
          autoComplete={options.password ? 'new-password' : 'off'}
          spellCheck={false}
          onChange={(e) => set(field, e.target.value)}
        />
      )}
    </Field>
  )

  const checkbox = (field: 'analogPhones' | 'allowChanges', label: string, hint: string) => (
    <Field name={field} label={label} hint={hint} error={errorFor(field)} checkbox>
      {(control) => (
        <input
          {...control}
          type="checkbox"
          checked={form[field]}
          onChange={(e) => set(field, e.target.checked)}
        />
      )}
    </Field>
  )

  const passwordHint = (stored: boolean | undefined) =>
    device ? (stored ? KEEP_PASSWORD : 'none is stored') : undefined

  return (
    <FormDialog
      title={device ? `Edit ${device.name}` : 'Add device'}
      formId="device-form"
      submission={submission}
      refused={device ? 'The device was not saved' : 'The device was not added'}
      errorSummaryId="device-form-summary"
      onClose={onClose}
      wide
    >
      <Select
        name="kind"
        label="Device type"
        error={errorFor('kind')}
        value={form.kind}
        disabled={device !== undefined}
        options={deviceKinds}
        labels={kindLabels}
        onChange={changeKind}
      />
      <Select
        name="product"
        label="Product"
        error={errorFor('product')}
        value={form.product}
        options={productsByKind[form.kind]}
        labels={productLabels}
        onChange={(product) => set('product', product)}
      />
      {text('name', 'Name', { hint: 'letters, digits, space and _ - . @' })}
      {text('host', 'Host', { placeholder: 'host name or IP address' })}
      {text('port', 'Port', { placeholder: portPlaceholder(form) })}
      {shown.has('security') && (
        <Select
          name="security"
          label="Connection security"
          error={errorFor('security')}
          warning={form.security === 'none' ? plainLdapWarning() : undefined}
          value={form.security}
          options={Object.keys(connectionSecurityLabels) as ConnectionSecurity[]}
          labels={connectionSecurityLabels}
          onChange={(security) => setForm((f) => chooseSecurity(f, security))}
        />
      )}
      {shown.has('username') &&
        text('username', 'User name', {
          hint: form.kind === 'message-processor' ? 'the application administrator' : 'the AXL user'
        })}
      {shown.has('adminDn') &&
        text('adminDn', 'Admin DN', {
          placeholder: 'CN=Administrator,CN=Users,DC=example,DC=com',
          ...(form.product === 'ad' || form.product === 'adlds'
            ? { hint: 'or user@realm, or DOMAIN\\user' }
            : {})
        })}
      {text('password', 'Password', { password: true, hint: passwordHint(device?.hasPassword) })}
      {shown.has('osUsername') && text('osUsername', 'OS administrator user name', { hint: 'optional' })}
      {shown.has('osPassword') &&
        text('osPassword', 'OS administrator password', {
          password: true,
          hint: passwordHint(device?.hasOsPassword)
        })}
      {shown.has('searchBase') &&
        text('searchBase', 'User search base', { placeholder: 'OU=Staff,DC=example,DC=com' })}
      {shown.has('backupHost') && text('backupHost', 'Backup server', { hint: 'optional' })}
      {shown.has('backupPort') &&
        text('backupPort', 'Backup port', { placeholder: form.port.trim() || portPlaceholder(form) })}
      {shown.has('callProcessor') && (
        <Select
          name="callProcessor"
          label="Call Processor"
          error={errorFor('callProcessor')}
          value={form.callProcessor}
          options={['', ...callProcessors.map((d) => d.name)]}
          labels={{
            '':
              form.kind === 'message-processor'
                ? 'The Unified CM whose lines its mailboxes serve'
                : 'Choose the Unified CM this node belongs to'
          }}
          onChange={(callProcessor) => set('callProcessor', callProcessor)}
        />
      )}
      {shown.has('emServiceName') &&
        text('emServiceName', 'Extension Mobility service name', { hint: 'optional' })}
      {shown.has('emServiceUrl') &&
        text('emServiceUrl', 'Extension Mobility service URL', {
          placeholder: 'http://cucm:8080/emapp/EMAppServlet?device=#DEVICENAME#'
        })}
      {shown.has('analogPhones') &&
        checkbox(
          'analogPhones',
          'Manage analog phones',
          'VG gateway ports: kept by every synchronization and change notification poll, from the next user synchronization'
        )}
      {checkbox(
        'allowChanges',
        'Allow changes',
        'Off: Switchboard only reads this device and refuses every write to it (write-back, orders)'
      )}
    </FormDialog>
  )
}

/** Field issues of a failed request; an error about one field without a list counts as one issue. */
function issuesOf(error: AppError | undefined): FieldIssue[] {
  if (!error) return []
  if (error.issues) return error.issues
  return error.field ? [{ field: error.field, message: error.message }] : []
}
