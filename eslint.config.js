import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['build/**', 'client-build/**', 'content-build/**', '.cache/**', 'generated/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['~/routes/*', '../routes/*'], message: 'Features never import routes (DESIGN.md).' },
          ],
        },
      ],
    },
  },
  {
    // One way to read a form (app/lib/form-data.server.ts): field caps, and
    // no over-long value echoed back by Conform's reply.
    files: ['app/**'],
    ignores: ['app/lib/form-data.server.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='formData']",
          message: 'Read forms with readForm or readFormData from ~/lib/form-data.server.',
        },
      ],
    },
  },
  {
    files: ['app/routes/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@conform-to/zod/v4',
              importNames: ['parseWithZod'],
              message: 'Parse with parseSubmission(await readForm(request), Schema) from ~/lib/form-data.server.',
            },
          ],
          patterns: [{ group: ['~/routes/*', '../routes/*'], message: 'Features never import routes (DESIGN.md).' }],
        },
      ],
    },
  },
  {
    // Tests drive routes directly; only app code is bound by the import rules.
    files: ['tests/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // UI components must stay browser-safe: no server modules.
    files: ['app/ui/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['*.server', '*.server.ts', '~/db.server'], message: 'ui/ never imports server code.' }] },
      ],
    },
  },
)
