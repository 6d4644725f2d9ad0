import type { ExportFile, ExportFormat } from '../../../../src-preload/contract'

const mimeTypes: Record<ExportFormat, string> = {
  csv: 'text/csv;charset=utf-8',
  json: 'application/json'
}

/**
 * The Core names exports for what they hold (`run-12-log.csv`); a Downloads folder holds files from
 * every application, so the download also says where it came from, as the Quick View's always did.
 */
const downloadName = (fileName: string): string =>
  fileName.startsWith('switchboard-') ? fileName : `switchboard-${fileName}`

/** Saves an export the Core prepared through the browser's download, in Electron and a browser alike. */
export function downloadExport(file: ExportFile, format: ExportFormat): void {
  const url = URL.createObjectURL(new Blob([file.content], { type: mimeTypes[format] }))
  const link = document.createElement('a')
  link.href = url
  link.download = downloadName(file.fileName)
  link.click()
  // The download has taken the content by the next turn; a second is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
