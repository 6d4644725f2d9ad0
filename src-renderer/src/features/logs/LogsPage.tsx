import { useState } from 'react'
import type { RunSummary } from '../../../../src-preload/contract'
import { ListPage } from '../../components/ListPage'
import { RunComparisonView } from './RunComparisonView'
import { RunDetail } from './RunDetail'
import { RunList, type RunListState } from './RunList'
import { noRunFilters } from './runListModel'

type View =
  | { show: 'list' }
  | { show: 'run'; runId: number }
  | { show: 'compare'; older: RunSummary; newer: RunSummary }

/**
 * Logs: every run of every kind, newest first. A run opens its summary, charts and detailed log; two runs
 * of one device or domain open a comparison. The list keeps its filters and page while a run is open.
 */
export function LogsPage() {
  const [view, setView] = useState<View>({ show: 'list' })
  const [list, setList] = useState<RunListState>({ filters: noRunFilters, offset: 0, chosen: [] })
  const backToList = () => setView({ show: 'list' })

  return (
    <ListPage title="Logs">
      {view.show === 'list' && (
        <RunList
          state={list}
          onChange={setList}
          onOpen={(runId) => setView({ show: 'run', runId })}
          onCompare={(older, newer) => setView({ show: 'compare', older, newer })}
        />
      )}
      {view.show === 'run' && (
        <RunDetail
          key={view.runId}
          runId={view.runId}
          onOpen={(runId) => setView({ show: 'run', runId })}
          onBack={backToList}
        />
      )}
      {view.show === 'compare' && (
        <RunComparisonView older={view.older} newer={view.newer} onBack={backToList} />
      )}
    </ListPage>
  )
}
