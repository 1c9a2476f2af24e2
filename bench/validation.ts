/**
 * What validating a bulk import costs per action, in process: the global validation pipe on a
 * POST /v1/events/batch body (class-transformer, then class-validator), then `validateDetails` on each
 * action's details as `decide` does in the writer's planning.
 *
 *   npm run build && npm run bench:validation -- [actions per batch, 10000] [rounds, 9] [--build DIR]
 *
 * `--build DIR` measures the build in DIR/dist instead (a copy of an earlier build, with node_modules beside
 * it): the same machine at about the same time, for a before and after on a noisy machine.
 * Not part of `npm run bench`: a diagnosis, not a figure against a reference. Measures the build (dist/):
 * the pipe needs the decorator metadata tsx does not emit. Each round validates a freshly parsed body
 * (realistic actions, bench/lib/data.ts); the first round warms up and is not counted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArgumentMetadata } from '@nestjs/common';
import type * as PipeModule from '../src/http/validation.pipe';
import type * as DtoModule from '../src/record-action/record-action.dto';
import type * as DetailsModule from '../src/domain/catalogue/validate-details';
import { actionBodies } from './lib/data';
import { appDir, snapshotBuild } from './lib/product';
import { now, quantile } from './lib/stats';

const load = createRequire(__filename);

async function main() {
  const args = process.argv.slice(2);
  const at = args.indexOf('--build');
  const build = at >= 0 ? args.splice(at, 2)[1] : undefined;
  const actions = Number(args[0] ?? 10_000);
  const rounds = Number(args[1] ?? 9);
  const work = mkdtempSync(join(tmpdir(), 'chancery-validation-'));
  try {
    if (!build) await snapshotBuild(work);
    const dist = (path: string) => load(join(build ?? appDir(), 'dist', path)) as unknown;
    const { validationPipe } = dist('http/validation.pipe.js') as typeof PipeModule;
    const { RecordBatchDto } = dist('record-action/record-action.dto.js') as typeof DtoModule;
    const { validateDetails } = dist('domain/catalogue/validate-details.js') as typeof DetailsModule;

    const text = JSON.stringify({ events: actionBodies(actions, 11) });
    const pipe = validationPipe();
    const meta: ArgumentMetadata = { type: 'body', metatype: RecordBatchDto, data: undefined };
    // Wall time, and the process's CPU time (less disturbed by other work on a shared machine), per action.
    const pipeUs: number[] = [];
    const pipeCpu: number[] = [];
    const detailsUs: number[] = [];
    const detailsCpu: number[] = [];
    const cpu = () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    };
    for (let round = 0; round <= rounds; round++) {
      const body = JSON.parse(text) as unknown;
      let [at, cpuAt] = [now(), cpu()];
      const dto = (await pipe.transform(body, meta)) as InstanceType<typeof RecordBatchDto>;
      const [pipeMs, pipeCpuMs] = [now() - at, cpu() - cpuAt];
      [at, cpuAt] = [now(), cpu()];
      dto.events.forEach((e) => validateDetails(e.type, e.details, e.occurredAt));
      const [detailsMs, detailsCpuMs] = [now() - at, cpu() - cpuAt];
      if (dto.events.length !== actions) throw new Error(`the pipe returned ${dto.events.length} actions`);
      if (round === 0) continue;
      pipeUs.push((pipeMs * 1000) / actions);
      pipeCpu.push((pipeCpuMs * 1000) / actions);
      detailsUs.push((detailsMs * 1000) / actions);
      detailsCpu.push((detailsCpuMs * 1000) / actions);
    }
    const line = (name: string, us: number[], cpuUs: number[]) =>
      console.log(
        `${name.padEnd(16)} median ${quantile(us, 0.5).toFixed(2)} µs/action (min ${Math.min(...us).toFixed(2)}, ` +
          `max ${Math.max(...us).toFixed(2)}); CPU median ${quantile(cpuUs, 0.5).toFixed(2)} µs/action`,
      );
    const sum = (a: number[], b: number[]) => a.map((x, i) => x + b[i]);
    console.log(`${build ?? 'dist/'}: ${actions} actions a batch, ${rounds} rounds after one warm-up`);
    line('validation pipe', pipeUs, pipeCpu);
    line('validateDetails', detailsUs, detailsCpu);
    line('both', sum(pipeUs, detailsUs), sum(pipeCpu, detailsCpu));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

void main();
