import { useState } from 'react'
import type { DnBlock } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { DataTable, type Column } from '../../components/DataTable'
import { DeleteDialog } from '../../components/DeleteDialog'
import { EditDeleteLinks } from '../../components/EditDeleteLinks'
import { useReadOnly } from '../../components/useReadOnly'
import { useStore } from '../../store'
import { DnBlockDialog } from './DnBlockDialog'

interface Props {
  domain: string
  serviceArea: string
  blocks: DnBlock[]
}

const range = (block: DnBlock): string => `${block.firstNumber}–${block.lastNumber}`

/** A service area's directory number blocks, with how many of their numbers are in use. */
export function DnBlocksTable({ domain, serviceArea, blocks }: Props) {
  const [deleting, setDeleting] = useState<DnBlock>()
  const [editing, setEditing] = useState<DnBlock>()
  const readOnly = useReadOnly().change
  if (blocks.length === 0) return <p className="muted">No directory number blocks yet.</p>

  const columns: Column<DnBlock>[] = [
    { header: 'Prefix', cell: (block) => block.prefix },
    { header: 'First', numeric: true, cell: (block) => block.first },
    { header: 'Last', numeric: true, cell: (block) => block.last },
    { header: 'Min length', numeric: true, cell: (block) => block.minLength },
    { header: 'Numbers', cell: range },
    { header: 'Size', numeric: true, cell: (block) => block.size },
    { header: 'Used', numeric: true, cell: (block) => block.used },
    {
      header: 'Actions',
      hiddenHeader: true,
      cell: (block) => (
        <EditDeleteLinks
          what={`block ${range(block)}`}
          blocked={readOnly}
          onEdit={() => setEditing(block)}
          onDelete={() => setDeleting(block)}
        />
      )
    }
  ]

  return (
    <>
      <DataTable
        caption={`Directory number blocks of ${serviceArea}`}
        columns={columns}
        rows={blocks}
        rowKey={(block) => block.id}
      />
      {editing && (
        <DnBlockDialog
          domain={domain}
          serviceArea={serviceArea}
          block={editing}
          onClose={() => setEditing(undefined)}
        />
      )}
      {deleting && (
        <DeleteDialog
          title="Delete directory number block"
          request={() => call('dn-blocks:delete', { id: deleting.id })}
          onDeleted={async () => {
            setDeleting(undefined)
            const { loadServiceAreas, notify } = useStore.getState()
            notify('success', `Directory number block ${range(deleting)} deleted.`)
            await loadServiceAreas(domain)
          }}
          onClose={() => setDeleting(undefined)}
        >
          <p>
            Delete the block {range(deleting)} of {serviceArea}? Its numbers stay on the Call Processor; they
            are no longer offered from this service area.
          </p>
        </DeleteDialog>
      )}
    </>
  )
}
