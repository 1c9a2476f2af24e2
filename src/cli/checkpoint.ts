import { readFileSync } from 'node:fs';
import { Checkpoint, openCheckpoint } from '../verifiable-log/checkpoint';
import { leafOf, LeafEvent } from '../verifiable-log/leaf';
import { CompactRange, EMPTY_ROOT, verifyConsistency } from '../verifiable-log/merkle';
import { Api } from './api';
import { progressBar, tick } from './progress';

/** A checkpoint as GET /v1/log/checkpoint answers it: keep the whole answer (`chancery checkpoint -o FILE`). */
export interface KeptCheckpoint {
  note: string;
  verifierKey: string;
  treeSize: number;
  lastPosition: number;
}

interface Entry {
  leafIndex: number;
  leafHash: string;
  event: LeafEvent & { position: number };
}

type Page = { entries: Entry[]; next: number | null };

export interface CheckpointReport {
  ok: boolean;
  /** What was found, one line each: the first divergence first. */
  findings: string[];
  /** Leaves recomputed from the log's events. */
  checked: number;
}

const b64 = (h: Buffer) => h.toString('base64');

/**
 * Checks the service's log against a kept checkpoint: its signature; the log's events recomputed into the Merkle
 * tree, leaf by leaf, from what the log holds now (not from the service's hashes); the root at the kept size
 * against the kept root; and the service's own checkpoint now, with its consistency proof from the kept one. The
 * first divergence is named: a leaf whose event no longer hashes to what the tree took in when it was new, or the
 * end of a log cut short of the checkpoint.
 */
export async function verifyCheckpoint(api: Api, file: string, key?: string): Promise<CheckpointReport> {
  const kept = JSON.parse(readFileSync(file, 'utf8')) as KeptCheckpoint;
  const verifier = key ?? kept.verifierKey;
  const opened = openCheckpoint(kept.note, verifier);
  if (typeof opened === 'string') return { ok: false, checked: 0, findings: [`the kept checkpoint: ${opened}`] };
  const findings: string[] = [];
  const current = await api.call<KeptCheckpoint>('GET', '/v1/log/checkpoint');
  let now: Checkpoint | undefined;
  if (current.status !== 200)
    findings.push(`the service gives no checkpoint: ${current.body.message ?? current.status}`);
  else {
    const o = openCheckpoint(current.body.note!, verifier);
    if (typeof o === 'string') findings.push(`the service's checkpoint now: ${o}`);
    else now = o;
  }

  const range = new CompactRange();
  // The root of a size is taken as the leaves reach it; no leaf reaches size 0.
  const rootOfNone = (size: number | undefined) => (size === 0 ? EMPTY_ROOT : undefined);
  let keptRoot = rootOfNone(opened.treeSize);
  let nowRoot = rootOfNone(now?.treeSize);
  /** The first leaf whose event no longer hashes to it. */
  let changed: string | undefined;
  const bar = progressBar('events');
  const started = Date.now();
  bar.start(Math.max(opened.treeSize, now?.treeSize ?? 0), 0, { rate: 0 });
  for (let start: number | null = 0; start !== null;) {
    const page: Page = await api.ok<Page>('GET', `/v1/log/entries?start=${start}&count=1000`);
    for (const { leafIndex, leafHash, event } of page.entries) {
      const leaf = leafOf(event);
      if (!changed && b64(leaf) !== leafHash) {
        changed =
          `the event at position ${event.position} (leaf ${leafIndex + 1}, ${event.eventId}) is not the one ` +
          'the tree took in when it was new: it was changed, or put in place of another';
      }
      range.append(leaf);
      if (range.size === opened.treeSize) keptRoot = range.root();
      if (range.size === now?.treeSize) nowRoot = range.root();
      tick(bar, range.size, started);
    }
    start = page.next;
  }
  bar.stop();

  if (changed) findings.unshift(changed);
  if (!keptRoot) {
    findings.unshift(
      `the log ends after ${range.size} events; the checkpoint covers ${opened.treeSize}: ` +
        `the events from leaf ${range.size + 1} on (position ${range.size + 1} on the embedded store) are missing`,
    );
  } else if (!keptRoot.equals(opened.rootHash)) {
    findings.push(
      `the first ${opened.treeSize} events no longer hash to the checkpoint's root: the log was rewritten` +
        (changed ? '' : ' along with its tree, so the changed event cannot be named'),
    );
  }
  if (now && nowRoot && !nowRoot.equals(now.rootHash)) {
    findings.push(`the service's checkpoint now (${now.treeSize} events) does not match the log's events`);
  }
  if (now && keptRoot?.equals(opened.rootHash)) {
    const proof = await api.ok<{ path: string[] }>(
      'GET',
      `/v1/log/proof/consistency?first=${opened.treeSize}&second=${now.treeSize}`,
    );
    const path = proof.path.map((p) => Buffer.from(p, 'base64'));
    if (!verifyConsistency(opened.treeSize, now.treeSize, opened.rootHash, now.rootHash, path)) {
      findings.push(`the service's consistency proof from ${opened.treeSize} to ${now.treeSize} events fails`);
    }
  }
  return { ok: findings.length === 0, checked: range.size, findings };
}
