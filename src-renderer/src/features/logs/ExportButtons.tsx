import {
  exportFormats,
  type ExportFile,
  type ExportFormat,
  type Result
} from '../../../../src-preload/contract'
import { downloadExport } from './download'

interface ExportButtonsProps {
  /** What is exported, as a refusal starts: "The log". */
  what: string
  request: (format: ExportFormat) => Promise<Result<ExportFile>>
  /** Why the export failed; undefined once one succeeds. */
  onError: (message: string | undefined) => void
}

/** Export CSV and Export JSON of what the page lists, saved through the browser's download. */
export function ExportButtons({ what, request, onError }: ExportButtonsProps) {
  const exportAs = async (format: ExportFormat) => {
    const result = await request(format)
    if (!result.ok) return onError(`${what} was not exported: ${result.error.message}`)
    onError(undefined)
    downloadExport(result.value, format)
  }
  return exportFormats.map((format) => (
    <button key={format} type="button" onClick={() => void exportAs(format)}>
      Export {format.toUpperCase()}
    </button>
  ))
}
