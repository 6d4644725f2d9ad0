import { useMemo, useState, type FormEvent, type ReactNode } from 'react'
import {
  deviceKinds,
  kindLabels,
  productLabels,
  productsByKind,
  type Device,
  type DeviceKind,
  type FieldIssue
} from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { Dialog } from '../../components/Dialog'
import { useStore } from '../../store'
import {
  addRequest,
  editChanges,
  emptyForm,
  fieldsByKind,
  formFromDevice,
  portPlaceholder,
  toggleSsl,
  type DeviceForm
} from './formModel'

interface Props {
  /** The device to edit; absent to add one. */
  device?: Device
  onClose: () => void
}

/** Error fields from the server map onto form fields (extensionMobility.serviceUrl → emServiceUrl). */
function formField(field: string): string {
  if (field.startsWith('changes.')) return formField(field.slice('changes.'.length))
  if (field === 'extensionMobility.serviceName') return 'emServiceName'
  if (field === 'extensionMobility.serviceUrl' || field === 'extensionMobility') return 'emServiceUrl'
  return field
}

export function DeviceFormDialog({ device, onClose }: Props) {
  const { devices, loadDevices, select, notify, testDevice } = useStore()
  const original = useMemo(() => (device ? formFromDevice(device) : emptyForm()), [device])
  const [form, setForm] = useState<DeviceForm>(original)
  const [issues, setIssues] = useState<FieldIssue[]>([])
  const [summary, setSummary] = useState<string>()
  const [busy, setBusy] = useState(false)
  const shown = new Set(fieldsByKind[form.kind])
  const errorFor = (field: string) =>
    issues
      .filter((i) => formField(i.field) === field)
      .map((i) => i.message)
      .join('; ')
  const set = <K extends keyof DeviceForm>(key: K, value: DeviceForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }))

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    const result = device
      ? await call('devices:edit', { name: device.name, changes: editChanges(form, original) })
      : await call('devices:add', addRequest(form))
    setBusy(false)
    if (!result.ok) {
      setIssues(
        result.error.issues ??
          (result.error.field ? [{ field: result.error.field, message: result.error.message }] : [])
      )
      setSummary(result.error.message)
      return
    }
    onClose()
    await loadDevices()
    select(result.value.name)
    notify('success', device ? `Device ${result.value.name} updated.` : `Device ${result.value.name} added.`)
    // Seed behaviour: saving a new device also reports the outcome of a connectivity test.
    if (!device) await testDevice(result.value.name)
  }

  const text = (
    field: keyof DeviceForm,
    label: string,
    options: { type?: string; placeholder?: string; hint?: string } = {}
  ): ReactNode => {
    const error = errorFor(field)
    const id = `device-${field}`
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          type={options.type ?? 'text'}
          value={form[field] as string}
          placeholder={options.placeholder}
          autoComplete={options.type === 'password' ? 'new-password' : 'off'}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${field}-error` : options.hint ? `${field}-hint` : undefined}
          onChange={(e) => set(field, e.target.value as never)}
        />
        {options.hint && !error && (
          <span id={`${field}-hint`} className="hint">
            {options.hint}
          </span>
        )}
        {error && (
          <span id={`${field}-error`} className="field-error">
            {error}
          </span>
        )}
      </div>
    )
  }

  const changeKind = (kind: DeviceKind) =>
    setForm((f) => ({ ...emptyForm(kind, productsByKind[kind][0]), name: f.name, host: f.host }))
  const keepHint = device ? 'leave blank to keep the stored password' : undefined
  const callProcessors = devices.filter((d) => d.kind === 'call-processor')

  return (
    <Dialog
      title={device ? `Edit ${device.name}` : 'Add device'}
      onClose={onClose}
      wide
      footer={
        <>
          <button type="submit" form="device-form" className="primary" disabled={busy}>
            Save
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </>
      }
    >
      <form id="device-form" className="form" onSubmit={(e) => void submit(e)} noValidate>
        {summary && (
          <p role="alert" className="error-summary">
            {summary}
          </p>
        )}
        <div className="field">
          <label htmlFor="device-kind">Device type</label>
          <select
            id="device-kind"
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
        </div>
        <div className="field">
          <label htmlFor="device-product">Product</label>
          <select
            id="device-product"
            value={form.product}
            onChange={(e) => set('product', e.target.value)}
            aria-describedby={errorFor('product') ? 'product-error' : undefined}
          >
            {productsByKind[form.kind].map((product) => (
              <option key={product} value={product}>
                {productLabels[product]}
              </option>
            ))}
          </select>
          {errorFor('product') && (
            <span id="product-error" className="field-error">
              {errorFor('product')}
            </span>
          )}
        </div>
        {text('name', 'Name', { hint: 'letters, digits, space and _ - . @' })}
        {text('host', 'Host', { placeholder: 'host name or IP address' })}
        {text('port', 'Port', { placeholder: portPlaceholder(form) })}
        {shown.has('useSsl') && (
          <div className="field checkbox">
            <input
              id="device-useSsl"
              type="checkbox"
              checked={form.useSsl}
              onChange={(e) => setForm((f) => toggleSsl(f, e.target.checked))}
            />
            <label htmlFor="device-useSsl">Use SSL</label>
          </div>
        )}
        {shown.has('username') &&
          text('username', 'User name', {
            hint: form.kind === 'message-processor' ? 'application administrator' : 'AXL user'
          })}
        {shown.has('adminDn') &&
          text('adminDn', 'Admin DN', { placeholder: 'CN=Administrator,CN=Users,DC=example,DC=com' })}
        {text('password', 'Password', { type: 'password', hint: keepHint })}
        {shown.has('osUsername') && text('osUsername', 'OS administrator user name')}
        {shown.has('osPassword') &&
          text('osPassword', 'OS administrator password', { type: 'password', hint: keepHint })}
        {shown.has('searchBase') &&
          text('searchBase', 'User search base', { placeholder: 'OU=Staff,DC=example,DC=com' })}
        {shown.has('backupHost') && text('backupHost', 'Backup server')}
        {shown.has('backupPort') && text('backupPort', 'Backup port')}
        {shown.has('callProcessor') && (
          <div className="field">
            <label htmlFor="device-callProcessor">Call Processor</label>
            <select
              id="device-callProcessor"
              value={form.callProcessor}
              aria-describedby={errorFor('callProcessor') ? 'callProcessor-error' : undefined}
              onChange={(e) => set('callProcessor', e.target.value)}
            >
              <option value="">Choose the Unified CM this node belongs to</option>
              {callProcessors.map((d) => (
                <option key={d.id} value={d.name}>
                  {d.name}
                </option>
              ))}
            </select>
            {errorFor('callProcessor') && (
              <span id="callProcessor-error" className="field-error">
                {errorFor('callProcessor')}
              </span>
            )}
          </div>
        )}
        {shown.has('emServiceName') &&
          text('emServiceName', 'Extension Mobility service name', { hint: 'optional' })}
        {shown.has('emServiceUrl') &&
          text('emServiceUrl', 'Extension Mobility service URL', {
            placeholder: 'http://cucm:8080/emapp/EMAppServlet?device=#DEVICENAME#'
          })}
      </form>
    </Dialog>
  )
}
