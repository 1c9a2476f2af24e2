// Unit specs live beside the code (src/**/*.spec.ts); HTTP end-to-end suites in test/.
module.exports = {
  testEnvironment: 'node',
  // Transpile only: the type check runs once, in npm run typecheck, not in every jest worker.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 30000,
};
