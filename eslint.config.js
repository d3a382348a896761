import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// Layer fences (docs/ARCHITECTURE.md): which folder of src/ may import which. A relative import that climbs into a
// forbidden folder is refused; tests/lint/fences.test.ts shows each fence holding.
const relativeInto = (...folders) => ({
  regex: `^(\\.\\.?/)+(${folders.join('|')})(/|$)`,
  message: `may not import ${folders.join(', ')}`,
});

export default tseslint.config(
  { ignores: ['node_modules/', 'build/', 'dist/', 'data/', 'tmp/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Type-aware rules where a forgotten promise loses work or an error: every promise is awaited, returned or
    // voided on purpose, and no promise is passed where a plain callback is expected.
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // The pure core: no I/O, no clock, no environment, and nothing of the adapters (docs/DECISIONS.md).
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'http', 'https', 'net', 'child_process'], message: 'the core does no I/O' },
            {
              group: ['**/server/**', '**/zendesk/**', '**/cli/**', '**/app/**', '**/preview/**', '**/contract/**'],
              message: 'the core imports no adapter',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='process']", message: 'the core never reads the environment' },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'now is a parameter of the core',
        },
        {
          selector: "CallExpression[callee.object.name='DateTime'][callee.property.name='now']",
          message: 'now is a parameter of the core',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'now is a parameter of the core',
        },
      ],
    },
  },
  {
    // The sidebar runs in the browser inside Zendesk: it knows the core and the API contract, nothing of the backend.
    files: ['src/app/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [relativeInto('server', 'zendesk', 'cli', 'preview', 'packaging')] },
      ],
    },
  },
  {
    files: ['src/app/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
  },
  {
    // The backend serves the sidebar's built files but never imports its code, nor the sandbox-mode preview.
    files: ['src/server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [relativeInto('app', 'preview')] }] },
  },
  {
    // The HTTP contract: schemas over the core's types, shared by the server and the sidebar.
    files: ['src/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              ...relativeInto('server', 'zendesk', 'cli', 'app', 'preview', 'packaging'),
              message: 'the contract imports only the core',
            },
          ],
        },
      ],
    },
  },
  {
    // The sidebar takes the contract's types, never its schemas: zod stays out of the bundle.
    files: ['src/app/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/contract/**'], allowTypeImports: true, message: 'the sidebar imports the contract as types' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', globalThis: 'readonly' },
    },
  },
);
