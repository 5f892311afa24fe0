/**
 * Jest runs TypeScript as native ESM (Payload is ESM only); see docs/testing.md. Two projects: "node"
 * (everything but test/e2e) and "browser" (test/e2e), whose global set-up finds a Chromium first and
 * runs only when a browser test is selected.
 */
const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
          target: 'es2022',
        },
        module: { type: 'es6' },
      },
    ],
  },
  moduleNameMapper: {
    '^@payload-config$': '<rootDir>/payload.config.ts',
    '^@payload-types$': '<rootDir>/payload-types.ts',
    '^@/(.*)$': '<rootDir>/src/$1',
    '^@collections$': '<rootDir>/collections/index.ts',
    '^@collections/(.*)$': '<rootDir>/collections/$1',
    '^@hooks/(.*)$': '<rootDir>/hooks/$1',
    '^@templates$': '<rootDir>/templates/index.ts',
    '^@templates/(.*)$': '<rootDir>/templates/$1',
    '\\.(css|scss)$': '<rootDir>/test/support/style-stub.cjs',
  },
  testPathIgnorePatterns: ['/node_modules/', '/data/', '/.next/'],
  testTimeout: 120000,
}

export default {
  testTimeout: 120000,
  projects: [
    {
      ...shared,
      displayName: 'node',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: [...shared.testPathIgnorePatterns, '<rootDir>/test/e2e/'],
    },
    {
      ...shared,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/test/e2e/support/global-setup.ts',
    },
  ],
}
