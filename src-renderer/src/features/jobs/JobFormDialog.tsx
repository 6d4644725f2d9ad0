import { useId, useRef, useState } from 'react'
import {
  builderChoiceLabels,
  builderChoices,
  frequencyUnits,
  type Job,
  type JobOptions,
  type JobPreview,
  type Result
} from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { CheckboxGroup } from '../../components/CheckboxGroup'
import { Field } from '../../components/Field'
import { FormDialog } from '../../components/FormDialog'
import { RadioChoices } from '../../components/RadioChoices'
import { Section } from '../../components/Section'
import { OptionList } from '../../components/Select'
import { TextField } from '../../components/TextField'
import { useFormSubmission } from '../../components/useFormSubmission'
import { useStore } from '../../store'
import { JobPreviewLog } from './JobPreviewLog'
import {
  addJobRequest,
  describeRefusal,
  describeRunOutcomes,
  editJobRequest,
  formFromJob,
  frequencyUnitLabels,
  granularLineProblems,
  newJobForm,
  optionLabels,
  rowErrors,
  selectionOf,
  type FrequencyUnit,
  type JobForm
} from './jobModel'

const GRANULAR_EXAMPLES = ['cp.Test-UCM: infra', 'mp.all: sub', 'pp.all: both', 'ad.all:', 'domain.Test-Dom:']

const selectionKinds = ['builder', 'granular'] as const
const selectionKindLabels: Record<JobForm['selectionKind'], string> = {
  builder: 'Schedule Builder',
  granular: 'Custom Granular Synchronization'
}

const optionKeys = Object.keys(optionLabels) as (keyof JobOptions)[]

/** The zone a typed start's wall-clock time belongs to. */
const browserTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone

interface Props {
  /** The job to edit; absent to add one. */
  job?: Job
  onClose: () => void
}

/** Create New / Edit Synchronization Schedule (seed 000 table 3). */
export function JobFormDialog({ job, onClose }: Props) {
  const [form, setForm] = useState<JobForm>(() => (job ? formFromJob(job) : newJobForm(new Date())))
  const change = (changes: Partial<JobForm>) => setForm((f) => ({ ...f, ...changes }))
  const [preview, setPreview] = useState<{ selection: string; result?: Result<JobPreview> }>()
  // Which footer button submitted the form: Save and Run Now also runs the saved job.
  const runAfterSave = useRef(false)
  const formId = useId()
  const granularId = useId()

  const { error, submission } = useFormSubmission(
    (): Promise<Result<Job>> => {
      const context = { timeZone: browserTimeZone(), now: Date.now() }
      if (job) {
        const request = editJobRequest(form, job, context)
        return request.ok
          ? call('jobs:edit', { name: job.name, changes: request.value })
          : Promise.resolve(request)
      }
      const request = addJobRequest(form, context)
      return request.ok ? call('jobs:add', request.value) : Promise.resolve(request)
    },
    async (saved) => {
      onClose()
      const { notify, loadJobs } = useStore.getState()
      if (runAfterSave.current) {
        const run = await call('jobs:run', { names: [saved.name] })
        if (run.ok) notify('info', `Job ${saved.name} saved. ${describeRunOutcomes(run.value)}`)
        else notify('failure', `Job ${saved.name} was saved but did not run: ${run.error.message}`)
      } else notify('success', `Job ${saved.name} ${job ? 'updated' : 'added'}.`)
      await loadJobs()
    }
  )
  const errors = rowErrors(error)

  const selection = selectionOf(form)
  const selectionKey = JSON.stringify(selection)
  const runPreview = async () => {
    setPreview({ selection: selectionKey })
    const result = await call('jobs:preview', { selection })
    setPreview({ selection: selectionKey, result })
  }
  const liveProblems = form.selectionKind === 'granular' ? granularLineProblems(form.granularText) : []
  const zone = browserTimeZone()

  return (
    <FormDialog
      title={job ? 'Edit Synchronization Schedule' : 'Create New Synchronization Schedule'}
      formId={formId}
      submission={submission}
      refused={job ? 'The job was not saved' : 'The job was not added'}
      describe={describeRefusal}
      onClose={onClose}
      wide
      actions={
        <>
          <button
            type="button"
            disabled={preview !== undefined && !preview.result}
            onClick={() => void runPreview()}
          >
            Synchronization Preview
          </button>
          <button
            type="button"
            disabled={submission.busy}
            onClick={() => {
              runAfterSave.current = true
              submission.formRef.current?.requestSubmit()
            }}
          >
            Save and Run Now
          </button>
        </>
      }
      saveLabel="Save and Close"
      onSavePress={() => (runAfterSave.current = false)}
      formClassName="job-form"
    >
      <TextField
        label="Job Name"
        hint="unique; letters, digits, space, _ and -"
        error={errors.name}
        value={form.name}
        autoComplete="off"
        onChange={(name) => change({ name })}
      />
      <Field label="Synchronize Every" error={errors.frequency}>
        {(control) => (
          <div className="frequency">
            <select
              {...control}
              value={form.every}
              onChange={(e) => change({ every: e.target.value as FrequencyUnit })}
            >
              <OptionList options={frequencyUnits} labels={frequencyUnitLabels} />
            </select>
            <input
              type="number"
              inputMode="numeric"
              min={1}
              max={1000}
              aria-label="Number of hours, days or weeks"
              aria-invalid={form.every !== 'once' && errors.frequency ? true : undefined}
              disabled={form.every === 'once'}
              value={form.count}
              onChange={(e) => change({ count: e.target.value })}
            />
          </div>
        )}
      </Field>
      <TextField
        label="Start Date"
        hint={
          job && job.timeZone !== zone
            ? `your time zone, ${zone} (the job was scheduled in ${job.timeZone})`
            : `your time zone, ${zone}`
        }
        error={errors.startAt}
        type="datetime-local"
        value={form.startAt}
        onChange={(startAt) => change({ startAt, startAtEdited: true })}
      />
      <Section legend="Synchronization Type">
        <RadioChoices
          value={form.selectionKind}
          options={selectionKinds}
          labels={selectionKindLabels}
          onChange={(selectionKind) => change({ selectionKind })}
        />
        {form.selectionKind === 'builder' ? (
          <Section legend="Schedule Builder">
            <span className="hint">Infrastructure and user synchronization for each processor.</span>
            <RadioChoices
              value={form.builderChoice}
              options={builderChoices}
              labels={builderChoiceLabels}
              onChange={(builderChoice) => change({ builderChoice })}
            />
          </Section>
        ) : (
          <div className="granular">
            <label htmlFor={granularId}>Granular Synchronization Data</label>
            <textarea
              id={granularId}
              rows={7}
              spellCheck={false}
              placeholder={GRANULAR_EXAMPLES.join('\n')}
              value={form.granularText}
              aria-invalid={liveProblems.length > 0 || errors.selection ? true : undefined}
              aria-describedby={`${granularId}-hint ${granularId}-problems`}
              onChange={(e) => change({ granularText: e.target.value })}
            />
            <span id={`${granularId}-hint`} className="hint">
              One line each: &lt;class&gt;.&lt;name&gt;: &lt;type&gt;. Classes cp, mp, pp, ad and domain; name
              all or a device or domain name; type infra, sub or both, none for ad and domain. Lines starting
              with # are comments.
            </span>
            <ul id={`${granularId}-problems`} className="granular-problems" aria-live="polite">
              {liveProblems.map((problem) => (
                <li key={problem} className="field-error">
                  {problem}
                </li>
              ))}
            </ul>
          </div>
        )}
        {errors.selection && <span className="field-error">{errors.selection}</span>}
      </Section>
      <CheckboxGroup
        legend="Synchronization Options"
        options={optionKeys.map((key) => optionLabels[key])}
        selected={optionKeys.filter((key) => form.options[key]).map((key) => optionLabels[key])}
        onChange={(labels) =>
          change({
            options: {
              forceDomainSync: labels.includes(optionLabels.forceDomainSync),
              parallel: labels.includes(optionLabels.parallel),
              abortOnFailure: labels.includes(optionLabels.abortOnFailure)
            }
          })
        }
        error={errors.options}
      />
      {preview && <JobPreviewLog result={preview.result} outdated={preview.selection !== selectionKey} />}
    </FormDialog>
  )
}
