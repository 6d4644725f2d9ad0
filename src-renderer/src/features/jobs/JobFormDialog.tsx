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
import { Dialog } from '../../components/Dialog'
import { Field } from '../../components/Field'
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

  const { error, busy, formRef, submit } = useFormSubmission(
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
    <Dialog
      title={job ? 'Edit Synchronization Schedule' : 'Create New Synchronization Schedule'}
      onClose={onClose}
      wide
      footer={
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
            disabled={busy}
            onClick={() => {
              runAfterSave.current = true
              formRef.current?.requestSubmit()
            }}
          >
            Save and Run Now
          </button>
          {/* The form's only submit button, so Enter saves without running. */}
          <button
            type="submit"
            form={formId}
            className="primary"
            disabled={busy}
            onClick={() => (runAfterSave.current = false)}
          >
            Save and Close
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </>
      }
    >
      <form ref={formRef} id={formId} className="form job-form" onSubmit={(e) => void submit(e)} noValidate>
        {error && (
          <p role="alert" className="error-summary">
            {job ? 'The job was not saved' : 'The job was not added'}: {describeRefusal(error)}
          </p>
        )}
        <Field label="Job Name" hint="unique; letters, digits, space, _ and -" error={errors.name}>
          {(control) => (
            <input
              {...control}
              value={form.name}
              autoComplete="off"
              onChange={(e) => change({ name: e.target.value })}
            />
          )}
        </Field>
        <Field label="Synchronize Every" error={errors.frequency}>
          {(control) => (
            <div className="frequency">
              <select
                {...control}
                value={form.every}
                onChange={(e) => change({ every: e.target.value as FrequencyUnit })}
              >
                {frequencyUnits.map((unit) => (
                  <option key={unit} value={unit}>
                    {frequencyUnitLabels[unit]}
                  </option>
                ))}
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
        <Field
          label="Start Date"
          hint={
            job && job.timeZone !== zone
              ? `your time zone, ${zone} (the job was scheduled in ${job.timeZone})`
              : `your time zone, ${zone}`
          }
          error={errors.startAt}
        >
          {(control) => (
            <input
              {...control}
              type="datetime-local"
              value={form.startAt}
              onChange={(e) => change({ startAt: e.target.value, startAtEdited: true })}
            />
          )}
        </Field>
        <fieldset className="field-group">
          <legend>Synchronization Type</legend>
          <div className="choices">
            <label className="choice">
              <input
                type="radio"
                name={`${formId}-kind`}
                checked={form.selectionKind === 'builder'}
                onChange={() => change({ selectionKind: 'builder' })}
              />
              Schedule Builder
            </label>
            <label className="choice">
              <input
                type="radio"
                name={`${formId}-kind`}
                checked={form.selectionKind === 'granular'}
                onChange={() => change({ selectionKind: 'granular' })}
              />
              Custom Granular Synchronization
            </label>
          </div>
          {form.selectionKind === 'builder' ? (
            <fieldset className="field-group">
              <legend>Schedule Builder</legend>
              <span className="hint">Infrastructure and user synchronization for each processor.</span>
              <div className="choices">
                {builderChoices.map((choice) => (
                  <label key={choice} className="choice">
                    <input
                      type="radio"
                      name={`${formId}-builder`}
                      checked={form.builderChoice === choice}
                      onChange={() => change({ builderChoice: choice })}
                    />
                    {builderChoiceLabels[choice]}
                  </label>
                ))}
              </div>
            </fieldset>
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
                One line each: &lt;class&gt;.&lt;name&gt;: &lt;type&gt;. Classes cp, mp, pp, ad and domain;
                name all or a device or domain name; type infra, sub or both, none for ad and domain. Lines
                starting with # are comments.
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
        </fieldset>
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
      </form>
    </Dialog>
  )
}
