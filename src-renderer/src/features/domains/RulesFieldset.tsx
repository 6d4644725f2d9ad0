import { useId } from 'react'
import { ruleDescriptions, type DomainRules } from '../../../../src-preload/contract'
import { Section } from '../../components/Section'
import {
  attributeRules,
  ruleLabels,
  type AttributeRule,
  type RuleFlag,
  type RulesForm
} from './domainFormModel'

interface RulesFieldsetProps {
  rules: RulesForm
  onChange: (rules: RulesForm) => void
  /** Messages per field, keyed `rules` or `rules.<rule>`. */
  errors: Record<string, string>
  /** Opened to fix a refused synchronization: focus starts on the first rule. */
  autoFocus?: boolean
}

interface RuleCheckboxProps {
  rule: keyof DomainRules
  on: boolean
  onChange: (on: boolean) => void
  autoFocus?: boolean
}

/** A rule's checkbox; its description is a tooltip on the info icon and the checkbox's description. */
function RuleCheckbox({ rule, on, onChange, autoFocus }: RuleCheckboxProps) {
  const id = useId()
  return (
    <>
      <label className="choice">
        <input
          type="checkbox"
          checked={on}
          aria-describedby={id}
          data-autofocus={autoFocus || undefined}
          onChange={(e) => onChange(e.target.checked)}
        />
        {ruleLabels[rule]}
      </label>
      <span className="rule-info" title={ruleDescriptions[rule]} aria-hidden="true">
        i
      </span>
      <span id={id} className="visually-hidden">
        {ruleDescriptions[rule]}
      </span>
    </>
  )
}

interface AttributeRuleProps {
  rule: AttributeRule
  value: RulesForm['attributes'][AttributeRule]
  onChange: (value: RulesForm['attributes'][AttributeRule]) => void
  error?: string
}

/** A checkbox and its list of values; the values are sent only while the checkbox is ticked. */
function AttributeRuleRow({ rule, value, onChange, error }: AttributeRuleProps) {
  const errorId = useId()
  return (
    <div className="rule">
      <RuleCheckbox rule={rule} on={value.on} onChange={(on) => onChange({ ...value, on })} />
      <input
        type="text"
        aria-label={`${ruleLabels[rule]} values`}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        placeholder="Value1;CCM2:Value2"
        spellCheck={false}
        disabled={!value.on}
        value={value.text}
        onChange={(e) => onChange({ ...value, text: e.target.value })}
      />
      {error && (
        <span id={errorId} className="field-error">
          {error}
        </span>
      )}
    </div>
  )
}

/** The domain's synchronization rules, in the order they take effect. */
export function RulesFieldset({ rules, onChange, errors, autoFocus }: RulesFieldsetProps) {
  const flag = (rule: RuleFlag) => (
    <div key={rule} className="rule">
      <RuleCheckbox
        rule={rule}
        on={rules.flags[rule]}
        autoFocus={autoFocus && rule === 'syncAllUsers'}
        onChange={(on) => onChange({ ...rules, flags: { ...rules.flags, [rule]: on } })}
      />
    </div>
  )
  return (
    <Section legend="Synchronization Rules" className="rules">
      <p className="hint">
        One of Sync All Users (Unified CM), Sync Only Existing Users or Sync by Attribute is required before
        the domain can be synchronized.
      </p>
      {errors.rules && <span className="field-error">{errors.rules}</span>}
      {flag('syncAllUsers')}
      {flag('syncOnlyExisting')}
      <Section legend="Sync by Attribute">
        <p className="hint">
          Values separated by “;”; “CCM2:DevicePool2” binds a value to one Call Processor.
        </p>
        {attributeRules.map((rule) => (
          <AttributeRuleRow
            key={rule}
            rule={rule}
            value={rules.attributes[rule]}
            error={errors[`rules.${rule}`]}
            onChange={(value) => onChange({ ...rules, attributes: { ...rules.attributes, [rule]: value } })}
          />
        ))}
      </Section>
      {flag('syncAllUmUsers')}
      {flag('primaryFromUm')}
      {flag('nonRestricted')}
    </Section>
  )
}
