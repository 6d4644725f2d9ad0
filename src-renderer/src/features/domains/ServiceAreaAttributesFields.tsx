import { attributeLabels, phoneProtocols, type ServiceAreaChoices } from '../../../../src-preload/contract'
import { CheckboxGroup } from '../../components/CheckboxGroup'
import { Section } from '../../components/Section'
import { Select } from '../../components/Select'
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

/** An attribute left empty matches any value. */
const ANY = { '': '(any)' }

/** The matching attributes: a product fits the service area when it has every attribute that is set. */
export function ServiceAreaAttributesFields({ form, choices, onChange, errors }: Props) {
  const select = (key: CallProcessorAttribute | MessageProcessorAttribute, disabled = false) => (
    <Select
      key={key}
      label={attributeLabels[key]}
      error={errors[`attributes.${key}`]}
      value={form.attributes[key]}
      disabled={disabled}
      options={['', ...withCurrent(choicesFor(key, choices, form.messageProcessor), form.attributes[key])]}
      labels={ANY}
      onChange={(value) => onChange({ attributes: { ...form.attributes, [key]: value } })}
    />
  )
  return (
    <Section legend="Matching attributes">
      {callProcessorAttributes.map((key) => select(key))}
      <Select
        label={attributeLabels.protocol}
        error={errors['attributes.protocol']}
        value={form.protocol}
        options={['', ...phoneProtocols]}
        labels={ANY}
        onChange={(protocol) => onChange({ protocol })}
      />
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
    </Section>
  )
}
