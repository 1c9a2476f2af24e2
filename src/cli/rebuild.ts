import { setTimeout as sleep } from 'node:timers/promises';
import { Api } from './api';
import { progressBar } from './progress';

interface Progress {
  id: string;
  processed: number;
  total: number;
  rate: number;
  finishedAt?: string;
  error?: string;
}

/** Starts a rebuild (admin) and follows its progress until it is swapped in. */
export async function rebuild(api: Api): Promise<Progress> {
  const started = await api.call<Progress & { rebuild: Progress }>('POST', '/v1/projections/rebuild');
  if (started.status !== 202 && started.status !== 409) {
    throw new Error(`POST /v1/projections/rebuild: ${started.status} ${started.body.message ?? ''}`);
  }
  // A 409 means one is running already: follow that one.
  const id = (started.status === 202 ? started.body.id : started.body.rebuild?.id)!;
  const bar = progressBar('events');
  bar.start(1, 0, { rate: 0 });
  for (;;) {
    const { projections } = await api.ok<{ projections: { rebuild?: Progress }[] }>('GET', '/v1/projections');
    const p = projections[0].rebuild;
    if (!p || p.id !== id) throw new Error(`rebuild ${id} is no longer reported`);
    bar.setTotal(Math.max(1, p.total));
    bar.update(p.processed, { rate: p.rate });
    if (p.finishedAt) {
      bar.stop();
      if (p.error) throw new Error(`rebuild ${id} failed: ${p.error}`);
      return p;
    }
    await sleep(200);
  }
}
