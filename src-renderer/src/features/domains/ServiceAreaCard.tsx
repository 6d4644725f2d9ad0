import { useEffect, useId, useRef } from 'react'
import {
  attributeLabels,
  type ServiceArea,
  type ServiceAreaAttributes
} from '../../../../src-preload/contract'
import { ActionButton } from '../../components/ActionButton'
import { DetailList } from '../../components/DetailList'
import { useReadOnly } from '../../components/useReadOnly'
import { DnBlocksTable } from './DnBlocksTable'

export type MoveDirection = 'up' | 'down'

interface Props {
  area: ServiceArea
  /** First or last in the matching order: it cannot move further that way. */
  first: boolean
  last: boolean
  /** Resolves to whether the move was made. */
  onMove: (direction: MoveDirection) => Promise<boolean>
  onEdit: () => void
  onDelete: () => void
  onAddBlock: () => void
}

function attributeText(value: ServiceAreaAttributes[keyof ServiceAreaAttributes]): string {
  return Array.isArray(value) ? value.join(', ') : (value ?? '')
}

/** One service area: where it matches, what it holds, and its number blocks. */
export function ServiceAreaCard({ area, first, last, onMove, onEdit, onDelete, onAddBlock }: Props) {
  const titleId = useId()
  const upRef = useRef<HTMLButtonElement>(null)
  const downRef = useRef<HTMLButtonElement>(null)
  const moved = useRef<MoveDirection>(undefined)
  const readOnly = useReadOnly().change

  // Reordering the cards (or disabling the button at an end) drops focus: keep it on this card's buttons.
  useEffect(() => {
    const direction = moved.current
    if (!direction) return
    moved.current = undefined
    const pressed = direction === 'up' ? upRef.current : downRef.current
    const other = direction === 'up' ? downRef.current : upRef.current
    ;(pressed && !pressed.disabled ? pressed : other)?.focus()
  }, [area.position])

  const move = (direction: MoveDirection) => {
    moved.current = direction
    void onMove(direction).then((done) => {
      if (!done) moved.current = undefined
    })
  }
  const attributes = (Object.keys(attributeLabels) as (keyof ServiceAreaAttributes)[]).filter(
    (key) => attributeText(area.attributes[key]) !== ''
  )
  const services = Object.entries(area.services).filter(([, count]) => count > 0)
  return (
    <section className="card" aria-labelledby={titleId}>
      <header className="card-header">
        <h3 id={titleId}>{area.name}</h3>
        <span className="muted">matching order {area.position}</span>
        <div className="actions">
          <ActionButton
            ref={upRef}
            disabled={first}
            blocked={readOnly}
            aria-label={`Move ${area.name} up`}
            onClick={() => move('up')}
          >
            Move up
          </ActionButton>
          <ActionButton
            ref={downRef}
            disabled={last}
            blocked={readOnly}
            aria-label={`Move ${area.name} down`}
            onClick={() => move('down')}
          >
            Move down
          </ActionButton>
          <ActionButton blocked={readOnly} onClick={onEdit} aria-label={`Edit service area ${area.name}`}>
            Edit
          </ActionButton>
          <ActionButton
            className="danger"
            blocked={readOnly}
            onClick={onDelete}
            aria-label={`Delete service area ${area.name}`}
          >
            Delete
          </ActionButton>
        </div>
      </header>
      <DetailList
        rows={[
          ['Call Processor', area.callProcessor],
          ['Message Processor', area.messageProcessor],
          ['Presence Processor', area.presenceProcessor],
          [
            'Matches',
            attributes.length === 0
              ? `any product of ${area.callProcessor}`
              : attributes
                  .map((key) => `${attributeLabels[key]} ${attributeText(area.attributes[key])}`)
                  .join('; ')
          ],
          ['User roles', area.userRoles.join(', ') || 'none'],
          [
            'Services',
            services.length === 0
              ? 'none filed here yet'
              : services.map(([kind, count]) => `${kind} ${count}`).join(', ')
          ]
        ]}
      />
      <div className="card-subheader">
        <h4>Directory number blocks</h4>
        <ActionButton blocked={readOnly} onClick={onAddBlock}>
          Add DN Block
        </ActionButton>
      </div>
      <DnBlocksTable domain={area.domain} serviceArea={area.name} blocks={area.dnBlocks} />
    </section>
  )
}
