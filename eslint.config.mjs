// Lint rules include the architecture's boundaries (see README "Architecture").
import js from '@eslint/js'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import importX from 'eslint-plugin-import-x'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({
    ...config,
    files: ['**/*.ts', '**/*.tsx', '**/*.mts']
  })),
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname }
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true }
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }
      ]
    }
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: globals.node, sourceType: 'commonjs' }
  },
  {
    files: ['eslint.config.mjs', '.ci/**/*.mjs', 'scripts/**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: globals.node }
  },
  {
    // Only the Electron shell may import electron; the Core must run under plain Node.
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/index.ts', 'src-main/shell/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'Only src-main/index.ts and src-main/shell/ may import electron.' }
          ],
          patterns: [
            {
              group: ['react', 'react-dom', 'react/*', 'zustand', 'zustand/*'],
              message: 'The main process never imports UI code.'
            },
            { group: ['**/src-renderer/**'], message: 'The main process never imports the renderer.' }
          ]
        }
      ]
    }
  },
  {
    // The renderer reaches the Core only through the contract; main-process code may be imported as types only.
    files: ['src-renderer/**/*.{ts,tsx}', 'test/renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src-main/**'],
              message: 'The renderer may import main-process code as types only.',
              allowTypeImports: true
            },
            {
              group: ['electron', 'node:*', 'better-sqlite3'],
              message: 'The renderer runs in a sandboxed page.'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['src-preload/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src-main/**', '**/src-renderer/**'],
              message: 'The preload depends on the contract only.'
            }
          ]
        }
      ]
    }
  },
  {
    // Layers (README "Architecture"): enforced here rather than remembered. No module may take part in
    // an import cycle; the store sits below everything that uses it; connectors speak protocols and
    // know nothing of storage; the simulated lab is reached only by the demo and the `lab` command, so
    // it stays a lazily loaded chunk that the product never runs by accident.
    files: ['src-main/**/*.ts', 'src-preload/**/*.ts', 'src-renderer/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      // Without the parser for .ts, no-cycle cannot read the modules it walks through and finds nothing.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['tsconfig.node.json', 'tsconfig.web.json'],
          noWarnOnMultipleProjects: true
        })
      ]
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src-main/store',
              from: './src-main',
              except: ['./store', './core/errors.ts', './core/clock.ts'],
              message: 'The store is the bottom layer: it imports only the contract and core basics.'
            },
            {
              target: './src-main/connectors',
              from: './src-main',
              // A write connector refuses a device whose "Allow changes" is off before sending a byte.
              except: ['./connectors', './core/errors.ts', './core/clock.ts', './core/changesAllowed.ts'],
              message: 'Connectors speak protocols; what to store and when is the sync engines’ business.'
            },
            {
              target: [
                './src-main/!(lab|demo|cli)/**/*',
                './src-main/*.ts',
                './src-main/cli/*.ts',
                './src-main/cli/commands/!(lab).ts'
              ],
              from: './src-main/lab',
              message: 'Only the demo and the lab command may load the simulated lab.'
            }
          ]
        }
      ]
    }
  }
)
