// The AXL connector's own SOAP layer: envelopes from arguments, and responses parsed as they stream in,
// into the same shapes the soap package produced (text trimmed, null for empty elements, attributes
// beside `$value`, arrays for repeated elements, xsi:nil elements left out), whatever the chunking.
import { describe, expect, it } from 'vitest'
import { toAxlObject } from '../../src-main/connectors/axl/client'
import { CUCM_USER_OBJECTS } from '../../src-main/connectors/axl/objects'
import { requestEnvelope, SoapResponseParser, XmlSyntaxError } from '../../src-main/connectors/axl/soap'

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
