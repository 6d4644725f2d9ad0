// Field errors of a refused request, keyed by the form field they belong to.
import type { AppError } from '../../../src-preload/contract'

/**
 * The form field an issue path names: edits report `changes.<field>`, and an issue about one entry of
 * a list (`callProcessors.0`) belongs to the list's field.
 */
export function formFieldOf(issueField: string): string {
  return issueField.replace(/^changes\./, '').replace(/(\.\d+)+$/, '')
}

/** Messages per form field; an error about one field without an issue list counts as one issue. */
export function fieldErrors(error: AppError | undefined): Record<string, string> {
  if (!error) return {}
  const issues = error.issues ?? (error.field ? [{ field: error.field, message: error.message }] : [])
  const byField: Record<string, string> = {}
  for (const issue of issues) {
    const field = formFieldOf(issue.field)
    byField[field] = byField[field] ? `${byField[field]}; ${issue.message}` : issue.message
  }
  return byField
}
