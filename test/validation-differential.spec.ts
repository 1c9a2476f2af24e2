import 'reflect-metadata';
import { ArgumentMetadata, HttpException, PipeTransform, ValidationPipe } from '@nestjs/common';
import fc from 'fast-check';
import { parse } from 'node:querystring';
import { CorrectActionDto } from '../src/correct-action/correct-action.dto';
import { ACTION_TYPES } from '../src/domain/catalogue/catalogue';
import { ChangesQueryDto, CountryChangesQueryDto } from '../src/get-changes/get-changes.dto';
import { GetEntitiesQueryDto } from '../src/get-entities/get-entities.dto';
import { GetPanelQueryDto } from '../src/get-panel/get-panel.dto';
import { InheritQueryDto, RelationStateQueryDto } from '../src/get-relation-state/get-relation-state.dto';
import { GetSanctionsQueryDto } from '../src/get-sanctions/get-sanctions.dto';
import { CompiledValidation } from '../src/http/compiled-validation';
import { MAX_JSON_DEPTH } from '../src/http/security';
import { AsOfQueryDto, WindowQueryDto } from '../src/http/time-query.dto';
import { VALIDATION_OPTIONS, validationPipe } from '../src/http/validation.pipe';
import { LiveFeedQueryDto } from '../src/live-feed/live-feed.dto';
import { CreateWatchDto, DeliveriesQueryDto } from '../src/manage-watches/watches.dto';
import { ReadLogQueryDto } from '../src/read-log/read-log.dto';
import { DryRunQueryDto, RecordActionDto, RecordBatchDto } from '../src/record-action/record-action.dto';
import { RetractActionDto } from '../src/retract-action/retract-action.dto';
import { ConsistencyDto, EntriesDto, InclusionDto, TreeSizeDto } from '../src/verifiable-log/log.dto';
import { BAD_ACTIONS, BAD_AMENDMENTS, BAD_QUALIFIERS, BAD_QUERIES } from './support/bad-input';
import { body as hostileBody, query as hostileQuery } from './support/hostile-input';
import { action, uuid } from './support/ledger';

/**
 * The validation pipe's compiled fast path (src/http/compiled-validation.ts) against Nest's own pipe with the same
 * options, which judges everything with class-validator: over the bad-input suite's corpus, the hostile-input
 * suite's fuzz corpus and valid bodies, every value gets the same answer from both, the same DTO or the same 400
 * and message. And the fast path is taken: it accepts every valid body here.
 */
type Dto = ArgumentMetadata['metatype'];
const BODIES: Dto[] = [RecordActionDto, RecordBatchDto, RetractActionDto, CorrectActionDto, CreateWatchDto];
const QUERIES: Dto[] = [
  DryRunQueryDto,
  RelationStateQueryDto,
  InheritQueryDto,
  AsOfQueryDto,
  WindowQueryDto,
  ChangesQueryDto,
  CountryChangesQueryDto,
  ReadLogQueryDto,
  LiveFeedQueryDto,
  GetPanelQueryDto,
  GetSanctionsQueryDto,
  GetEntitiesQueryDto,
  DeliveriesQueryDto,
  TreeSizeDto,
  InclusionDto,
  ConsistencyDto,
  EntriesDto,
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

  it('over the bad-input corpus: bodies, qualifiers, batches of them, retractions and corrections', async () => {
    const bodies = [
      ...BAD_ACTIONS.map(([, body]) => body),
      ...BAD_QUALIFIERS.map(([, over]) => action(over)),
      ...BAD_AMENDMENTS.map(([, , body]) => body),
    ];
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
      action({
        occurredAt: '2021-12',
        datePrecision: 'month',
        formality: 'denied',
        announcedAt: '2021-12-02',
        inResponseTo: [uuid().toUpperCase(), uuid()],
        tags: ['economic-coercion', 'customs'],
        provenance: { dataset: 'gdelt', file: '20211202.export.CSV', rows: ['1034567890', '1034567891'] },
      }),
    ];
    await same(valid, [RecordActionDto], 'body');
    await same([{ events: valid }], [RecordBatchDto], 'body');
    await same([{ reason: 'duplicate', eventId: uuid() }], [RetractActionDto], 'body');
    await same(
      [
        { reason: 'typo', occurredAt: '2022-03-22', details: { track: 'x' } },
        { reason: 'linked', inResponseTo: [uuid()], tags: ['x'], formality: 'informal' },
      ],
      [CorrectActionDto],
      'body',
    );
    await same(
      [{ pair: ['JP', 'RU'], types: [ACTION_TYPES[0]], url: 'https://w.example/', secret: 'x'.repeat(16) }],
      [CreateWatchDto],
      'body',
    );
    await same(['dryRun=true'], [DryRunQueryDto], 'query');
    await same(['asOf=2022-03-21&knownAt=2023-01-01T00:00:00Z'], [RelationStateQueryDto, AsOfQueryDto], 'query');
    await same(['asOf=2022-03-21&inherit=true'], [InheritQueryDto], 'query');
    await same(
      ['from=2020-01-01&to=2022-01-01&granularity=year&parties=RU,JP&format=csv'],
      [GetPanelQueryDto],
      'query',
    );
    await same(['first=3&second=10'], [ConsistencyDto], 'query');
    await same(['start=0&count=10'], [EntriesDto], 'query');
    await same(['since=2022-01-01&asOf=2022-03-21'], [CountryChangesQueryDto], 'query');
    await same(['from=2022-01-01&to=2022-03-21'], [WindowQueryDto, ChangesQueryDto], 'query');
    await same(['after=10&limit=100&source=gdelt:a.csv'], [ReadLogQueryDto], 'query');
    const search = 'target=RU&imposedBy=EU&kind=financial&program=x&status=active,lapsed&asOf=2023-01-01&limit=50';
    await same([`${search}&entity=VTB%20Bank&after=12`], [GetSanctionsQueryDto], 'query');
    await same([`${search}&q=bank&after=vtb%20bank`], [GetEntitiesQueryDto], 'query');
    // Each value above went through the fast path once (the reference pipe has none).
    expect(accepts.mock.results.map((r) => r.value as boolean)).toEqual(accepts.mock.results.map(() => true));
  });
});
