// The layer rules of eslint.config.mjs (issue 27 item 2), run on deliberate violations: each probe
// is linted as if it were a file at that place in the tree, so a rule that stops matching fails here.
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ESLint, type Linter } from 'eslint'
import tseslint from 'typescript-eslint'
import { describe, expect, it } from 'vitest'

// The project's own configuration file, loaded as ESLint loads it.
const configUrl = pathToFileURL(resolve(__dirname, '../../eslint.config.mjs')).href
const config = ((await import(configUrl)) as { default: Linter.Config[] }).default
const layers = config.find((block) => block.plugins?.['import-x'] !== undefined)

async function problems(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, layers!]
  })
  const [result] = await eslint.lintText(code, { filePath })
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`)
}

describe('architecture lint rules (issue 27)', () => {
  it('has a layer block in eslint.config.mjs', () => {
    expect(layers).toBeDefined()
  })

  it('refuses an import cycle', async () => {
    // core/errors.ts is imported, through many steps, by core/index.ts.
    const probe = "import { createCore } from './index'\nexport const probe = createCore\n"
    expect(await problems('src-main/core/errors.ts', probe)).toEqual([
      expect.stringMatching(/^import-x\/no-cycle: Dependency cycle/)
    ])
  })

  it('keeps the store below sync', async () => {
    expect(
      await problems('src-main/store/probe.ts', "export { SyncCoordinator } from '../sync/coordinator'\n")
    ).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: .*The store is the bottom layer/)])
  })

  it('keeps connectors away from the store', async () => {
    expect(
      await problems('src-main/connectors/axl/probe.ts', "export { openStore } from '../../store'\n")
    ).toEqual([expect.stringMatching(/^import-x\/no-restricted-paths: .*Connectors speak protocols/)])
  })

  it('lets only the demo and the lab command load the lab', async () => {
    const lab = "export { startLab } from '../lab'\n"
    expect(await problems('src-main/sync/probe.ts', lab)).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: .*Only the demo and the lab command/)
    ])
    expect(await problems('src-main/demo/probe.ts', lab)).toEqual([])
    expect(await problems('src-main/cli/commands/lab.ts', "export { startLab } from '../../lab'\n")).toEqual(
      []
    )
    expect(await problems('src-main/cli/commands/sync.ts', "export { startLab } from '../../lab'\n")).toEqual(
      [expect.stringMatching(/Only the demo and the lab command/)]
    )
  })
})
