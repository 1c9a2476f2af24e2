#!/usr/bin/env node
// Loads the bundled example episodes (examples/*.json) into a running Chancery server,
// one `POST /v1/events/batch` per file. Every event carries a fixed eventId, so loading
// twice is harmless: the second run answers 200 (already there) instead of 201 (recorded).
//
//   npm run seed
//   npm run seed -- --url http://localhost:3000 --token "$TOKEN"
//   node scripts/load-examples.mjs examples/russia-japan-2022.json
//
// Node 20, no dependencies. Exits 1 if any file is refused, 2 on bad usage.
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const USAGE = `Usage: node scripts/load-examples.mjs [options] [file.json ...]

Posts each file (default: every examples/*.json) to POST {url}/v1/events/batch.

Options:
  --url <url>      server base URL (default: $CHANCERY_URL, or http://$HOST:$PORT as npm start uses them,
                   localhost:3000 when unset)
  --token <token>  bearer token for writes (default: $CHANCERY_TOKEN)
  --dir <dir>      folder of example files (default: examples/ beside this script's parent)
  -h, --help       show this help`;

function fail(message, code = 1) {
  console.error(message);
  process.exit(code);
}

let args;
try {
  args = parseArgs({
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      dir: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
} catch (err) {
  fail(`${err.message}\n\n${USAGE}`, 2);
}
if (args.values.help) {
  console.log(USAGE);
  process.exit(0);
}

// The service's own PORT and HOST, as `npm start` reads them: a wildcard host is reached on localhost.
const host = [undefined, '', '0.0.0.0', '::'].includes(process.env.HOST) ? 'localhost' : process.env.HOST;
const local = `http://${host.includes(':') ? `[${host}]` : host}:${process.env.PORT ?? 3000}`;
const baseUrl = (args.values.url ?? process.env.CHANCERY_URL ?? local).replace(/\/+$/, '');
const token = args.values.token ?? process.env.CHANCERY_TOKEN;
const endpoint = `${baseUrl}/v1/events/batch`;
const dir = resolve(args.values.dir ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'examples'));

let files = args.positionals.map((f) => resolve(f));
if (!files.length) {
  try {
    files = (await readdir(dir))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => join(dir, f));
  } catch (err) {
    fail(`cannot read ${dir}: ${err.message}`, 2);
  }
}
if (!files.length) fail(`no .json files in ${dir}`, 2);

/** The server's error message from a JSON error body `{ statusCode, error, message }`, or the raw text. */
function errorMessage(text) {
  try {
    const body = JSON.parse(text);
    const message = Array.isArray(body.message) ? body.message.join('; ') : body.message;
    return [body.error, message].filter(Boolean).join(': ') || text;
  } catch {
    return text.trim() || '(empty response body)';
  }
}

const events = (n) => `${n} event${n === 1 ? '' : 's'}`;

const headers = { 'content-type': 'application/json', accept: 'application/json' };
if (token) headers.authorization = `Bearer ${token}`;

let failures = 0;
let recorded = 0;
for (const file of files) {
  const name = basename(file);
  let body;
  let count;
  try {
    body = await readFile(file, 'utf8');
    const parsed = JSON.parse(body);
    if (!Array.isArray(parsed?.events)) throw new Error('expected { "events": [ ... ] }');
    count = parsed.events.length;
  } catch (err) {
    console.error(`${name}: not loaded: ${err.message}`);
    failures++;
    continue;
  }

  let res;
  try {
    res = await fetch(endpoint, { method: 'POST', headers, body });
  } catch (err) {
    const cause = err.cause?.code ?? err.cause?.message ?? err.message;
    fail(`${name}: cannot reach ${endpoint} (${cause}). Is the server running? Use --url to point elsewhere.`);
  }
  const text = await res.text();

  if (res.status === 201) {
    recorded += count;
    console.log(`${name}: ${events(count)}, HTTP 201 (recorded)`);
  } else if (res.status === 200) {
    console.log(`${name}: ${events(count)}, HTTP 200 (already there)`);
  } else {
    failures++;
    console.error(`${name}: ${events(count)}, HTTP ${res.status}: ${errorMessage(text)}`);
    // Every other file would be refused the same way.
    if (res.status === 401 || res.status === 403) {
      fail('Writes need a token: pass --token or set CHANCERY_TOKEN to a writer or admin token.');
    }
  }
}

console.log(`${files.length - failures} of ${files.length} files loaded, ${events(recorded)} newly recorded`);
if (failures) process.exit(1);
