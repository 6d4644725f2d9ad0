// What the run log says when talking to a device fails: one wording for every synchronization.
import { AxlError } from '../connectors/axl/client'
import { networkFailure } from '../connectors/common/failure'
import { changedCertificate } from '../connectors/common/tls'
import { CupiError } from '../connectors/cupi/client'
import { UserError } from '../core/errors'
import { howToTrust } from '../devices/trustAdvice'

/**
 * Why connecting to `device` failed; a TLS failure at a pinned endpoint that now presents another
 * certificate says so with both fingerprints and how to trust the new one, as Test Connection does,
 * rather than "self-signed certificate".
 */
export async function connectFailureReason(
  error: unknown,
  device: string,
  endpoint: string,
  target: { host: string; port: number; pin?: { fingerprint: string } } | undefined
): Promise<string> {
  const network =
    error instanceof AxlError || error instanceof CupiError
      ? error.kind === 'network'
      : (error as { code?: string } | undefined)?.code !== undefined
  const reason = network ? networkFailure(error, endpoint).reason : undefined
  if (target?.pin && (reason === 'tls' || reason === 'tls-changed')) {
    const changed = await changedCertificate(
      target.host,
      target.port,
      target.pin.fingerprint,
      undefined,
      howToTrust(device)
    )
    if (changed) return changed.message
  }
  return failureReason(error, endpoint)
}

/** Why a request to a device failed, in words for the run log. */
export function failureReason(error: unknown, endpoint: string): string {
  if (error instanceof AxlError || error instanceof CupiError) {
    return error.kind === 'network' ? networkFailure(error, endpoint).message : error.message
  }
  if (error instanceof UserError) return error.message
  const code = (error as { code?: string } | undefined)?.code
  if (code) return networkFailure(error, endpoint).message
  return error instanceof Error ? error.message : String(error)
}
