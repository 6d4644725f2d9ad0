import { generate } from 'selfsigned'
import { X509Certificate } from 'node:crypto'
import { formatFingerprint } from '../../../src-main/connectors/common/tls'

export interface TestCertificate {
  key: string
  cert: string
  fingerprint: string
}

/** A fresh self-signed server certificate, like an appliance's default Tomcat certificate. */
export async function selfSignedCertificate(commonName = 'cucm-pub.example.test'): Promise<TestCertificate> {
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: commonName }] }
    ]
  })
  return {
    key: pems.private,
    cert: pems.cert,
    fingerprint: formatFingerprint(new X509Certificate(pems.cert).fingerprint256)
  }
}
