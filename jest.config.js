/** Jest runs TypeScript as native ESM (Payload is ESM only); see docs/testing.md. */
export default {
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
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/data/', '/.next/'],
  testTimeout: 120000,
}
