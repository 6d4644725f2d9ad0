import { useId } from 'react'
import {
  attributeLabels,
  type ServiceArea,
  type ServiceAreaAttributes
} from '../../../../src-preload/contract'
import { DnBlocksTable } from './DnBlocksTable'

interface Props {
  area: ServiceArea
  onEdit: () => void
  onDelete: () => void
  onAddBlock: () => void
}

function attributeText(value: ServiceAreaAttributes[keyof ServiceAreaAttributes]): string {
  return Array.isArray(value) ? value.join(', ') : (value ?? '')
}

/** One service area: where it matches, what it holds, and its number blocks. */
export function ServiceAreaCard({ area, onEdit, onDelete, onAddBlock }: Props) {
  const titleId = useId()
  const attributes = (Object.keys(attributeLabels) as (keyof ServiceAreaAttributes)[]).filter(
    (key) => attributeText(area.attributes[key]) !== ''
  )
  const services = Object.entries(area.services).filter(([, count]) => count > 0)
  const processors: [string, string | undefined][] = [
    ['Call Processor', area.callProcessor],
    ['Message Processor', area.messageProcessor],
    ['Presence Processor', area.presenceProcessor]
  ]
  return (
    <section className="card" aria-labelledby={titleId}>
      <header className="card-header">
        <h3 id={titleId}>{area.name}</h3>
        <span className="muted">matching order {area.position}</span>
        <div className="actions">
          <button type="button" onClick={onEdit} aria-label={`Edit service area ${area.name}`}>
            Edit
          </button>
          <button
            type="button"
            className="danger"
            onClick={onDelete}
            aria-label={`Delete service area ${area.name}`}
          >
            Delete
          </button>
        </div>
      </header>
      <dl className="details">
        {processors
          .filter((row): row is [string, string] => row[1] !== undefined)
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        <div>
          <dt>Matches</dt>
          <dd>
            {attributes.length === 0
              ? `any product of ${area.callProcessor}`
              : attributes
                  .map((key) => `${attributeLabels[key]} ${attributeText(area.attributes[key])}`)
                  .join('; ')}
          </dd>
        </div>
        <div>
          <dt>User roles</dt>
          <dd>{area.userRoles.join(', ') || 'none'}</dd>
        </div>
        <div>
          <dt>Services</dt>
          <dd>
            {services.length === 0
              ? 'none filed here yet'
              : services.map(([kind, count]) => `${kind} ${count}`).join(', ')}
          </dd>
        </div>
      </dl>
      <div className="card-subheader">
        <h4>Directory number blocks</h4>
        <button type="button" onClick={onAddBlock}>
          Add DN Block
        </button>
      </div>
      <DnBlocksTable domain={area.domain} serviceArea={area.name} blocks={area.dnBlocks} />
    </section>
  )
}
