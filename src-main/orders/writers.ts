import { AxlWriter } from '../connectors/axl/writes'
import { CupiWriter } from '../connectors/cupi/writes'
import { UserError } from '../core/errors'
import type { DeviceService } from '../devices/service'
import type { SecretBox } from '../secrets/secretBox'
import type { Store } from '../store'
import type { Writers } from './prepare'

/**
 * The writers of one execution, one per device, connected when first needed. A preview's (a dry
 * run's) read and build requests but send none, whatever the device allows.
 */
export function openWriters(
  deps: { store: Store; devices: DeviceService; secrets: Pick<SecretBox, 'decrypt'> },
  mode: 'write' | 'preview'
): Writers & { close(): void } {
  const open = new Map<string, Promise<AxlWriter | CupiWriter>>()
  const row = (name: string) => {
    const device = deps.store.devices.byName(name)
    if (!device) throw new Error(`The device ${name} no longer exists.`)
    return device
  }
  const connect = <W extends AxlWriter | CupiWriter>(name: string, make: () => Promise<W>): Promise<W> => {
    const key = name.toLowerCase()
    let writer = open.get(key)
    if (!writer) {
      writer = make()
      open.set(key, writer)
    }
    return writer as Promise<W>
  }
  const options = (name: string) => ({ target: deps.devices.connectionTarget(name) })
  return {
    axl: (name) =>
      connect(name, () =>
        mode === 'write'
          ? AxlWriter.connect(row(name), options(name))
          : AxlWriter.connectPreview(row(name), options(name))
      ),
    cupi: (name) =>
      connect(name, () =>
        mode === 'write'
          ? CupiWriter.connect(row(name), options(name))
          : CupiWriter.connectPreview(row(name), options(name))
      ),
    reveal: (sealed) => {
      try {
        return deps.secrets.decrypt(sealed)
      } catch {
        // Sealed by a program whose key this one cannot use (the desktop app's keychain, another
        // installation): the PIN is gone for good, so only a new order can set it.
        throw new UserError(
          'SECRET_UNAVAILABLE',
          'The PIN of this step was sealed where this program cannot open it (the desktop app keeps it in the operating system keychain): make a new order with the PIN.'
        )
      }
    },
    close: () => {
      for (const writer of open.values()) void writer.then((w) => w.close()).catch(() => undefined)
    }
  }
}
