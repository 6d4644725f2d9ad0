import { X509Certificate } from 'node:crypto'
import { generate } from 'selfsigned'
import { formatFingerprint } from '../connectors/common/tls'

export interface ServerCertificate {
  key: string
  cert: string
  fingerprint: string
}

/**
 * A fresh self-signed certificate per lab server and start, like an appliance's default Tomcat
 * certificate: clients must pin it (trust on first use), which exercises the real TLS path.
 */
export async function labCertificate(commonName: string): Promise<ServerCertificate> {
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: commonName },
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' }
        ]
      }
    ]
  })
  return {
    key: pems.private,
    cert: pems.cert,
    fingerprint: formatFingerprint(new X509Certificate(pems.cert).fingerprint256)
  }
}
