import { useState } from 'react'
import type { DnBlock } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { FormDialog } from '../../components/FormDialog'
import { useFormSubmission } from '../../components/useFormSubmission'
import { TextField } from '../../components/TextField'
import { useStore } from '../../store'

interface Props {
  domain: string
  serviceArea: string
  /** The block to edit; absent to add one. */
  block?: DnBlock
  onClose: () => void
}

interface BlockForm {
  prefix: string
  first: string
  last: string
  minLength: string
}

/**
 * Whole numbers go to the server as numbers; anything else goes as typed (hence the cast) so the server
 * names the rule it breaks, next to the field.
 */
function numberValue(text: string): number {
  return (/^\d+$/.test(text.trim()) ? Number(text.trim()) : text) as number
}

function formFromBlock(block: DnBlock | undefined): BlockForm {
  return block
    ? {
        prefix: block.prefix,
        first: String(block.first),
        last: String(block.last),
        minLength: String(block.minLength)
      }
    : { prefix: '', first: '', last: '', minLength: '' }
}

/** Adds a directory number block to a service area, or edits one (an edit replaces its four values). */
export function DnBlockDialog({ domain, serviceArea, block, onClose }: Props) {
  const [form, setForm] = useState<BlockForm>(() => formFromBlock(block))
  const { errors, submission } = useFormSubmission(
    () => {
      const values = {
        prefix: form.prefix,
        first: numberValue(form.first),
        last: numberValue(form.last),
        ...(form.minLength.trim() ? { minLength: numberValue(form.minLength) } : {})
      }
      return block
        ? call('dn-blocks:edit', { id: block.id, ...values })
        : call('dn-blocks:add', { domain, serviceArea, ...values })
    },
    async (saved) => {
      onClose()
      const { loadServiceAreas, notify } = useStore.getState()
      await loadServiceAreas(domain)
      const range = `${saved.firstNumber}–${saved.lastNumber}`
      notify(
        'success',
        block
          ? `Directory number block ${range} of ${serviceArea} updated.`
          : `Directory number block ${range} added to ${serviceArea}.`
      )
    }
  )

  const text = (field: keyof BlockForm, label: string, hint?: string) => (
    <TextField
      label={label}
      error={errors[field]}
      hint={hint}
      inputMode="numeric"
      autoComplete="off"
      value={form[field]}
      onChange={(value) => setForm((f) => ({ ...f, [field]: value }))}
    />
  )

  return (
    <FormDialog
      title={
        block ? `Edit DN Block ${block.firstNumber}–${block.lastNumber}` : `Add DN Block to ${serviceArea}`
      }
      formId="dn-block-form"
      submission={submission}
      refused={`The block was not ${block ? 'saved' : 'added'}`}
      onClose={onClose}
    >
      {text('prefix', 'Prefix', 'digits put in front of every number (optional)')}
      {text('first', 'First')}
      {text('last', 'Last')}
      {text('minLength', 'Minimum length', 'digits after the prefix, zero-padded (optional, 0 to 16)')}
      {/* A preview of the block's ends, so the padding is clear before saving. */}
      <BlockPreview form={form} />
    </FormDialog>
  )
}

function BlockPreview({ form }: { form: BlockForm }) {
  const digits = (text: string) => /^\d+$/.test(text.trim())
  if (!digits(form.first) || !digits(form.last) || !(form.prefix.trim() === '' || digits(form.prefix)))
    return null
  const minLength = digits(form.minLength) ? Number(form.minLength) : 0
  const number = (n: string) => form.prefix.trim() + String(Number(n)).padStart(minLength, '0')
  return (
    <p className="muted">
      Numbers {number(form.first)} to {number(form.last)}
    </p>
  )
}
