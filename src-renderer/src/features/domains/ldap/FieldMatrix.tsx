import { productFields, type FieldRule, type ProductField } from '../../../../../src-preload/contract'
import { DataTable, type Column } from '../../../components/DataTable'
import { productFieldLabels } from './ldapSettingsModel'

interface Props {
  rules: Record<ProductField, FieldRule>
  onChange: (rules: Record<ProductField, FieldRule>) => void
  error?: string
}

const ruleColumns: { key: keyof FieldRule; label: string }[] = [
  { key: 'create', label: 'Create' },
  { key: 'update', label: 'Update' },
  { key: 'clear', label: 'Clear' }
]

/** Seed 002's matrix: per product field, whether the directory fills, refreshes and clears it. */
export function FieldMatrix({ rules, onChange, error }: Props) {
  const columns: Column<ProductField>[] = [
    { header: 'Field', rowHeader: true, cell: (field) => productFieldLabels[field] },
    ...ruleColumns.map(({ key, label }): Column<ProductField> => ({
      header: label,
      cell: (field) => (
        <input
          type="checkbox"
          aria-label={`${label} ${productFieldLabels[field]}`}
          checked={rules[field][key]}
          onChange={(e) => onChange({ ...rules, [field]: { ...rules[field], [key]: e.target.checked } })}
        />
      )
    }))
  ]
  return (
    <>
      <p className="hint">
        Create: filled when a user is created. Update: refreshed when the directory changes it. Clear: emptied
        when the directory no longer has a value.
      </p>
      {error && <span className="field-error">{error}</span>}
      <DataTable caption="Field matrix" columns={columns} rows={productFields} rowKey={(field) => field} />
    </>
  )
}
