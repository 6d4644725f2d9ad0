// Text from a file or a server that is about to be shown: a terminal obeys escape sequences (colours,
// cursor moves, window titles, even writes to the clipboard) and bidirectional overrides reorder what
// a person reads, so neither may reach the screen as the sender wrote it.

/**
 * C0 and C1 controls (ESC and CSI among them), DEL, and the Unicode bidirectional controls: the
 * embeddings and overrides, the isolates and the implicit marks.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

const escapeChar = (char: string): string => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`

/**
 * The text with every control character spelled out as `\uXXXX`, so it shows what was there; cut at
 * `maxLength` characters (with an ellipsis) where a sentence quotes it.
 */
export function printable(text: string, maxLength = Infinity): string {
  const shown = text.replace(UNPRINTABLE, escapeChar)
  return shown.length > maxLength ? `${shown.slice(0, maxLength)}…` : shown
}

/** The controls JSON.stringify leaves as they are (it escapes C0 only): C1, DEL and bidirectional. */
const LEFT_BY_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/**
 * JSON for a terminal: the same document as JSON.stringify's (the controls can only stand inside
 * strings, where `\uXXXX` means the same character), with nothing a terminal would obey.
 */
export function printableJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(LEFT_BY_JSON, escapeChar)
}
