import { productFields, type FieldRule, type ProductField } from '../../../../../src-preload/contract'
import { GridTable } from '../../../components/GridTable'
import { productFieldLabels } from './ldapSettingsModel'

interface Props {
  rules: Record<ProductField, FieldRule>
  onChange: (rules: Record<ProductField, FieldRule>) => void
  error?: string
}

const columns: { key: keyof FieldRule; label: string }[] = [
  { key: 'create', label: 'Create' },
  { key: 'update', label: 'Update' },
  { key: 'clear', label: 'Clear' }
]

/** Seed 002's matrix: per product field, whether the directory fills, refreshes and clears it. */
export function FieldMatrix({ rules, onChange, error }: Props) {
  return (
    <>
      <p className="hint">
        Create: filled when a user is created. Update: refreshed when the directory changes it. Clear: emptied
        when the directory no longer has a value.
      </p>
      {error && <span className="field-error">{error}</span>}
      <GridTable caption="Field matrix" columns={['Field', ...columns.map((c) => c.label)]}>
        {productFields.map((field) => (
          <tr key={field}>
            <th scope="row">{productFieldLabels[field]}</th>
            {columns.map(({ key, label }) => (
              <td key={key}>
                <input
                  type="checkbox"
                  aria-label={`${label} ${productFieldLabels[field]}`}
                  checked={rules[field][key]}
                  onChange={(e) =>
                    onChange({ ...rules, [field]: { ...rules[field], [key]: e.target.checked } })
                  }
                />
              </td>
            ))}
          </tr>
        ))}
      </GridTable>
    </>
  )
}
