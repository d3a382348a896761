// jest for every test, TypeScript through @swc/jest (see docs/DECISIONS.md).
// `npm test` runs unit and integration tests; the browser and reliability suites have their own configs.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/e2e/', '<rootDir>/tests/reliability/'],
  transform: { '^.+\\.(t|j|mj)sx?$': swc },
  // msw 2's CommonJS build requires a few ESM-only packages (docs/DECISIONS.md §2), as does Fastify's inject.
  transformIgnorePatterns: [
    '/node_modules/(?!(rettime|until-async|@open-draft/deferred-promise|react-merge-refs|email-reply-parser|light-my-request/node_modules/cookie|cookie)/)',
  ],
  // Sources import with NodeNext `.js` suffixes; jest resolves the `.ts` file behind them.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
  testTimeout: 30000,
  // A failing property's own error in its report (the file says why).
  setupFiles: ['<rootDir>/tests/support/fast-check-setup.ts'],
};
