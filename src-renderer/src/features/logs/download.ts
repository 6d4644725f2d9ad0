import type { ExportFile, ExportFormat, ReviewBundleFile } from '../../../../src-preload/contract'

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

/** Saves content through the browser's download, in Electron and a browser alike. */
function saveAs(content: Blob, fileName: string): void {
  const url = URL.createObjectURL(content)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.click()
  // The download has taken the content by the next turn; a second is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** Saves an export the Core prepared (CSV or JSON text). */
export function downloadExport(file: ExportFile, format: ExportFormat): void {
  saveAs(new Blob([file.content], { type: mimeTypes[format] }), downloadName(file.fileName))
}

/** Saves a review bundle the Core built (binary, sent in base64) through the browser's download. */
export function downloadReviewBundle(file: ReviewBundleFile): void {
  const bytes = Uint8Array.from(atob(file.contentBase64), (c) => c.charCodeAt(0))
  saveAs(new Blob([bytes], { type: 'application/octet-stream' }), file.fileName)
}

/** "Review bundle saved: switchboard-review-….swreview (1.2 MB, domain West): 4 runs, …". */
export function reviewBundleSaved(file: ReviewBundleFile): string {
  const size =
    file.bytes >= 1024 * 1024
      ? `${(file.bytes / 1024 / 1024).toFixed(1)} MB`
      : `${Math.max(1, Math.round(file.bytes / 1024))} kB`
  const c = file.counts
  return `Review bundle saved: ${file.fileName} (${size}, ${file.selection}): ${c.runs} runs, ${c.logEntries} log entries, ${c.inventoryObjects} inventory objects, ${c.users} users, ${c.auditEntries} audit entries.`
}
