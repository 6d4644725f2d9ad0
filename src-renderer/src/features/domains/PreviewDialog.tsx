import { useEffect, useState } from 'react'
import type { DomainSyncCounts, DomainSyncPreview } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { Dialog } from '../../components/Dialog'
import { countLabels } from './domainModel'

/** A dry run of the domain synchronization: what it would do, with nothing written. */
export function PreviewDialog({ domain, onClose }: { domain: string; onClose: () => void }) {
  const [preview, setPreview] = useState<DomainSyncPreview>()
  const [error, setError] = useState<string>()

  useEffect(() => {
    let current = true
    void call('domains:preview', { name: domain }).then((result) => {
      if (!current) return
      if (result.ok) setPreview(result.value)
      else setError(result.error.message)
    })
    return () => {
      current = false
    }
  }, [domain])

  return (
    <Dialog
      title={`Preview: domain synchronization of ${domain}`}
      onClose={onClose}
      wide
      footer={
        <button type="button" onClick={onClose}>
          Close
        </button>
      }
    >
      {error && (
        <p role="alert" className="error-summary">
          The preview could not run: {error}
        </p>
      )}
      {!preview && !error && <p className="muted">Computing what a synchronization would do…</p>}
      {preview && (
        <>
          <p className="muted">Nothing has been changed; this is what a synchronization would do now.</p>
          <dl className="details">
            {(Object.keys(countLabels) as (keyof DomainSyncCounts)[]).map((key) => (
              <div key={key}>
                <dt>{countLabels[key]}</dt>
                <dd>{preview.counts[key]}</dd>
              </div>
            ))}
          </dl>
          <div className="table-scroll preview-entries">
            <table className="grid static">
              <caption className="visually-hidden">Preview entries</caption>
              <thead>
                <tr>
                  <th scope="col">Severity</th>
                  <th scope="col">Code</th>
                  <th scope="col">Object</th>
                  <th scope="col">Message</th>
                </tr>
              </thead>
              <tbody>
                {preview.entries.map((entry, index) => (
                  <tr key={index}>
                    <td className={`log-severity ${entry.severity}`}>{entry.severity}</td>
                    <td>{entry.code}</td>
                    <td className="wrap">{[entry.objectType, entry.objectName].filter(Boolean).join(' ')}</td>
                    <td className="wrap" title={entry.hint}>
                      {entry.message}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {preview.moreEntries > 0 && <p className="muted">… and {preview.moreEntries} more entries.</p>}
        </>
      )}
    </Dialog>
  )
}
