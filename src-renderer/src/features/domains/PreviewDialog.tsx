import type { DomainSyncCounts, DomainSyncPreview } from '../../../../src-preload/contract'
import { DataTable, type Column } from '../../components/DataTable'
import { DetailList } from '../../components/DetailList'
import { DryRunDialog } from '../../components/DryRunDialog'
import { countLabels } from './domainModel'

type PreviewEntry = DomainSyncPreview['entries'][number]

const columns: Column<PreviewEntry>[] = [
  {
    header: 'Severity',
    cell: (entry) => <span className={`log-severity ${entry.severity}`}>{entry.severity}</span>
  },
  { header: 'Code', cell: (entry) => entry.code },
  {
    header: 'Object',
    wrap: true,
    cell: (entry) => [entry.objectType, entry.objectName].filter(Boolean).join(' ')
  },
  { header: 'Message', wrap: true, title: (entry) => entry.hint, cell: (entry) => entry.message }
]

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
          <DetailList
            rows={(Object.keys(countLabels) as (keyof DomainSyncCounts)[]).map((key) => [
              countLabels[key],
              preview.counts[key]
            ])}
          />
          <DataTable
            caption="Preview entries"
            columns={columns}
            rows={preview.entries}
            rowKey={(_, index) => index}
            scrollClassName="preview-entries"
          />
          {preview.moreEntries > 0 && <p className="muted">… and {preview.moreEntries} more entries.</p>}
        </>
      )}
    </DryRunDialog>
  )
}
