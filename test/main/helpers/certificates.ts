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

export interface IssuedCertificate extends TestCertificate {
  /** The issuing CA's certificate, as PEM: what a server that sends its chain adds after the leaf. */
  issuer: string
}

/** A private CA, like an Active Directory Certificate Services root. */
export async function certificateAuthority(commonName = 'Lab Root CA'): Promise<TestCertificate> {
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true }
    ]
  })
  return {
    key: pems.private,
    cert: pems.cert,
    fingerprint: formatFingerprint(new X509Certificate(pems.cert).fingerprint256)
  }
}

/** A server (leaf) certificate for 127.0.0.1 issued by `ca`, like a domain controller's. */
export async function issuedCertificate(
  ca: TestCertificate,
  commonName = 'dc1.lab.example'
): Promise<IssuedCertificate> {
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keySize: 2048,
    algorithm: 'sha256',
    ca: { key: ca.key, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: commonName },
          { type: 7, ip: '127.0.0.1' }
        ]
      }
    ]
  })
  return {
    key: pems.private,
    cert: pems.cert,
    issuer: ca.cert,
    fingerprint: formatFingerprint(new X509Certificate(pems.cert).fingerprint256)
  }
}
