/**
 * `npm run test:quick`, the inner loop (docs/testing.md): the "node" project of jest.config.js limited
 * to the import rules, the business rules (test/domain) and the license formats (test/licensing) —
 * no browser, no Next.js build, no server child process. Left to `npm test`: the exhaustive sweeps
 * (every role on every route, every hostile input), the CLI tests that start a process per command,
 * and the property and vector runs over RSA through node-forge, which together cost more than the rest.
 */
import config from './jest.config.js'

const node = config.projects.find((p) => p.displayName === 'node')

export default {
  ...node,
  displayName: 'quick',
  testTimeout: config.testTimeout,
  testMatch: ['<rootDir>/test/architecture/**/*.test.ts', '<rootDir>/test/domain/**/*.test.ts', '<rootDir>/test/licensing/**/*.test.ts'],
  testPathIgnorePatterns: [
    ...node.testPathIgnorePatterns,
    '<rootDir>/test/domain/access-matrix\\.test\\.ts$',
    '<rootDir>/test/domain/hostile-input\\.test\\.ts$',
    '<rootDir>/test/licensing/(cli|cli-v2|openssl-v2)\\.test\\.ts$',
    '<rootDir>/test/licensing/(sign-verify|sign-verify-v2|vectors-v2)\\.test\\.ts$',
  ],
}
