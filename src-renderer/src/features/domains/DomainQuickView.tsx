import type { Domain } from '../../../../src-preload/contract'
import { DetailList, type Detail } from '../../components/DetailList'
import { useReadOnly } from '../../components/useReadOnly'
import { when } from '../sync/runModel'
import { rulesSummary } from './domainModel'
import { DirectorySyncPanel } from './DirectorySyncPanel'
import { DomainSyncPanel } from './DomainSyncPanel'

interface Props {
  domain: Domain
  onEdit: (focusRules: boolean) => void
  onDelete: () => void
}

function DomainDetails({ domain }: { domain: Domain }) {
  const rules = rulesSummary(domain.rules)
  const rows: Detail[] = [
    ['Description', domain.description ?? ''],
    ['Call Processors', domain.callProcessors.join(', ')],
    ['Message Processors', domain.messageProcessors.join(', ') || 'none'],
    ['Directory', domain.directory ?? 'none'],
    ['Default role', domain.defaultRole],
    ['Synchronization rules', rules.length > 0 ? rules.join('; ') : 'none: choose one before synchronizing'],
    ['Added', when(domain.createdAt)],
    ['Last changed', when(domain.updatedAt)]
  ]
  return <DetailList rows={rows} />
}

export function DomainQuickView({ domain, onEdit, onDelete }: Props) {
  const readOnly = useReadOnly().change
  return (
    <aside className="quickview" aria-label="Quick View">
      <h2>{domain.name}</h2>
      <div className="actions">
        <button type="button" disabled={!!readOnly} title={readOnly} onClick={() => onEdit(false)}>
          Edit
        </button>
        <button type="button" className="danger" disabled={!!readOnly} title={readOnly} onClick={onDelete}>
          Delete
        </button>
      </div>
      <DomainDetails domain={domain} />
      <DomainSyncPanel domain={domain} onConfigureRules={() => onEdit(true)} />
      <DirectorySyncPanel domain={domain} />
    </aside>
  )
}
