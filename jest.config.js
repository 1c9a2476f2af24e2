const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

// Unit specs live beside the code (src/**/*.spec.ts, test/esdb-emulator/*.spec.ts); HTTP end-to-end suites in test/.
const project = {
  testEnvironment: 'node',
  // Transpile only: the type check runs once, in npm run typecheck, not in every jest worker.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
};

// Suites whose every top-level block is describeSqlite(...) or describeOnce(...) (the embedded store's file, the built service's
// process, the browser) run on the sqlite project only: the eventstoredb project leaves them out, not as skipped.
const sqliteOnly = readdirSync(join(__dirname, 'test'), { recursive: true })
  .filter((f) => f.endsWith('.e2e-spec.ts'))
  .map((f) => [f, readFileSync(join(__dirname, 'test', f), 'utf8')])
  .filter(([, text]) => /^(describeSqlite|describeOnce)\(/m.test(text) && !/^describe\(/m.test(text))
  .map(([f]) => f)
  .map((f) => `<rootDir>/test/${f.replace(/\./g, '\\.')}$`);

module.exports = {
  testTimeout: 30000,
  projects: [
    {
      ...project,
      displayName: 'sqlite',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
    },
    {
      // The same end-to-end suites on the EventStoreDB adapter, against the in-process emulator (test/support/app.ts).
      ...project,
      displayName: 'eventstoredb',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      // Suites that bring their own EventStoreDB set-up.
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/eventstoredb\\.e2e-spec\\.ts$', ...sqliteOnly],
      setupFilesAfterEnv: ['<rootDir>/test/support/eventstoredb.setup.ts'],
    },
    {
      // The store on @kurrent/kurrentdb-client against the emulator playing KurrentDB 25.1: its contract suite, and a
      // representative set of the end-to-end suites (the whole set runs on the other client just above).
      ...project,
      displayName: 'kurrentdb',
      testMatch: [
        '<rootDir>/src/**/*.kurrentdb-spec.ts',
        '<rootDir>/test/{smoke,batch-and-log,idempotency-concurrency,restart}.e2e-spec.ts',
      ],
      setupFilesAfterEnv: ['<rootDir>/test/support/kurrentdb.setup.ts'],
      // Both client packages register the same protobuf names in one global namespace: here the emulator is built on
      // the KurrentDB client's copy of the service definitions, so that only that package is loaded.
      moduleNameMapper: {
        '^@eventstore/db-client/generated/(.*)$':
          '<rootDir>/node_modules/@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/$1',
      },
    },
  ],
};
