// Runs the official KurrentDB Node.js client's stream tests against the emulator instead of Docker nodes:
//   node test/esdb-emulator/official/run.mjs /path/to/a/checkout/of/EventStore-Client-NodeJS
// Their tests are copied to a temporary directory (never into this repository) with their Docker-bound Cluster and
// version check replaced by cluster.ts and environment.ts, and the matcher aliases jest 30 removed (toBeCalled…)
// renamed to their current names; then each file runs on its own (one that crashes its process fails alone) with
// this project's jest and KurrentDB client.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const checkout = process.argv[2];
if (!checkout) throw new Error('usage: node test/esdb-emulator/official/run.mjs /path/to/EventStore-Client-NodeJS');

const work = mkdtempSync(join(tmpdir(), 'official-client-tests-'));
for (const folder of ['streams', 'extra', 'utils']) {
  cpSync(join(checkout, 'packages/test/src', folder), join(work, 'src', folder), { recursive: true });
}
const renamed = {
  toBeCalled: 'toHaveBeenCalled',
  toBeCalledTimes: 'toHaveBeenCalledTimes',
  toBeCalledWith: 'toHaveBeenCalledWith',
  lastCalledWith: 'toHaveBeenLastCalledWith',
  nthCalledWith: 'toHaveBeenNthCalledWith',
  toReturn: 'toHaveReturned',
  toReturnTimes: 'toHaveReturnedTimes',
  toReturnWith: 'toHaveReturnedWith',
  toThrowError: 'toThrow',
};
const tests = ['streams', 'extra'].flatMap((folder) =>
  readdirSync(join(work, 'src', folder))
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => join(work, 'src', folder, file)),
);
for (const file of tests) {
  const source = readFileSync(file, 'utf8').replace(/\.(\w+)\(/g, (call, name) =>
    Object.hasOwn(renamed, name) ? `.${renamed[name]}(` : call,
  );
  writeFileSync(file, source);
}
writeFileSync(join(work, 'src/utils/Cluster.ts'), `export { EmulatedCluster as Cluster } from '${here}/cluster';\n`);
writeFileSync(
  join(work, 'src/utils/enableVersionCheck.ts'),
  `module.exports = require('${here}/environment').default;\n`,
);
const kurrentdb = join(repo, 'node_modules/@kurrent/kurrentdb-client');
const config = {
  rootDir: work,
  testMatch: ['<rootDir>/src/streams/**/*.test.ts', '<rootDir>/src/extra/**/*.test.ts'],
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60_000,
  moduleDirectories: ['node_modules', join(repo, 'node_modules')],
  transform: {
    '^.+\\.ts$': [
      join(repo, 'node_modules/ts-jest'),
      { tsconfig: join(repo, 'tsconfig.jest.json'), diagnostics: false },
    ],
  },
  moduleNameMapper: {
    '^@test-utils$': '<rootDir>/src/utils',
    '^@kurrent/kurrentdb-client$': kurrentdb,
    // Their tests import the protocol files by the path their source tree has; the package has them under v1.
    '^@kurrent/kurrentdb-client/generated/([^/]+)$': `${kurrentdb}/generated/kurrentdb/protocols/v1/$1`,
    '^@kurrent/kurrentdb-client/(.*)$': `${kurrentdb}/$1`,
    // One copy of the protocol in the process: the emulator's service definitions come from the KurrentDB client.
    '^@eventstore/db-client/generated/(.*)$': `${kurrentdb}/generated/kurrentdb/protocols/v1/$1`,
  },
};
writeFileSync(join(work, 'jest.config.json'), JSON.stringify(config, null, 2));
const total = { passed: 0, failed: 0, pending: 0 };
for (const file of tests) {
  const results = `${file}.json`;
  const args = ['-c', join(work, 'jest.config.json'), '--ci', '--json', '--outputFile', results, file];
  spawnSync(join(repo, 'node_modules/.bin/jest'), args, { stdio: 'ignore', cwd: repo });
  const counts = { passed: 0, failed: 0, pending: 0 };
  if (existsSync(results)) {
    for (const test of JSON.parse(readFileSync(results, 'utf8')).testResults.flatMap((r) => r.assertionResults)) {
      counts[test.status === 'passed' || test.status === 'failed' ? test.status : 'pending']++;
    }
  } else counts.failed = 'crashed';
  const unrun =
    existsSync(results) &&
    JSON.parse(readFileSync(results, 'utf8')).testResults.some(
      (r) => r.status === 'failed' && r.assertionResults.length === 0,
    );
  if (unrun) counts.failed = 'could not run';
  console.log(
    `${file.slice(work.length + 5)}: ${counts.passed} passed, ${counts.failed} failed, ${counts.pending} skipped`,
  );
  for (const key of Object.keys(total)) total[key] += typeof counts[key] === 'number' ? counts[key] : 0;
}
console.log(
  `official client tests on the emulator: ${total.passed} passed, ${total.failed} failed, ${total.pending} skipped`,
);
