import { useState } from 'react'
import type { DnBlock } from '../../../../src-preload/contract'
import { call } from '../../api/client'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { useReadOnly } from '../../components/useReadOnly'
import { useStore } from '../../store'
import { DnBlockDialog } from './DnBlockDialog'

interface Props {
  domain: string
  serviceArea: string
  blocks: DnBlock[]
}

/** A service area's directory number blocks, with how many of their numbers are in use. */
export function DnBlocksTable({ domain, serviceArea, blocks }: Props) {
  const [deleting, setDeleting] = useState<DnBlock>()
  const [editing, setEditing] = useState<DnBlock>()
  const readOnly = useReadOnly().change
  if (blocks.length === 0) return <p className="muted">No directory number blocks yet.</p>

  const remove = async (block: DnBlock) => {
    const result = await call('dn-blocks:delete', { id: block.id })
    if (!result.ok) return result.error.message
    setDeleting(undefined)
    const { loadServiceAreas, notify } = useStore.getState()
    notify('success', `Directory number block ${block.firstNumber}–${block.lastNumber} deleted.`)
    await loadServiceAreas(domain)
    return undefined
  }

  return (
    <>
      <table className="grid static">
        <caption className="visually-hidden">Directory number blocks of {serviceArea}</caption>
        <thead>
          <tr>
            <th scope="col">Prefix</th>
            <th scope="col" className="num">
              First
            </th>
            <th scope="col" className="num">
              Last
            </th>
            <th scope="col" className="num">
              Min length
            </th>
            <th scope="col">Numbers</th>
            <th scope="col" className="num">
              Size
            </th>
            <th scope="col" className="num">
              Used
            </th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {blocks.map((block) => (
            <tr key={block.id}>
              <td>{block.prefix}</td>
              <td className="num">{block.first}</td>
              <td className="num">{block.last}</td>
              <td className="num">{block.minLength}</td>
              <td>
                {block.firstNumber}–{block.lastNumber}
              </td>
              <td className="num">{block.size}</td>
              <td className="num">{block.used}</td>
              <td>
                <button
                  type="button"
                  className="link"
                  aria-label={`Edit block ${block.firstNumber}–${block.lastNumber}`}
                  disabled={!!readOnly}
                  title={readOnly}
                  onClick={() => setEditing(block)}
                >
                  Edit
                </button>
                <button
                  type="button"
                  className="link danger"
                  aria-label={`Delete block ${block.firstNumber}–${block.lastNumber}`}
                  disabled={!!readOnly}
                  title={readOnly}
                  onClick={() => setDeleting(block)}
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing && (
        <DnBlockDialog
          domain={domain}
          serviceArea={serviceArea}
          block={editing}
          onClose={() => setEditing(undefined)}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete directory number block"
          confirmLabel="Delete"
          danger
          onConfirm={() => remove(deleting)}
          onClose={() => setDeleting(undefined)}
        >
          <p>
            Delete the block {deleting.firstNumber}–{deleting.lastNumber} of {serviceArea}? Its numbers stay
            on the Call Processor; they are no longer offered from this service area.
          </p>
        </ConfirmDialog>
      )}
    </>
  )
}
