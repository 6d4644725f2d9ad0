// Where a JSON text goes wrong, for files people edit by hand. JSON.parse says so only sometimes (V8
// gives a position for some mistakes, a quoted excerpt for others), so the text is scanned again.

export interface JsonSyntaxProblem {
  /** 1-based, counted in characters. */
  line: number
  column: number
  problem: string
}

/** Deeper than this is no order file; stops the scan before the stack does. */
const MAX_DEPTH = 512

/** Unwinds the scan from wherever it is to the first mistake's place. */
class Stop extends Error {
  constructor(
    readonly offset: number,
    readonly problem: string
  ) {
    super(problem)
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y

/** The first syntax mistake in `text`, or undefined when it is valid JSON. */
export function jsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  let at = 0
  const found = (): string => (at >= text.length ? 'the end of the file' : JSON.stringify(text[at]))
  const stop = (problem: string): never => {
    throw new Stop(at, problem)
  }
  const space = (): void => {
    while (at < text.length && ' \t\n\r'.includes(text[at])) at++
  }
  const string = (): void => {
    at++
    for (;;) {
      if (at >= text.length) stop('a string is not closed (")')
      const c = text[at]
      if (c === '"') {
        at++
        return
      }
      if (c === '\\') {
        const escape = text[at + 1] ?? ''
        if (
          escape === 'u'
            ? !/^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))
            : !'"\\/bfnrt'.includes(escape)
        )
          stop('a backslash in a string must start an escape (\\", \\\\, \\n, \\uXXXX …)')
        at += escape === 'u' ? 6 : 2
      } else if (c < ' ') stop('a string may not hold a line break or tab as it is (write \\n or \\t)')
      else at++
    }
  }
  const members = (close: string, member: () => void, depth: number): void => {
    if (depth > MAX_DEPTH) stop(`nested more than ${MAX_DEPTH} deep`)
    at++
    space()
    if (text[at] === close) {
      at++
      return
    }
    for (;;) {
      member()
      space()
      if (text[at] === close) {
        at++
        return
      }
      if (text[at] !== ',') stop(`expected "," or "${close}", found ${found()}`)
      at++
      space()
      if (text[at] === close) stop(`a "," must be followed by another entry, not "${close}"`)
    }
  }
  const value = (depth: number): void => {
    space()
    const c = text[at]
    if (c === '{')
      return members(
        '}',
        () => {
          space()
          if (text[at] !== '"') stop(`expected a property name in double quotes, found ${found()}`)
          string()
          space()
          if (text[at] !== ':') stop(`expected ":" after the property name, found ${found()}`)
          at++
          value(depth + 1)
        },
        depth
      )
    if (c === '[') return members(']', () => value(depth + 1), depth)
    if (c === '"') return string()
    NUMBER.lastIndex = at
    if (NUMBER.test(text)) {
      at = NUMBER.lastIndex
      return
    }
    for (const literal of ['true', 'false', 'null'])
      if (text.startsWith(literal, at)) {
        at += literal.length
        return
      }
    stop(`expected a value (an object, list, string, number, true, false or null), found ${found()}`)
  }
  try {
    value(0)
    space()
    if (at < text.length) stop(`expected the end of the file after the value, found ${found()}`)
    return undefined
  } catch (error) {
    if (!(error instanceof Stop)) throw error
    const lines = text.slice(0, error.offset).split('\n')
    return { line: lines.length, column: lines[lines.length - 1].length + 1, problem: error.problem }
  }
}
