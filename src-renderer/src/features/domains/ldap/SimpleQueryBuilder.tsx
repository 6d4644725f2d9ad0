import { useId } from 'react'
import {
  simpleOperators,
  simpleQueryFields,
  type SimpleCondition,
  type SimpleOperator,
  type SimpleQueryField
} from '../../../../../src-preload/contract'
import { OptionList } from '../../../components/Select'
import { emptyCondition } from './ldapSettingsModel'

interface Props {
  conditions: SimpleCondition[]
  onChange: (conditions: SimpleCondition[]) => void
  /** The message to show for a field, keyed as the contract names it (filter.conditions.0.value). */
  errorOf: (field: string) => string | undefined
}

const fields = Object.keys(simpleQueryFields) as SimpleQueryField[]
const operatorLabels: Record<SimpleOperator, string> = { '=': '=', '!=': '!=', in: 'IN' }

/** Seed 000's simple query: conditions on the seed's fields, all of which must hold. */
export function SimpleQueryBuilder({ conditions, onChange, errorOf }: Props) {
  const update = (index: number, changes: Partial<SimpleCondition>) =>
    onChange(conditions.map((c, i) => (i === index ? { ...c, ...changes } : c)))
  const listError = errorOf('filter.conditions')
  const id = useId()
  return (
    <div className="simple-query">
      <p className="hint">
        All conditions must hold. * may start or end a value; IN takes values separated by commas or
        semicolons; write /+ for a leading + in phone numbers; a Manager ID is the manager&rsquo;s full DN.
      </p>
      {listError && <span className="field-error">{listError}</span>}
      {conditions.map((condition, index) => {
        const name = `Condition ${index + 1}`
        const error = errorOf(`filter.conditions.${index}.value`)
        const errorId = `${id}-${index}-error`
        return (
          <div key={index} className="condition-row">
            <select
              aria-label={`${name} field`}
              value={condition.field}
              onChange={(e) => update(index, { field: e.target.value as SimpleQueryField })}
            >
              <OptionList options={fields} />
            </select>
            <select
              aria-label={`${name} operator`}
              value={condition.operator}
              onChange={(e) => update(index, { operator: e.target.value as SimpleOperator })}
            >
              <OptionList options={simpleOperators} labels={operatorLabels} />
            </select>
            <input
              aria-label={`${name} value`}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
              spellCheck={false}
              value={condition.value}
              onChange={(e) => update(index, { value: e.target.value })}
            />
            <button
              type="button"
              className="link danger"
              onClick={() => onChange(conditions.filter((_, i) => i !== index))}
            >
              Remove {name.toLowerCase()}
            </button>
            {error && (
              <span id={errorId} className="field-error">
                {error}
              </span>
            )}
          </div>
        )
      })}
      <div>
        <button type="button" onClick={() => onChange([...conditions, emptyCondition()])}>
          Add condition
        </button>
      </div>
    </div>
  )
}
