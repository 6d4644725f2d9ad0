import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react'
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
import { FormDialog } from '../../components/FormDialog'
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
import { FormField } from './FormField'

interface Props {
  /** The device to edit; absent to add one. */
  device?: Device
  onClose: () => void
}

type TextField = {
  [K in keyof DeviceForm]: DeviceForm[K] extends string ? K : never
}[keyof DeviceForm]

const KEEP_PASSWORD = 'leave blank to keep the stored password'

/** Field issues of a failed request; an error about one field without a list counts as one issue. */
function issuesOf(error: AppError): FieldIssue[] {
  if (error.issues) return error.issues
  return error.field ? [{ field: error.field, message: error.message }] : []
}

export function DeviceFormDialog({ device, onClose }: Props) {
  const callProcessors = useStore((s) => s.devices).filter((d) => d.kind === 'call-processor')
  const original = useMemo(() => (device ? formFromDevice(device) : emptyForm()), [device])
  const [form, setForm] = useState<DeviceForm>(original)
  const [issues, setIssues] = useState<FieldIssue[]>([])
  const [summary, setSummary] = useState<string>()
  const [busy, setBusy] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)
  const shown = new Set<keyof DeviceForm>(fieldsByKind[form.kind])

  // After a refused save, keyboard users land on the first field to fix.
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
  }, [issues])

  const errorFor = (field: keyof DeviceForm): string | undefined =>
    issues
      .filter((i) => formFieldOf(i.field) === field)
      .map((i) => i.message)
      .join('; ') || undefined
  const set = <K extends keyof DeviceForm>(key: K, value: DeviceForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }))
  // A new type starts a fresh form: fields of the old type would only be refused.
  const changeKind = (kind: DeviceKind) =>
    setForm((f) => ({ ...emptyForm(kind, productsByKind[kind][0]), name: f.name, host: f.host }))

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    const result = device
      ? await call('devices:edit', { name: device.name, changes: editChanges(form, original) })
      : await call('devices:add', addRequest(form))
    setBusy(false)
    if (!result.ok) {
      setIssues(issuesOf(result.error))
      setSummary(result.error.message)
      return
    }
    onClose()
    const { loadDevices, select, notify, testDevice } = useStore.getState()
    await loadDevices()
    select(result.value.name)
    notify('success', `Device ${result.value.name} ${device ? 'updated' : 'added'}.`)
    // Seed behaviour: adding a device reports two outcomes, the add and a connectivity test.
    if (!device) await testDevice(result.value.name)
  }

  const text = (
    field: TextField,
    label: string,
    options: { password?: boolean; placeholder?: string; hint?: string } = {}
  ) => (
    <FormField field={field} label={label} hint={options.hint} error={errorFor(field)}>
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
    </FormField>
  )

  const passwordHint = (stored: boolean | undefined) =>
    device ? (stored ? KEEP_PASSWORD : 'none is stored') : undefined

  return (
    <FormDialog
      title={device ? `Edit ${device.name}` : 'Add device'}
      formId="device-form"
      formRef={formRef}
      busy={busy}
      onSubmit={(e) => void submit(e)}
      onClose={onClose}
      errorSummary={
        summary
          ? `${device ? 'The device was not saved' : 'The device was not added'}: ${summary}`
          : undefined
      }
      errorSummaryId="device-form-summary"
      wide
    >
      <FormField field="kind" label="Device type" error={errorFor('kind')}>
        {(control) => (
          <select
            {...control}
            value={form.kind}
            disabled={device !== undefined}
            onChange={(e) => changeKind(e.target.value as DeviceKind)}
          >
            {deviceKinds.map((kind) => (
              <option key={kind} value={kind}>
                {kindLabels[kind]}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField field="product" label="Product" error={errorFor('product')}>
        {(control) => (
          <select {...control} value={form.product} onChange={(e) => set('product', e.target.value)}>
            {productsByKind[form.kind].map((product) => (
              <option key={product} value={product}>
                {productLabels[product]}
              </option>
            ))}
          </select>
        )}
      </FormField>
      {text('name', 'Name', { hint: 'letters, digits, space and _ - . @' })}
      {text('host', 'Host', { placeholder: 'host name or IP address' })}
      {text('port', 'Port', { placeholder: portPlaceholder(form) })}
      {shown.has('security') && (
        <FormField
          field="security"
          label="Connection security"
          error={errorFor('security')}
          warning={form.security === 'none' ? plainLdapWarning() : undefined}
        >
          {(control) => (
            <select
              {...control}
              value={form.security}
              onChange={(e) => setForm((f) => chooseSecurity(f, e.target.value as ConnectionSecurity))}
            >
              {(Object.keys(connectionSecurityLabels) as ConnectionSecurity[]).map((security) => (
                <option key={security} value={security}>
                  {connectionSecurityLabels[security]}
                </option>
              ))}
            </select>
          )}
        </FormField>
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
        <FormField field="callProcessor" label="Call Processor" error={errorFor('callProcessor')}>
          {(control) => (
            <select
              {...control}
              value={form.callProcessor}
              onChange={(e) => set('callProcessor', e.target.value)}
            >
              <option value="">Choose the Unified CM this node belongs to</option>
              {callProcessors.map((d) => (
                <option key={d.id} value={d.name}>
                  {d.name}
                </option>
              ))}
            </select>
          )}
        </FormField>
      )}
      {shown.has('emServiceName') &&
        text('emServiceName', 'Extension Mobility service name', { hint: 'optional' })}
      {shown.has('emServiceUrl') &&
        text('emServiceUrl', 'Extension Mobility service URL', {
          placeholder: 'http://cucm:8080/emapp/EMAppServlet?device=#DEVICENAME#'
        })}
      {shown.has('analogPhones') && (
        <FormField
          field="analogPhones"
          label="Manage analog phones"
          hint="VG gateway ports: kept by every synchronization and change notification poll, from the next user synchronization"
          error={errorFor('analogPhones')}
          checkbox
        >
          {(control) => (
            <input
              {...control}
              type="checkbox"
              checked={form.analogPhones}
              onChange={(e) => set('analogPhones', e.target.checked)}
            />
          )}
        </FormField>
      )}
    </FormDialog>
  )
}
