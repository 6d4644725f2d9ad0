import { closeSync, openSync, readSync } from 'node:fs'
import { UsageError } from './args'

/** UTF-8 spends at most four bytes on a character, so more bytes than this means too many characters. */
const MAX_BYTES_PER_CHAR = 4
const CHUNK_BYTES = 64 * 1024

/**
 * Reads a text file a user named on the command line, stopping as soon as it is longer than the
 * limit: `-g /dev/zero` or a log file given by mistake must fail at once, not fill memory first.
 * Errors name the option as typed and the rule.
 */
export function readTextFile(file: string, option: string, maxChars: number, help: string): string {
  const tooLong = (): UsageError =>
    new UsageError(`${option} ${file}: must be at most ${maxChars} characters`, help)
  const chunks: Buffer[] = []
  let total = 0
  let fd: number | undefined
  try {
    fd = openSync(file, 'r')
    for (;;) {
      const chunk = Buffer.alloc(CHUNK_BYTES)
      const read = readSync(fd, chunk, 0, CHUNK_BYTES, null)
      if (read === 0) break
      total += read
      if (total > maxChars * MAX_BYTES_PER_CHAR) throw tooLong()
      chunks.push(chunk.subarray(0, read))
    }
  } catch (error) {
    if (error instanceof UsageError) throw error
    throw new UsageError(`${option}: cannot read ${file}: ${(error as Error).message}`, help)
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (text.length > maxChars) throw tooLong()
  return text
}
