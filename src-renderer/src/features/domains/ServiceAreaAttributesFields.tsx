import { attributeLabels, phoneProtocols, type ServiceAreaChoices } from '../../../../src-preload/contract'
import { CheckboxGroup } from '../../components/CheckboxGroup'
import { Field } from '../../components/Field'
import {
  callProcessorAttributes,
  choicesFor,
  messageProcessorAttributes,
  withCurrent,
  type CallProcessorAttribute,
  type MessageProcessorAttribute,
  type ServiceAreaForm
} from './serviceAreaModel'

interface Props {
  form: ServiceAreaForm
  choices?: ServiceAreaChoices
  onChange: (changes: Partial<ServiceAreaForm>) => void
  /** Messages per field, keyed `attributes.<attribute>`. */
  errors: Record<string, string>
}

/** The matching attributes: a product fits the service area when it has every attribute that is set. */
export function ServiceAreaAttributesFields({ form, choices, onChange, errors }: Props) {
  const select = (key: CallProcessorAttribute | MessageProcessorAttribute, disabled = false) => (
    <Field key={key} label={attributeLabels[key]} error={errors[`attributes.${key}`]}>
      {(control) => (
        <select
          {...control}
          value={form.attributes[key]}
          disabled={disabled}
          onChange={(e) => onChange({ attributes: { ...form.attributes, [key]: e.target.value } })}
        >
          <option value="">(any)</option>
          {withCurrent(choicesFor(key, choices, form.messageProcessor), form.attributes[key]).map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
      )}
    </Field>
  )
  return (
    <fieldset className="field-group">
      <legend>Matching attributes</legend>
      {callProcessorAttributes.map((key) => select(key))}
      <Field label={attributeLabels.protocol} error={errors['attributes.protocol']}>
        {(control) => (
          <select
            {...control}
            value={form.protocol}
            onChange={(e) => onChange({ protocol: e.target.value as ServiceAreaForm['protocol'] })}
          >
            <option value="">(any)</option>
            {phoneProtocols.map((protocol) => (
              <option key={protocol} value={protocol}>
                {protocol}
              </option>
            ))}
          </select>
        )}
      </Field>
      <CheckboxGroup
        legend={attributeLabels.voiceGateways}
        options={choices?.voiceGateways ?? []}
        selected={form.voiceGateways}
        onChange={(voiceGateways) => onChange({ voiceGateways })}
        error={errors['attributes.voiceGateways']}
        emptyText="No voice gateway in the Call Processor's inventory."
      />
      {messageProcessorAttributes.map((key) => select(key, form.messageProcessor === ''))}
      {form.messageProcessor === '' && (
        <p className="hint">
          Choose a Message Processor to match subscriber templates and classes of service.
        </p>
      )}
    </fieldset>
  )
}
