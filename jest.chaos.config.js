// npm run test:chaos: the long crash loop (25 SIGKILLs of the built service) and a longer fuzz run, in under five
// minutes. Each run draws new seeds (printed; CHAOS_SEED and FUZZ_SEED replay one); npm test runs short, fixed ones.
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/test/chaos/**/*.chaos-spec.ts', '<rootDir>/test/hostile-input.e2e-spec.ts'],
  setupFiles: ['<rootDir>/test/chaos/chaos.env.ts'],
  testTimeout: 480_000, // a guard, not the budget: the whole run takes 2 to 4 minutes on the 2-core machines
};
