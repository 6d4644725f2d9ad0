import { useEffect, useId, useRef } from 'react'
import type { JobPreview, Result } from '../../../../src-preload/contract'
import { describeProblem, describeStep } from './jobModel'

interface Props {
  /** Undefined while the preview runs. */
  result?: Result<JobPreview>
  /** The form's selection changed since this preview was made. */
  outdated: boolean
}

/** Synchronization Preview's answer (SCHED-07): what would run, in order, and every malformed line. */
export function JobPreviewLog({ result, outdated }: Props) {
  const titleId = useId()
  const ref = useRef<HTMLElement>(null)

  // The log is below the form: bring each new answer into view.
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'nearest' })
  }, [result])

  return (
    <section ref={ref} className="panel preview-log" aria-labelledby={titleId} aria-live="polite">
      <h3 id={titleId}>Preview Synchronization Log</h3>
      {!result && <p className="muted">Working out what this job would synchronize…</p>}
      {result && outdated && (
        <p className="muted">The synchronization type changed: run Synchronization Preview again.</p>
      )}
      {result && !outdated && !result.ok && (
        <p role="alert" className="error-summary">
          The preview could not run: {result.error.message}
        </p>
      )}
      {result && !outdated && result.ok && (
        <>
          <p className="muted">Nothing has run. This job would synchronize, in this order:</p>
          {result.value.steps.length === 0 ? (
            <p>Nothing: the selection matches no processor, directory or domain.</p>
          ) : (
            <ol className="preview-steps">
              {result.value.steps.map((step, index) => (
                <li key={index}>{describeStep(step)}</li>
              ))}
            </ol>
          )}
          {result.value.problems.length > 0 && (
            <>
              <h4>
                {result.value.problems.length === 1
                  ? '1 line to fix before saving'
                  : `${result.value.problems.length} lines to fix before saving`}
              </h4>
              <ul className="preview-problems">
                {result.value.problems.map((problem, index) => (
                  <li key={index} className="field-error">
                    {describeProblem(problem)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  )
}
