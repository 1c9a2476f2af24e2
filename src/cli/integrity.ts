import { join } from 'node:path';
import { IntegrityReport } from '../event-store/event-store.port';
import { verifyChain } from '../event-store/sqlite/verify-chain';
import { Api } from './api';

/** The hash chain's check: by the running service (admin), or straight on the file of a data dir or a backup. */
export function integrity(api: Api, dataDir?: string): Promise<IntegrityReport> {
  return dataDir ? verifyChain(join(dataDir, 'events.db')) : api.ok<IntegrityReport>('GET', '/v1/admin/integrity');
}

/** What failed, in one line: the first bad event, or the file's problems. */
export function describeFailure(r: IntegrityReport): string {
  const bad = r.firstBad;
  if (!bad) return r.problems.join('; ');
  return `first bad event at position ${bad.position} (${bad.eventId}, ${bad.stream} revision ${bad.revision}): ${bad.problem}`;
}

export function describeIntegrity(r: IntegrityReport): string[] {
  const head = r.head ? `; head at position ${r.head.position}, hash ${r.head.hash}` : '';
  return [
    ...(r.firstBad ? [`TAMPERED ${describeFailure(r)}`] : []),
    ...r.problems.map((p) => `TAMPERED ${p}`),
    `${r.checked} events intact${head}${r.ok ? '' : ': the log was changed after it was written'}`,
  ];
}
