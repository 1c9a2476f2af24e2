import 'reflect-metadata';
import { ArgumentMetadata, HttpException, PipeTransform, ValidationPipe } from '@nestjs/common';
import fc from 'fast-check';
import { parse } from 'node:querystring';
import { CorrectActionDto } from '../src/correct-action/correct-action.dto';
import { ACTION_TYPES } from '../src/domain/catalogue/catalogue';
import { ChangesQueryDto, CountryChangesQueryDto } from '../src/get-changes/get-changes.dto';
import { RelationStateQueryDto } from '../src/get-relation-state/get-relation-state.dto';
import { CompiledValidation } from '../src/http/compiled-validation';
import { MAX_JSON_DEPTH } from '../src/http/security';
import { AsOfQueryDto, WindowQueryDto } from '../src/http/time-query.dto';
import { VALIDATION_OPTIONS, validationPipe } from '../src/http/validation.pipe';
import { LiveFeedQueryDto } from '../src/live-feed/live-feed.dto';
import { ReadLogQueryDto } from '../src/read-log/read-log.dto';
import { DryRunQueryDto, RecordActionDto, RecordBatchDto } from '../src/record-action/record-action.dto';
import { RetractActionDto } from '../src/retract-action/retract-action.dto';
import { BAD_ACTIONS, BAD_AMENDMENTS, BAD_QUERIES } from './support/bad-input';
import { body as hostileBody, query as hostileQuery } from './support/hostile-input';
import { action, uuid } from './support/ledger';

/**
 * The validation pipe's compiled fast path (src/http/compiled-validation.ts) against Nest's own pipe with the same
 * options, which judges everything with class-validator: over the bad-input suite's corpus, the hostile-input
 * suite's fuzz corpus and valid bodies, every value gets the same answer from both, the same DTO or the same 400
 * and message. And the fast path is taken: it accepts every valid body here.
 */
type Dto = ArgumentMetadata['metatype'];
const BODIES: Dto[] = [RecordActionDto, RecordBatchDto, RetractActionDto, CorrectActionDto];
const QUERIES: Dto[] = [
  DryRunQueryDto,
  RelationStateQueryDto,
  AsOfQueryDto,
  WindowQueryDto,
  ChangesQueryDto,
  CountryChangesQueryDto,
  ReadLogQueryDto,
  LiveFeedQueryDto,
];
const SEED = 20261203;

const tooDeep = (value: unknown, depth = 0): boolean =>
  depth >= MAX_JSON_DEPTH ||
  (typeof value === 'object' && value !== null && Object.values(value).some((v) => tooDeep(v, depth + 1)));

async function answer(pipe: PipeTransform, value: unknown, metatype: Dto, type: 'body' | 'query') {
  try {
    return { dto: (await pipe.transform(value, { type, metatype, data: undefined })) as unknown };
  } catch (e) {
    if (!(e instanceof HttpException)) throw e;
    return { status: e.getStatus(), response: e.getResponse() };
  }
}

describe('validation: the compiled fast path answers as class-validator does', () => {
  const fast = validationPipe();
  const reference = new ValidationPipe(VALIDATION_OPTIONS);
  const accepts = jest.spyOn(CompiledValidation.prototype, 'accepts');
  const taken = () => accepts.mock.results.filter((r) => r.value === true).length;
  beforeEach(() => accepts.mockClear());

  /** Each value, as a fresh copy for each pipe (the pipe may change what it is given), to each DTO. */
  async function same(values: unknown[], dtos: Dto[], type: 'body' | 'query') {
    for (const value of values) {
      const text = JSON.stringify(value);
      for (const metatype of dtos) {
        const copy = () => (type === 'query' ? parse(value as string) : (JSON.parse(text) as unknown));
        const [got, expected] = [
          await answer(fast, copy(), metatype, type),
          await answer(reference, copy(), metatype, type),
        ];
        expect({ value, dto: metatype?.name, answer: got }).toStrictEqual({
          value,
          dto: metatype?.name,
          answer: expected,
        });
      }
    }
  }

  it('over the bad-input corpus: bodies, batches of them, retractions and corrections', async () => {
    const bodies = [...BAD_ACTIONS.map(([, body]) => body), ...BAD_AMENDMENTS.map(([, , body]) => body)];
    await same(bodies, BODIES, 'body');
    await same(
      bodies.map((b) => ({ events: [action(), b] })),
      [RecordBatchDto],
      'body',
    );
    expect(accepts).toHaveBeenCalled();
  });

  it('over the bad-input corpus: query strings', async () => {
    await same(
      BAD_QUERIES.map(([path]) => path.split('?')[1] ?? ''),
      QUERIES,
      'query',
    );
    expect(accepts).toHaveBeenCalled();
  });

  it('over the hostile-input fuzz corpus: bodies and query strings', async () => {
    const bodies = fc.sample(hostileBody, { seed: SEED, numRuns: 1000 }).flatMap((text) => {
      try {
        const value = JSON.parse(text) as unknown;
        return tooDeep(value) ? [] : [value]; // refused before validation (security.ts)
      } catch {
        return []; // Not JSON: Fastify answers it before any pipe.
      }
    });
    await same(bodies, BODIES, 'body');
    const bodiesTaken = taken();
    await same(
      fc.sample(hostileQuery, { seed: SEED, numRuns: 1000 }).map((q) => q.slice(1)),
      QUERIES,
      'query',
    );
    // Some of the mutated actions are valid, and so are many query strings: the fast path answered them.
    expect(bodiesTaken).toBeGreaterThan(0);
    expect(taken()).toBeGreaterThan(bodiesTaken);
  });

  it('takes the fast path for every valid body and question here, with the same DTO', async () => {
    const valid = [
      ...ACTION_TYPES.map((type) => action({ type })),
      action({
        eventId: uuid().toUpperCase(),
        expectedRevision: 3,
        summary: 'x',
        sources: [{ url: 'https://a.example/' }],
      }),
      action({ sources: [{ url: 'http://b.example/x', publisher: 'TASS', publishedAt: '2022-03-21T10:00:00Z' }] }),
    ];
    await same(valid, [RecordActionDto], 'body');
    await same([{ events: valid }], [RecordBatchDto], 'body');
    await same([{ reason: 'duplicate', eventId: uuid() }], [RetractActionDto], 'body');
    await same([{ reason: 'typo', occurredAt: '2022-03-22', details: { track: 'x' } }], [CorrectActionDto], 'body');
    await same(['dryRun=true'], [DryRunQueryDto], 'query');
    await same(['asOf=2022-03-21&knownAt=2023-01-01T00:00:00Z'], [RelationStateQueryDto, AsOfQueryDto], 'query');
    await same(['since=2022-01-01&asOf=2022-03-21'], [CountryChangesQueryDto], 'query');
    await same(['from=2022-01-01&to=2022-03-21'], [WindowQueryDto, ChangesQueryDto], 'query');
    await same(['after=10&limit=100'], [ReadLogQueryDto], 'query');
    // Each value above went through the fast path once (the reference pipe has none).
    expect(accepts.mock.results.map((r) => r.value as boolean)).toEqual(accepts.mock.results.map(() => true));
  });
});
