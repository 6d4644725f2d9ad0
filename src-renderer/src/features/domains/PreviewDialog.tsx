import type { DomainSyncCounts } from '../../../../src-preload/contract'
import { DryRunDialog } from '../../components/DryRunDialog'
import { countLabels } from './domainModel'

/** A dry run of the domain synchronization: what it would do, with nothing written. */
export function PreviewDialog({ domain, onClose }: { domain: string; onClose: () => void }) {
  return (
    <DryRunDialog
      title={`Preview: domain synchronization of ${domain}`}
      channel="domains:preview"
      input={{ name: domain }}
      waiting="Computing what a synchronization would do…"
      action="a synchronization"
      onClose={onClose}
    >
      {(preview) => (
        <>
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
    </DryRunDialog>
  )
}
