// The AXL connector's own SOAP layer: envelopes from arguments, and responses parsed as they stream in,
// into the same shapes the soap package produced (text trimmed, null for empty elements, attributes
// beside `$value`, arrays for repeated elements, xsi:nil elements left out), whatever the chunking.
import { describe, expect, it } from 'vitest'
import { toAxlObject } from '../../src-main/connectors/axl/client'
import { CUCM_USER_OBJECTS } from '../../src-main/connectors/axl/objects'
import {
  requestEnvelope,
  SOAP_LIMITS,
  SoapResponseParser,
  XmlSyntaxError
} from '../../src-main/connectors/axl/soap'

const USER = CUCM_USER_OBJECTS.find((s) => s.type === 'User')!

function response(inner: string): string {
  return (
    `<?xml version='1.0' encoding='UTF-8'?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">` +
    `<soapenv:Body><ns:listUserResponse xmlns:ns="http://www.cisco.com/AXL/API/15.0"><return>${inner}</return>` +
    `</ns:listUserResponse></soapenv:Body></soapenv:Envelope>`
  )
}

function parse(xml: string, chunk = xml.length): Record<string, unknown> {
  const parser = new SoapResponseParser()
  for (let i = 0; i < xml.length; i += chunk) parser.write(xml.slice(i, i + chunk))
  return parser.end()
}

function returned(xml: string, chunk?: number): unknown {
  const document = parse(xml, chunk) as {
    Envelope: { Body: { listUserResponse: { return: unknown } } }
  }
  return document.Envelope.Body.listUserResponse.return
}

const SAMPLE = response(
  `<user uuid="{a-1}"><firstName>Zo&#235; &amp; &lt;x&gt;</firstName><middleName></middleName><lastName/>` +
    `<manager uuid="{m-1}"></manager><primaryExtension><pattern>1000</pattern>` +
    `<routePartitionName uuid="{p-1}">PT-Internal</routePartitionName></primaryExtension>` +
    `<title>  spaced  </title><mobileNumber><![CDATA[<cdata> & ]]></mobileNumber>` +
    `<telephoneNumber>+1<!-- a comment -->555</telephoneNumber><userIdentity><x>1</x><x>2</x></userIdentity>` +
    `<serviceProfile>\n  multi\nline </serviceProfile><labOnly>from a newer release</labOnly></user>` +
    `<user><userid>nil</userid><directoryUri xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/></user>`
)

describe('SoapResponseParser', () => {
  it('builds the shapes the soap package built', () => {
    expect(returned(SAMPLE)).toEqual({
      user: [
        {
          attributes: { uuid: '{a-1}' },
          firstName: 'Zoë & <x>',
          middleName: null,
          lastName: null,
          manager: { attributes: { uuid: '{m-1}' } },
          primaryExtension: {
            pattern: '1000',
            routePartitionName: { attributes: { uuid: '{p-1}' }, $value: 'PT-Internal' }
          },
          title: 'spaced',
          mobileNumber: '<cdata> &',
          telephoneNumber: '+1555',
          userIdentity: { x: ['1', '2'] },
          serviceProfile: 'multi\nline',
          labOnly: 'from a newer release'
        },
        { userid: 'nil' }
      ]
    })
  })

  it('gives the same result however the document is cut into chunks', () => {
    const whole = returned(SAMPLE)
    for (const chunk of [1, 2, 3, 5, 8, 13, 64]) expect(returned(SAMPLE, chunk)).toEqual(whole)
  })

  it('reads what the connector makes of it: uuid, requested fields, unexpected elements', () => {
    const [first] = (returned(SAMPLE) as { user: Record<string, unknown>[] }).user
    expect(toAxlObject(USER, first)).toEqual({
      uuid: '{A-1}',
      fields: {
        firstName: 'Zoë & <x>',
        middleName: '',
        lastName: '',
        manager: {},
        primaryExtension: { pattern: '1000', routePartitionName: 'PT-Internal' },
        serviceProfile: 'multi\nline',
        telephoneNumber: '+1555',
        title: 'spaced',
        mobileNumber: '<cdata> &',
        userIdentity: { x: ['1', '2'] }
      },
      unexpected: ['labOnly']
    })
  })

  it('gives an empty page as a null return', () => {
    expect(returned(response(''))).toBeNull()
  })

  it.each([
    ['a document cut short', response('<user><userid>a</userid></user>').slice(0, -40), /ends/],
    ['a mismatched end tag', response('<user><userid>a</user></userid>'), /does not close/],
    ['an unknown entity', response('<user><userid>&nbsp;</userid></user>'), /entity/],
    ['a bare ampersand', response('<user><userid>a & b</userid></user>'), /entity/],
    ['a character reference past Unicode', response('<user><userid>&#1114112;</userid></user>'), /code/],
    ['text beside elements', response('<user>text<userid>a</userid></user>'), /mixes text and elements/],
    ['a document type declaration', `<!DOCTYPE x [<!ENTITY a "b">]>${response('')}`, /Document type/],
    ['two document elements', `${response('')}<extra/>`, /second document element/],
    ['no element at all', '<?xml version="1.0"?>', /no element/],
    ['a tag without a name', response('<user>< userid>a</userid></user>'), /without a name/],
    ['a slash inside a tag name', response('<user><user/id>a</user/id></user>'), /malformed tag/],
    ['an attribute without a value', response('<user><userid lang>a</userid></user>'), /malformed tag/]
  ])('refuses %s', (_what, xml, message) => {
    expect(() => parse(xml)).toThrow(XmlSyntaxError)
    expect(() => parse(xml)).toThrow(message)
  })
})

describe('SoapResponseParser limits (issue 28: hostile servers)', () => {
  const MIB = 1024 * 1024
  /** Feeds `xml` in pieces of `size` characters and returns the error thrown. */
  function refusal(xml: string, size: number, limits = SOAP_LIMITS): Error {
    const parser = new SoapResponseParser(limits)
    try {
      for (let i = 0; i < xml.length; i += size) parser.write(xml.slice(i, i + size))
      parser.end()
    } catch (error) {
      return error as Error
    }
    throw new Error('The parser accepted the document.')
  }
  const nested = (depth: number): string => '<a>'.repeat(depth) + '</a>'.repeat(depth)

  it(`accepts elements nested ${SOAP_LIMITS.maxDepth} deep and refuses one more`, () => {
    expect(() => parse(nested(SOAP_LIMITS.maxDepth))).not.toThrow()
    for (const size of [1 << 20, 7]) {
      const error = refusal(nested(SOAP_LIMITS.maxDepth + 1), size)
      expect(error).toBeInstanceOf(XmlSyntaxError)
      expect(error.message).toBe(`The response nests elements more than ${SOAP_LIMITS.maxDepth} deep`)
    }
    // An endless nesting is refused at the limit, not when memory runs out.
    expect(refusal('<a>'.repeat(1_000_000), 4096).message).toMatch(/more than 64 deep/)
  })

  it('refuses a text, attribute value, comment or CDATA section over 1 MiB, whole or in pieces', () => {
    const big = 'x'.repeat(MIB + 1)
    for (const [what, xml] of [
      ['text', response(`<user><userid>${big}</userid></user>`)],
      ['text without its end', response(`<user><userid>${big}`)],
      ['attribute value', response(`<user uuid="${big}"/>`)],
      ['comment', response(`<!--${big}-->`)],
      ['CDATA section', response(`<user><userid><![CDATA[${big}]]></userid></user>`)]
    ])
      for (const size of [xml.length, 4096, 65_536]) {
        const error = refusal(xml, size)
        expect(error, `${what} in pieces of ${size}`).toBeInstanceOf(XmlSyntaxError)
        expect(error.message, `${what} in pieces of ${size}`).toMatch(/longer than 1048576 characters/)
      }
    // Text of one element split by comments or CDATA sections counts as one.
    const split = `<![CDATA[${'y'.repeat(MIB / 2)}]]><!-- -->`.repeat(3)
    expect(refusal(response(`<user><userid>${split}</userid></user>`), 8192).message).toBe(
      'The text of <userid> is longer than 1048576 characters'
    )
    expect(returned(response(`<user><userid>${'z'.repeat(MIB - 10)}</userid></user>`), 4096)).toMatchObject({
      user: { userid: 'z'.repeat(MIB - 10) }
    })
  })

  it(`refuses a response of more than ${SOAP_LIMITS.maxElements} elements`, () => {
    const limits = { ...SOAP_LIMITS, maxElements: 1000 }
    const items = (n: number): string => response(Array.from({ length: n }, (_, i) => `<u${i}/>`).join(''))
    // Envelope, Body, listUserResponse and return are elements too.
    expect(() => {
      const parser = new SoapResponseParser(limits)
      parser.write(items(996))
      parser.end()
    }).not.toThrow()
    expect(refusal(items(997), 100, limits).message).toBe('The response holds more than 1000 elements')
  })
})

describe('requestEnvelope', () => {
  it('writes the arguments in order, escaped, in the namespace of the version', () => {
    expect(
      requestEnvelope('listChange', '14.0', {
        startChangeId: { attributes: { queueId: 'q"1' }, $value: 7 },
        objectList: { object: ['Phone', 'Line'] },
        note: 'a < b & c'
      })
    ).toBe(
      '<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
        'xmlns:axl="http://www.cisco.com/AXL/API/14.0"><soapenv:Body><axl:listChange>' +
        '<startChangeId queueId="q&quot;1">7</startChangeId><objectList><object>Phone</object><object>Line</object></objectList>' +
        '<note>a &lt; b &amp; c</note></axl:listChange></soapenv:Body></soapenv:Envelope>'
    )
  })

  it('refuses an operation name that is not one', () => {
    expect(() => requestEnvelope('list User', '15.0', {})).toThrow('Not an AXL operation name: list User')
  })
})
