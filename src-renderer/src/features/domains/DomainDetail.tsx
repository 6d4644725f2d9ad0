import { useEffect } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { Domain } from '../../../../src-preload/contract'
import { useStore } from '../../store'
import { RolesPanel } from './RolesPanel'
import { ServiceAreasPanel } from './ServiceAreasPanel'

/** The selected domain's service areas (with their number blocks) and user roles. */
export function DomainDetail({ domain }: { domain: Domain }) {
  const { loadServiceAreas, loadRoles } = useStore(
    useShallow((s) => ({ loadServiceAreas: s.loadServiceAreas, loadRoles: s.loadRoles }))
  )
  useEffect(() => {
    void loadServiceAreas(domain.name)
    void loadRoles(domain.name)
  }, [domain.name, loadServiceAreas, loadRoles])
  return (
    <>
      <ServiceAreasPanel domain={domain} />
      <RolesPanel domain={domain.name} />
    </>
  )
}
