// `npm run test:reliability`: load, faults, attacks and concurrency against the real server (loopback only).
const base = require('./jest.config.cjs');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testPathIgnorePatterns: ['/node_modules/'],
  testMatch: ['<rootDir>/tests/reliability/**/*.test.ts'],
  testTimeout: 300000,
  maxWorkers: 1,
};
