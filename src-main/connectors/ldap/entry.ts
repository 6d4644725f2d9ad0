// What a search returns, shared by the reply reader, the connection and the client (which
// re-exports it), so none of them needs to import another for the type alone.

/** One directory entry: its DN and attribute values (names lower-cased, values as text). */
export interface DirectoryEntry {
  dn: string
  attributes: Record<string, string[]>
}
