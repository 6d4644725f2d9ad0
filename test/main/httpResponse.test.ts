// The incremental HTTP/1.1 response reader: framing by Content-Length, chunked coding or the
// connection's end, interim responses, keep-alive, header folding, and every malformed input refused
// with a message naming the problem. Each response is also fed split at every point, since a socket
// may deliver its bytes in any pieces.
import { describe, expect, it } from 'vitest'
import {
  HttpResponseError,
  HttpResponseReader,
  MAX_HEADER_BYTES,
  MAX_INTERIM_RESPONSES,
  type ResponseHead
} from '../../src-main/connectors/common/httpResponse'

interface Outcome {
  head: ResponseHead | undefined
  body: string
  /** Body pieces as handed on, to check that none is empty. */
  pieces: Buffer[]
  consumed: number
  complete: boolean
  keepAlive: boolean
}

/** Feeds the pieces in order, stopping once the reader leaves bytes unconsumed (response complete). */
function read(pieces: Buffer[], method = 'GET', end = false): Outcome {
  const body: Buffer[] = []
  const reader = new HttpResponseReader((chunk) => body.push(Buffer.from(chunk)), method)
  let consumed = 0
  for (const piece of pieces) {
    const used = reader.feed(piece)
    expect(used).toBeLessThanOrEqual(piece.length)
    consumed += used
    if (used < piece.length) break
  }
  if (end) reader.end()
  return {
    head: reader.head,
    body: Buffer.concat(body).toString('latin1'),
    pieces: body,
    consumed,
    complete: reader.complete,
    keepAlive: reader.keepAlive
  }
}

const whole = (text: string, method?: string, end?: boolean): Outcome =>
  read([Buffer.from(text, 'latin1')], method, end)

function byteByByte(text: string, method?: string, end?: boolean): Outcome {
  const data = Buffer.from(text, 'latin1')
  return read(
    Array.from(data, (_, i) => data.subarray(i, i + 1)),
    method,
    end
  )
}

function splitAt(text: string, at: number, method?: string, end?: boolean): Outcome {
  const data = Buffer.from(text, 'latin1')
  return read([data.subarray(0, at), data.subarray(at)], method, end)
}

/** Feeds the text whole and returns the error thrown. */
function failure(text: string | Buffer, method?: string): HttpResponseError {
  const reader = new HttpResponseReader(() => {}, method)
  try {
    reader.feed(typeof text === 'string' ? Buffer.from(text, 'latin1') : text)
  } catch (error) {
    return error as HttpResponseError
  }
  throw new Error('The reader accepted the input.')
}

/** Feeds the text in pieces of `size` bytes (one byte by default) and returns the error thrown. */
function failureByteByByte(text: string, size = 1): HttpResponseError {
  const reader = new HttpResponseReader(() => {})
  const data = Buffer.from(text, 'latin1')
  try {
    for (let i = 0; i < data.length; i += size) reader.feed(data.subarray(i, i + size))
  } catch (error) {
    return error as HttpResponseError
  }
  throw new Error('The reader accepted the input.')
}

function expectResponseError(error: Error, fragment: string): void {
  expect(error).toBeInstanceOf(HttpResponseError)
  expect((error as HttpResponseError).code).toBe('ERR_HTTP_RESPONSE')
  expect(error.name).toBe('HttpResponseError')
  expect(error.message).toContain(fragment)
}

function endError(outcomeReader: HttpResponseReader): Error & { code?: string } {
  try {
    outcomeReader.end()
  } catch (error) {
    return error as Error & { code?: string }
  }
  throw new Error('end() accepted an incomplete response.')
}

const CONTENT_LENGTH = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello world'
const CHUNKED =
  'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' +
  '5;name=value\r\nhello\r\n' +
  'A ; a=1;b="two"\r\n, chunked!\r\n' +
  '0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n'
const CHUNKED_NO_TRAILERS = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n'
const CONTINUE_THEN_OK =
  'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n' +
  'HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbody'
const NO_CONTENT = 'HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n'
const HEAD_RESPONSE = 'HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n'
const UNTIL_CLOSE = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nthe body until close'

describe('HttpResponseReader framing', () => {
  it('reads a body delimited by Content-Length', () => {
    const outcome = whole(CONTENT_LENGTH)
    expect(outcome.head?.status).toBe(200)
    expect(outcome.head?.headers['content-type']).toBe('text/plain')
    expect(outcome.body).toBe('hello world')
    expect(outcome.complete).toBe(true)
    expect(outcome.keepAlive).toBe(true)
    expect(outcome.consumed).toBe(Buffer.byteLength(CONTENT_LENGTH))
  })

  it('is not complete while part of a Content-Length body is missing', () => {
    const outcome = whole(CONTENT_LENGTH.slice(0, -1))
    expect(outcome.head?.status).toBe(200)
    expect(outcome.body).toBe('hello worl')
    expect(outcome.complete).toBe(false)
  })

  it('reads a chunked body, ignoring chunk extensions and trailer fields', () => {
    const outcome = whole(CHUNKED)
    expect(outcome.body).toBe('hello, chunked!')
    expect(outcome.complete).toBe(true)
    expect(outcome.keepAlive).toBe(true)
    expect(outcome.consumed).toBe(Buffer.byteLength(CHUNKED))
    // Trailers are not merged into the head.
    expect(outcome.head?.headers['x-checksum']).toBeUndefined()
  })

  it('reads a chunked body without trailers', () => {
    const outcome = whole(CHUNKED_NO_TRAILERS)
    expect(outcome.body).toBe('abc')
    expect(outcome.complete).toBe(true)
    expect(outcome.consumed).toBe(Buffer.byteLength(CHUNKED_NO_TRAILERS))
  })

  it('takes upper- and lower-case hexadecimal chunk sizes', () => {
    const data = 'x'.repeat(0x1f)
    const outcome = whole(
      `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1F\r\n${data}\r\n1f\r\n${data}\r\n0\r\n\r\n`
    )
    expect(outcome.body).toBe(data + data)
    expect(outcome.complete).toBe(true)
  })

  it('is not complete before the last chunk and its final CRLF', () => {
    expect(whole(CHUNKED_NO_TRAILERS.slice(0, -2)).complete).toBe(false)
    expect(whole(CHUNKED_NO_TRAILERS.slice(0, -1)).complete).toBe(false)
    expect(whole(CHUNKED.slice(0, -1)).complete).toBe(false)
  })

  it('accepts a transfer coding list ending in chunked, passing the coded body on', () => {
    const outcome = whole(
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n2\r\n\x1f\x8b\r\n0\r\n\r\n'
    )
    expect(outcome.body).toBe('\x1f\x8b')
    expect(outcome.complete).toBe(true)
  })

  it('does not consume bytes after a complete response', () => {
    const next = 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'
    for (const response of [CONTENT_LENGTH, CHUNKED, CHUNKED_NO_TRAILERS, NO_CONTENT]) {
      const outcome = whole(response + next)
      expect(outcome.complete).toBe(true)
      expect(outcome.consumed).toBe(Buffer.byteLength(response))
    }
    const head = whole(HEAD_RESPONSE + next, 'HEAD')
    expect(head.consumed).toBe(Buffer.byteLength(HEAD_RESPONSE))
  })

  it('consumes nothing once complete', () => {
    const reader = new HttpResponseReader(() => {})
    expect(reader.feed(Buffer.from(CONTENT_LENGTH))).toBe(Buffer.byteLength(CONTENT_LENGTH))
    expect(reader.feed(Buffer.from('more'))).toBe(0)
  })

  it('skips 100 Continue and 103 Early Hints before the final response', () => {
    const outcome = whole(CONTINUE_THEN_OK)
    expect(outcome.head?.status).toBe(200)
    expect(outcome.head?.headers).toEqual({ 'content-length': '4' })
    expect(outcome.body).toBe('body')
    expect(outcome.complete).toBe(true)
    expect(outcome.consumed).toBe(Buffer.byteLength(CONTINUE_THEN_OK))
  })

  it('waits for the final response after an interim one', () => {
    const outcome = whole('HTTP/1.1 100 Continue\r\n\r\n')
    expect(outcome.head).toBeUndefined()
    expect(outcome.complete).toBe(false)
  })

  it(`refuses more than ${MAX_INTERIM_RESPONSES} interim responses, which would keep the request waiting forever`, () => {
    const interim = 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n'
    const final = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'
    expect(whole(interim.repeat(MAX_INTERIM_RESPONSES / 2) + final).body).toBe('ok')
    const endless = interim.repeat(MAX_INTERIM_RESPONSES)
    expectResponseError(
      failure(`${endless}HTTP/1.1 100 Continue\r\n\r\n${final}`),
      `more than ${MAX_INTERIM_RESPONSES} interim (1xx) responses`
    )
  })

  it('refuses bytes that cannot start a status line as soon as they arrive', () => {
    // A server sending garbage slowly would otherwise hold the request until 64 KiB had come.
    const reader = new HttpResponseReader(() => {})
    reader.feed(Buffer.from('HTT'))
    expectResponseError(
      (() => {
        try {
          reader.feed(Buffer.from('Q'))
        } catch (error) {
          return error as Error
        }
        throw new Error('The reader accepted the input.')
      })(),
      'Not an HTTP/1.x status line: "HTTQ"'
    )
    expectResponseError(failure('\x16\x03\x01\x02\x00'), 'Not an HTTP/1.x status line')
  })

  it('refuses 101 Switching Protocols', () => {
    expectResponseError(
      failure('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'),
      'switched protocols (HTTP 101)'
    )
  })

  it('reads no body for 204 whatever its headers say', () => {
    const outcome = whole(NO_CONTENT + 'hello')
    expect(outcome.head?.status).toBe(204)
    expect(outcome.body).toBe('')
    expect(outcome.complete).toBe(true)
    expect(outcome.consumed).toBe(Buffer.byteLength(NO_CONTENT))
  })

  it('reads no body for 304 even with chunked coding announced', () => {
    const text = 'HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n'
    const outcome = whole(text + '5\r\nhello\r\n0\r\n\r\n')
    expect(outcome.head?.status).toBe(304)
    expect(outcome.body).toBe('')
    expect(outcome.consumed).toBe(Buffer.byteLength(text))
  })

  it('reads no body for a response to HEAD with a Content-Length', () => {
    const outcome = whole(HEAD_RESPONSE, 'HEAD')
    expect(outcome.head?.headers['content-length']).toBe('1234')
    expect(outcome.body).toBe('')
    expect(outcome.complete).toBe(true)
    // The same bytes answering GET announce a body still to come.
    expect(whole(HEAD_RESPONSE, 'GET').complete).toBe(false)
  })

  it('completes a Content-Length of 0 without any body byte', () => {
    const outcome = whole('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n')
    expect(outcome.complete).toBe(true)
    expect(outcome.pieces).toEqual([])
  })

  it('reads a body delimited by the connection end, which ends the connection', () => {
    const body: string[] = []
    const outcome = new HttpResponseReader((chunk) => body.push(chunk.toString()))
    expect(outcome.feed(Buffer.from(UNTIL_CLOSE))).toBe(Buffer.byteLength(UNTIL_CLOSE))
    expect(outcome.feed(Buffer.from(' and more'))).toBe(9)
    expect(outcome.complete).toBe(false)
    expect(outcome.keepAlive).toBe(false)
    outcome.end()
    expect(outcome.complete).toBe(true)
    expect(body.join('')).toBe('the body until close and more')
  })

  it('hands body bytes on as they arrive, never an empty piece', () => {
    for (const text of [CONTENT_LENGTH, CHUNKED, UNTIL_CLOSE]) {
      const outcome = byteByByte(text)
      expect(outcome.pieces.length).toBeGreaterThan(1)
      for (const piece of outcome.pieces) expect(piece.length).toBe(1)
    }
  })
})

describe('HttpResponseReader split anywhere', () => {
  const cases: { name: string; text: string; method?: string; end?: boolean; trailing?: string }[] = [
    { name: 'Content-Length', text: CONTENT_LENGTH },
    { name: 'chunked with extensions and trailers', text: CHUNKED },
    { name: 'chunked without trailers', text: CHUNKED_NO_TRAILERS },
    { name: '100 Continue then 200', text: CONTINUE_THEN_OK },
    { name: '204', text: NO_CONTENT },
    { name: 'HEAD', text: HEAD_RESPONSE, method: 'HEAD' },
    { name: 'until close', text: UNTIL_CLOSE, end: true },
    {
      name: 'chunked followed by the next response',
      text: CHUNKED,
      trailing: 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'
    },
    { name: 'Content-Length followed by garbage', text: CONTENT_LENGTH, trailing: 'garbage' }
  ]

  for (const c of cases) {
    it(`gives the same result for a ${c.name} response fed whole, byte by byte, or split in two`, () => {
      const text = c.text + (c.trailing ?? '')
      const reference = whole(text, c.method, c.end)
      expect(reference.complete).toBe(true)
      expect(reference.consumed).toBe(Buffer.byteLength(c.text))
      const expected = {
        head: reference.head,
        body: reference.body,
        consumed: reference.consumed,
        complete: true,
        keepAlive: reference.keepAlive
      }
      const project = (o: Outcome) => ({
        head: o.head,
        body: o.body,
        consumed: o.consumed,
        complete: o.complete,
        keepAlive: o.keepAlive
      })
      expect(project(byteByByte(text, c.method, c.end))).toEqual(expected)
      for (let at = 0; at <= text.length; at++)
        expect(project(splitAt(text, at, c.method, c.end)), `split at ${at}`).toEqual(expected)
    })
  }
})

describe('HttpResponseReader keep-alive', () => {
  it('keeps an HTTP/1.1 connection alive by default', () => {
    expect(whole(CONTENT_LENGTH).keepAlive).toBe(true)
  })

  it('does not keep an HTTP/1.0 connection alive without Connection: keep-alive', () => {
    expect(whole('HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok').keepAlive).toBe(false)
    expect(whole('HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok').keepAlive).toBe(
      true
    )
  })

  it('does not keep the connection alive after Connection: close', () => {
    expect(whole('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok').keepAlive).toBe(false)
    expect(whole('HTTP/1.1 200 OK\r\nConnection: Close\r\nContent-Length: 2\r\n\r\nok').keepAlive).toBe(false)
    expect(whole('HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok').keepAlive).toBe(
      true
    )
  })

  it('does not reuse a connection whose response had Content-Length beside chunked coding', () => {
    const outcome = whole(
      'HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n'
    )
    // The length is ignored: the chunked framing decides where the body ends.
    expect(outcome.body).toBe('ok')
    expect(outcome.complete).toBe(true)
    expect(outcome.keepAlive).toBe(false)
  })
})

describe('HttpResponseReader headers', () => {
  it('lower-cases header names and trims values', () => {
    const outcome = whole('HTTP/1.1 200 OK\r\nX-Request-ID:   abc  \r\nCONTENT-LENGTH: 0\r\n\r\n')
    expect(outcome.head?.headers).toEqual({ 'x-request-id': 'abc', 'content-length': '0' })
  })

  it('collects repeated Set-Cookie into a list and joins other repeated headers with ", "', () => {
    const outcome = whole(
      'HTTP/1.1 200 OK\r\nSet-Cookie: a=1; Path=/\r\nVary: Accept\r\nset-cookie: b=2, c\r\n' +
        'vary: Cookie\r\nVary: Origin\r\nContent-Length: 0\r\n\r\n'
    )
    expect(outcome.head?.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2, c'])
    expect(outcome.head?.headers.vary).toBe('Accept, Cookie, Origin')
  })

  it('gives a single Set-Cookie as a list too', () => {
    const outcome = whole('HTTP/1.1 200 OK\r\nSet-Cookie: JSESSIONID=x\r\nContent-Length: 0\r\n\r\n')
    expect(outcome.head?.headers['set-cookie']).toEqual(['JSESSIONID=x'])
  })

  it('accepts a status line without a reason phrase and an empty header section', () => {
    const outcome = whole('HTTP/1.1 404\r\n\r\n')
    expect(outcome.head).toEqual({ status: 404, headers: {} })
  })
})

describe('HttpResponseReader end of connection', () => {
  it('fails with ECONNRESET when the connection ends inside a Content-Length body', () => {
    const reader = new HttpResponseReader(() => {})
    reader.feed(Buffer.from(CONTENT_LENGTH.slice(0, -3)))
    const error = endError(reader)
    expect(error.code).toBe('ECONNRESET')
    expect(error.message).toContain('closed before the whole response arrived')
  })

  it('fails with ECONNRESET when the connection ends inside a chunked body', () => {
    for (const cut of [CHUNKED.indexOf('hello') + 2, CHUNKED.indexOf('0\r\nX-'), CHUNKED.length - 1]) {
      const reader = new HttpResponseReader(() => {})
      reader.feed(Buffer.from(CHUNKED.slice(0, cut)))
      expect(reader.head?.status).toBe(200)
      expect(endError(reader).code, `cut at ${cut}`).toBe('ECONNRESET')
    }
  })

  it('fails with ECONNRESET when the connection ends inside the header section or before it', () => {
    const partial = new HttpResponseReader(() => {})
    partial.feed(Buffer.from('HTTP/1.1 200 OK\r\nContent-Le'))
    expect(endError(partial).code).toBe('ECONNRESET')
    expect(endError(new HttpResponseReader(() => {})).code).toBe('ECONNRESET')
  })

  it('accepts the connection ending after a complete response', () => {
    const reader = new HttpResponseReader(() => {})
    reader.feed(Buffer.from(CHUNKED))
    expect(() => reader.end()).not.toThrow()
    expect(reader.complete).toBe(true)
  })
})

describe('HttpResponseReader malformed responses', () => {
  it('refuses a malformed status line', () => {
    expectResponseError(failure('HTTP/2 200 OK\r\n\r\n'), 'Not an HTTP/1.x status line: "HTTP/2 200 OK"')
    expectResponseError(failure('HTTP/1.1 20 OK\r\n\r\n'), 'Not an HTTP/1.x status line')
    expectResponseError(failure('HTTP/1.1 200OK\r\n\r\n'), 'Not an HTTP/1.x status line')
    expectResponseError(failure('SSH-2.0-OpenSSH_9.6\r\n\r\n'), 'Not an HTTP/1.x status line')
  })

  it('refuses a status code under 100', () => {
    expectResponseError(failure('HTTP/1.1 099 Odd\r\n\r\n'), 'Not an HTTP status code: 099')
  })

  it('refuses a header line without a colon', () => {
    expectResponseError(
      failure('HTTP/1.1 200 OK\r\nContent-Length 5\r\n\r\nhello'),
      'A malformed header line in the response: "Content-Length 5"'
    )
  })

  it('refuses a header name with a space in it, before the colon, or empty', () => {
    expectResponseError(failure('HTTP/1.1 200 OK\r\nContent Length: 5\r\n\r\n'), 'malformed header line')
    expectResponseError(failure('HTTP/1.1 200 OK\r\nContent-Length : 5\r\n\r\n'), 'malformed header line')
    expectResponseError(failure('HTTP/1.1 200 OK\r\n: 5\r\n\r\n'), 'malformed header line')
    // A folded continuation line (obsolete line folding) is refused rather than guessed at.
    expectResponseError(failure('HTTP/1.1 200 OK\r\nX-A: 1\r\n  2\r\n\r\n'), 'malformed header line')
  })

  it('refuses an invalid chunk size', () => {
    const prefix = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'
    expectResponseError(failure(`${prefix}zz\r\nhello\r\n0\r\n\r\n`), 'Not a chunk size: "zz"')
    expectResponseError(failure(`${prefix}-5\r\nhello\r\n`), 'Not a chunk size')
    expectResponseError(failure(`${prefix}\r\nhello\r\n`), 'Not a chunk size')
    expectResponseError(failure(`${prefix}1234567890123\r\n`), 'Not a chunk size')
    expectResponseError(failure(`${prefix}5\nhello\r\n`), 'does not end in CRLF')
  })

  it('refuses chunk data not followed by CRLF', () => {
    const prefix = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'
    expectResponseError(failure(`${prefix}3\r\nabcd\r\n0\r\n\r\n`), 'not followed by CRLF')
    expectResponseError(failure(`${prefix}3\r\nabc\rX0\r\n\r\n`), 'not followed by CRLF')
    expectResponseError(failureByteByByte(`${prefix}3\r\nabc\n0\r\n\r\n`), 'not followed by CRLF')
  })

  it('refuses conflicting Content-Length values but accepts repeated equal ones', () => {
    expectResponseError(
      failure('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!'),
      `The response's Content-Length "5, 6" is not one number.`
    )
    expectResponseError(failure('HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello!'), 'is not one number')
    const repeated = whole('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello')
    expect(repeated.body).toBe('hello')
    expect(repeated.complete).toBe(true)
  })

  it('refuses a non-numeric Content-Length', () => {
    for (const value of ['five', '-1', '+5', '0x10', '1.5', '', '1234567890123456'])
      expectResponseError(
        failure(`HTTP/1.1 200 OK\r\nContent-Length: ${value}\r\n\r\n`),
        `Content-Length "${value}" is not one number`
      )
  })

  it('refuses a transfer coding that does not end in chunked', () => {
    expectResponseError(
      failure('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n'),
      `transfer coding "chunked, gzip" does not end in chunked`
    )
    expectResponseError(
      failure('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n'),
      'does not end in chunked'
    )
  })

  it('refuses a header section over 64 KiB that ends in a blank line', () => {
    const text = `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(MAX_HEADER_BYTES)}\r\nContent-Length: 0\r\n\r\n`
    expectResponseError(failure(text), `The response's header section is over ${MAX_HEADER_BYTES} bytes.`)
    expectResponseError(failureByteByByte(text, 7), 'header section is over 65536 bytes')
  })

  it('joins a header section fed a byte at a time once, not on every read', () => {
    // Joining the kept bytes with each new one copied 2 GB for a 64 KiB section (4.3 s of CPU).
    const text = `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(MAX_HEADER_BYTES - 100)}\r\nContent-Length: 2\r\n\r\nok`
    let copied = 0
    // eslint-disable-next-line @typescript-eslint/unbound-method -- restored as it was
    const original = Buffer.concat
    const concat = original.bind(Buffer)
    Buffer.concat = (list, length) => {
      const joined = concat(list, length)
      copied += joined.length
      return joined
    }
    const body: Buffer[] = []
    const reader = new HttpResponseReader((chunk) => body.push(Buffer.from(chunk)))
    const data = Buffer.from(text, 'latin1')
    try {
      for (let i = 0; i < data.length; i++) reader.feed(data.subarray(i, i + 1))
    } finally {
      Buffer.concat = original
    }
    expect(reader.complete).toBe(true)
    expect(Buffer.concat(body).toString()).toBe('ok')
    expect(copied).toBeLessThan(4 * text.length)
  })

  it('refuses a header section over 64 KiB still without its blank line', () => {
    const text = `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(MAX_HEADER_BYTES)}`
    expectResponseError(failure(text), 'header section is over 65536 bytes')
    // Arriving in pieces, it is refused as soon as the limit is passed, not held without bound.
    const reader = new HttpResponseReader(() => {})
    reader.feed(Buffer.from('HTTP/1.1 200 OK\r\nX-Big: '))
    let fed = 0
    let error: Error | undefined
    try {
      for (; fed < 2 * MAX_HEADER_BYTES; fed += 1024) reader.feed(Buffer.alloc(1024, 'a'))
    } catch (e) {
      error = e as Error
    }
    expect(error).toBeDefined()
    expectResponseError(error as Error, 'header section is over')
    expect(fed).toBeLessThanOrEqual(MAX_HEADER_BYTES)
  })

  it('accepts a header section just under 64 KiB', () => {
    const start = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Big: '
    const text = `${start}${'a'.repeat(MAX_HEADER_BYTES - 100 - start.length)}\r\n\r\nok`
    const outcome = whole(text)
    expect(outcome.body).toBe('ok')
    expect(outcome.complete).toBe(true)
  })

  it('accepts a header section of exactly 64 KiB however its blank line is split', () => {
    const start = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Big: '
    const text = `${start}${'a'.repeat(MAX_HEADER_BYTES - start.length)}\r\n\r\nok`
    for (let at = MAX_HEADER_BYTES - 1; at <= MAX_HEADER_BYTES + 4; at++)
      expect(splitAt(text, at).body, `split at ${at}`).toBe('ok')
    expectResponseError(
      failure(`${start}${'a'.repeat(MAX_HEADER_BYTES + 1 - start.length)}\r\n\r\n`),
      'header section is over'
    )
  })

  it('refuses a trailer section over 64 KiB', () => {
    const text =
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n' +
      `X-Big: ${'a'.repeat(MAX_HEADER_BYTES)}\r\n\r\n`
    expectResponseError(failure(text), 'trailer section is over 65536 bytes')
  })

  it('refuses a chunk-size line over 4 KiB arriving in pieces', () => {
    const prefix = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'
    const text = `${prefix}1;ext=${'x'.repeat(5000)}\r\na\r\n0\r\n\r\n`
    expectResponseError(failureByteByByte(text), 'A chunk-size line of the response is over 4096 bytes.')
    // Without its line end yet, in one read.
    expectResponseError(
      failure(`${prefix}1;ext=${'x'.repeat(5000)}`),
      'chunk-size line of the response is over'
    )
    // A long extension under the limit is fine.
    expect(whole(`${prefix}1;ext=${'x'.repeat(4000)}\r\na\r\n0\r\n\r\n`).body).toBe('a')
  })

  it('refuses a chunk-size line over 4 KiB arriving in one read with its CRLF', () => {
    const text = `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;ext=${'x'.repeat(5000)}\r\na\r\n0\r\n\r\n`
    expectResponseError(failure(text), 'chunk-size line of the response is over 4096 bytes')
  })
})
