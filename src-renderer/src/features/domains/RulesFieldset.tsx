import { useId } from 'react'
import { ruleDescriptions, type DomainRules } from '../../../../src-preload/contract'
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

/** The rule's description: a tooltip on the info icon, and the checkbox's accessible description. */
function RuleInfo({ rule, id }: { rule: keyof DomainRules; id: string }) {
  return (
    <>
      <span className="rule-info" title={ruleDescriptions[rule]} aria-hidden="true">
        i
      </span>
      <span id={id} className="visually-hidden">
        {ruleDescriptions[rule]}
      </span>
    </>
  )
}

interface FlagRuleProps {
  rule: RuleFlag
  on: boolean
  onChange: (on: boolean) => void
  autoFocus?: boolean
}

function FlagRule({ rule, on, onChange, autoFocus }: FlagRuleProps) {
  const id = useId()
  return (
    <div className="rule">
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
      <RuleInfo rule={rule} id={id} />
    </div>
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
  const id = useId()
  return (
    <div className="rule">
      <label className="choice">
        <input
          type="checkbox"
          checked={value.on}
          aria-describedby={`${id}-about`}
          onChange={(e) => onChange({ ...value, on: e.target.checked })}
        />
        {ruleLabels[rule]}
      </label>
      <RuleInfo rule={rule} id={`${id}-about`} />
      <input
        type="text"
        aria-label={`${ruleLabels[rule]} values`}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        placeholder="Value1;CCM2:Value2"
        spellCheck={false}
        disabled={!value.on}
        value={value.text}
        onChange={(e) => onChange({ ...value, text: e.target.value })}
      />
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  )
}

/** The domain's synchronization rules, in the order they take effect. */
export function RulesFieldset({ rules, onChange, errors, autoFocus }: RulesFieldsetProps) {
  const flag = (rule: RuleFlag) => (
    <FlagRule
      key={rule}
      rule={rule}
      on={rules.flags[rule]}
      autoFocus={autoFocus && rule === 'syncAllUsers'}
      onChange={(on) => onChange({ ...rules, flags: { ...rules.flags, [rule]: on } })}
    />
  )
  return (
    <fieldset className="field-group rules">
      <legend>Synchronization Rules</legend>
      <p className="hint">
        One of Sync All Users (Unified CM), Sync Only Existing Users or Sync by Attribute is required before
        the domain can be synchronized.
      </p>
      {errors.rules && <span className="field-error">{errors.rules}</span>}
      {flag('syncAllUsers')}
      {flag('syncOnlyExisting')}
      <fieldset className="field-group">
        <legend>Sync by Attribute</legend>
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
      </fieldset>
      {flag('syncAllUmUsers')}
      {flag('primaryFromUm')}
      {flag('nonRestricted')}
    </fieldset>
  )
}
