import { AREA_NAMES } from '../src/domain/areas/areas';
import { ACTION_TYPES } from '../src/domain/catalogue/catalogue';
import { action, ActionBody, expectError, expectStatus, logHead, readLog, useApp, uuid } from './support/ledger';

const PAIRS = [
  ['DE', 'RU'],
  ['FR', 'RU'],
  ['RU', 'DE'],
  ['PL', 'BY'],
  ['EU', 'RU'],
];

/** `n` valid actions over a few pairs (EU among them), each with its own eventId. */
const manyActions = (n: number, withIds = true): ActionBody[] =>
  Array.from({ length: n }, (_, i) => {
    const [actor, target] = PAIRS[i % PAIRS.length];
    const day = String((i % 28) + 1).padStart(2, '0');
    return action({
      type: i % 3 ? 'ProtestLodged' : 'DiplomatsExpelled',
      actor,
      target,
      occurredAt: `2022-04-${day}`,
      details: i % 3 ? { subject: `note ${i}` } : { count: (i % 5) + 1 },
      ...(withIds && { eventId: uuid() }),
    });
  });

describe('batches, the global log and the service endpoints', () => {
  const app = useApp();
  const batch = (events: unknown[]) => app.h.call('POST', '/v1/events/batch', { events });

  describe('all or nothing', () => {
    it.each<[string, (events: ActionBody[]) => void, number, string]>([
      ['an unknown actor', (e) => (e[3].actor = 'XX'), 400, 'events[3].actor'],
      ['a lower-case target', (e) => (e[1].target = 'ru'), 400, 'events[1].target'],
      ['an impossible date', (e) => (e[4].occurredAt = '2022-02-30'), 400, 'events[4].occurredAt'],
      ['an unknown type', (e) => (e[2].type = 'SanctionsThreatened'), 400, 'events[2].type'],
      ['missing details', (e) => delete e[0].details, 400, 'events[0].details'],
      ['an unknown top-level field', (e) => (e[3].colour = 'red'), 400, 'events[3]'],
      [
        'a bad measure kind',
        (e) => (e[3] = action({ type: 'SanctionsImposed', details: { measures: [{ kind: 'blockade' }] } })),
        400,
        'events[3].details',
      ],
      ['actor equal to target', (e) => (e[3].target = e[3].actor), 400, 'events[3]'],
      [
        'a sanctionsId that does not resolve',
        (e) => (e[3] = action({ type: 'SanctionsLifted', details: { sanctionsId: uuid() } })),
        422,
        'events[3]',
      ],
    ])('one bad item (%s) rejects the whole batch naming it, and records nothing', async (_, spoil, status, field) => {
      const head = await logHead(app.h);
      const events = manyActions(6);
      spoil(events);
      expectError(await batch(events), status, field);
      expect(await logHead(app.h)).toEqual(head);
    });

    it('two items with the same eventId but different bodies: 4xx, nothing recorded', async () => {
      const head = await logHead(app.h);
      // A pair of its own, so that a failure here cannot shift the revisions other tests count.
      const first = action({ eventId: uuid(), actor: 'SE', target: 'RU', type: 'ProtestLodged' });
      const events = [
        first,
        action({ actor: 'SE', target: 'RU', type: 'ProtestLodged' }),
        { ...first, occurredAt: '2022-05-01' },
      ];
      const res = await batch(events);
      // The contract answers a reused eventId with another body by 409; inside one batch a 400 is fair too.
      if (![400, 409].includes(res.status)) throw new Error(`expected 400 or 409, got ${res.status}: ${res.text}`);
      expectError(res, res.status, 'eventId');
      expect(await logHead(app.h)).toEqual(head);
    });

    it('over 10,000 actions: 400 naming events, nothing recorded', async () => {
      const head = await logHead(app.h);
      expectError(await batch(manyActions(10_001, false)), 400, 'events');
      expect(await logHead(app.h)).toEqual(head);
    });

    it('no events at all: 400', async () => {
      expectError(await batch([]), 400, 'events');
      expectError(await app.h.call('POST', '/v1/events/batch', {}), 400, 'events');
    });
  });

  describe('a batch of 2,000 actions', () => {
    let sent: ActionBody[];
    let answers: any[];
    let headBefore: { count: number; last: number | null };

    beforeAll(async () => {
      headBefore = await logHead(app.h);
      sent = manyActions(2000);
      answers = expectStatus(await batch(sent), 201, 'batch of 2000').body.events;
    });

    it('answers one answer per action, in order', () => {
      expect(answers).toHaveLength(2000);
      expect(answers.map((a) => a.eventId)).toEqual(sent.map((e) => e.eventId));
      answers.forEach((a, i) => {
        expect(a.pair).toEqual([sent[i].actor, sent[i].target].sort());
      });
    });

    it('positions follow the order of the batch, gap-free; revisions count up per pair', () => {
      const first = (headBefore.last ?? 0) + 1;
      expect(answers.map((a) => a.position)).toEqual(Array.from({ length: 2000 }, (_, i) => first + i));
      const byPair = new Map<string, number[]>();
      for (const a of answers) byPair.set(a.pair.join('-'), [...(byPair.get(a.pair.join('-')) ?? []), a.revision]);
      expect([...byPair.keys()].sort()).toEqual(['BY-PL', 'DE-RU', 'EU-RU', 'FR-RU']);
      for (const revisions of byPair.values()) expect(revisions).toEqual(revisions.map((_, i) => i));
    });

    it('every action is in the log and folded', async () => {
      expect((await logHead(app.h)).count).toBe(headBefore.count + 2000);
      const s = expectStatus(await app.h.call('GET', '/v1/relations/RU/DE'), 200).body;
      expect(s.eventCount).toBe(800);
      const eu = expectStatus(await app.h.call('GET', '/v1/relations/RU/EU'), 200).body;
      expect(eu.pair).toEqual(['EU', 'RU']);
      expect(eu.eventCount).toBe(400);
    });
  });

  it('a batch item may lift a package imposed earlier in the same batch', async () => {
    const imposedId = uuid();
    const res = await batch([
      action({
        eventId: imposedId,
        type: 'SanctionsImposed',
        actor: 'CA',
        target: 'BY',
        occurredAt: '2022-03-01',
        details: { measures: [{ kind: 'arms_embargo' }] },
      }),
      action({
        type: 'SanctionsLifted',
        actor: 'CA',
        target: 'BY',
        occurredAt: '2022-06-01',
        details: { sanctionsId: imposedId },
      }),
    ]);
    const [imposed, lifted] = expectStatus(res, 201).body.events;
    expect(imposed.eventId).toBe(imposedId);
    expect(lifted.revision).toBe(imposed.revision + 1);
    const march = (await app.h.call('GET', '/v1/relations/BY/CA?asOf=2022-03-02')).body;
    expect(march.sanctions).toEqual([expect.objectContaining({ id: imposedId, status: 'active' })]);
    const june = (await app.h.call('GET', '/v1/relations/BY/CA?asOf=2022-06-01&include=lifted')).body;
    expect(june.sanctions).toEqual([
      expect.objectContaining({ id: imposedId, status: 'lifted', liftedAt: expect.any(String) }),
    ]);
  });

  describe('the global log', () => {
    let all: any[];
    beforeAll(async () => {
      all = await readLog(app.h);
    });

    it('limit defaults to 100; a page holds the events right after `after`, and next is where to go on', async () => {
      expect(all.length).toBeGreaterThan(2000);
      const first = expectStatus(await app.h.call('GET', '/v1/events'), 200).body;
      expect(first.events).toHaveLength(100);
      expect(first.events.map((e: any) => e.position)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      expect(first.next).toBe(100);
      const page = expectStatus(await app.h.call('GET', '/v1/events?after=150&limit=7'), 200).body;
      expect(page.events.map((e: any) => e.position)).toEqual([151, 152, 153, 154, 155, 156, 157]);
      expect(page.next).toBe(157);
      expect(page.events).toEqual(all.slice(150, 157));
    });

    it('events in the log have the shape of GET /v1/events/{id}', async () => {
      const e = all[all.length - 1];
      const one = expectStatus(await app.h.call('GET', `/v1/events/${e.eventId}`), 200).body;
      expect(one).toEqual(e);
      expect(e).toEqual(
        expect.objectContaining({
          type: expect.any(String),
          actor: expect.any(String),
          target: expect.any(String),
          occurredAt: expect.any(String),
          eventId: expect.any(String),
          recordedAt: expect.any(String),
          position: all.length,
          pair: expect.any(Array),
          revision: expect.any(Number),
        }),
      );
    });

    it('paging from 0 to the end visits every event once; next is null at the end', async () => {
      const seen: number[] = [];
      let after: number | null = 0;
      let pages = 0;
      while (after !== null) {
        const page: any = expectStatus(await app.h.call('GET', `/v1/events?after=${after}&limit=1000`), 200).body;
        seen.push(...page.events.map((e: any) => e.position));
        after = page.next;
        if (++pages > 10) throw new Error('paging does not end');
      }
      expect(seen).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
      const end = expectStatus(await app.h.call('GET', `/v1/events?after=${all.length}`), 200).body;
      expect(end).toEqual({ events: [], next: null });
      const beyond = expectStatus(await app.h.call('GET', `/v1/events?after=${all.length + 50}&limit=5`), 200).body;
      expect(beyond).toEqual({ events: [], next: null });
    });

    it.each([
      ['limit=1001', 'limit'],
      ['limit=0', 'limit'],
      ['limit=ten', 'limit'],
      ['after=-1', 'after'],
      ['after=1.5', 'after'],
    ])('?%s → 400 naming %s', async (q, field) => {
      expectError(await app.h.call('GET', `/v1/events?${q}`), 400, field);
    });

    it('Accept: application/x-ndjson without limit streams the whole log from `after`, one JSON a line', async () => {
      for (const after of [0, 1500]) {
        const res = await app.h.call('GET', `/v1/events?after=${after}`, undefined, { accept: 'application/x-ndjson' });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/);
        expect(res.text.endsWith('\n')).toBe(true);
        const lines = res.text.split('\n').filter((l) => l !== '');
        expect(lines).toHaveLength(all.length - after);
        const events = lines.map((l) => JSON.parse(l));
        expect(events).toEqual(all.slice(after));
      }
    });

    it('GET /v1/projections shows the relations projection live, lag 0, at the head of the log', async () => {
      const res = expectStatus(await app.h.call('GET', '/v1/projections'), 200);
      const relations = res.body.projections.find((p: any) => /relation/i.test(p.name));
      expect(relations).toEqual(expect.objectContaining({ status: 'live', lag: 0, checkpoint: all.length }));
    });
  });

  describe('the catalogue', () => {
    /** The type names the contract v1 fixes: never renamed, never gone. */
    const V1_TYPES = [
      'SanctionsImposed',
      'SanctionsLifted',
      'TalksOpened',
      'TalksResumed',
      'TalksSuspended',
      'TalksTerminated',
      'VisaRegimeGranted',
      'VisaRegimeRevoked',
      'CooperationLaunched',
      'CooperationResumed',
      'CooperationSuspended',
      'CooperationTerminated',
      'DiplomaticRelationsDowngraded',
      'DiplomaticRelationsSevered',
      'DiplomaticRelationsRestored',
      'AmbassadorRecalled',
      'AmbassadorReturned',
      'DiplomatsExpelled',
      'ProtestLodged',
    ];
    let types: any[];
    let index: any;
    beforeAll(async () => {
      ({ types, index } = expectStatus(await app.h.call('GET', '/v1/event-types'), 200).body);
    });

    it("names the methods of the state's two scores, the standing with its version and every area's weights", () => {
      expect(index.score.method).toBe('goldstein-sum');
      expect(index.standing).toEqual(
        expect.objectContaining({ method: 'weights-in-force', version: 1, description: expect.any(String) }),
      );
      expect(Object.keys(index.standing.weights).sort()).toEqual([...AREA_NAMES].sort());
      expect(index.standing.weights.diplomaticRelations.severed).toBeLessThan(0);
    });

    it('lists every type of the catalogue, the 19 of v1 among them, ActionRetracted and ActionCorrected', () => {
      const names = types.map((t) => t.type);
      expect(names).toEqual(expect.arrayContaining([...V1_TYPES, 'ActionRetracted', 'ActionCorrected']));
      expect(names.sort()).toEqual([...ACTION_TYPES, 'ActionRetracted', 'ActionCorrected'].sort());
    });

    it.each([
      ['SanctionsImposed', '163', -8],
      ['SanctionsLifted', '085', 7],
      ['SanctionsRenewed', '163', 0],
      ['SanctionsAmended', '163', -8],
      ['SanctionsSuspended', '085', 7],
      ['SanctionsReinstated', '163', -8],
      ['TalksOpened', '046', 7],
      ['TalksResumed', '046', 7],
      ['TalksSuspended', '164', -7],
      ['TalksTerminated', '164', -7],
      ['VisaRegimeGranted', '081', 5],
      ['VisaRegimeRevoked', '172', -5],
      ['CooperationSuspended', '161', -4],
      ['CooperationTerminated', '161', -4],
      ['DiplomaticRelationsDowngraded', '161', -4],
      ['DiplomaticRelationsSevered', '161', -4],
      ['DiplomaticRelationsRestored', '054', 6],
      ['AmbassadorRecalled', '161', -4],
      ['DiplomatsExpelled', '174', -5],
      ['ProtestLodged', '111', expect.any(Number)],
    ])('%s: CAMEO %s, Goldstein %p', (type, cameo, score) => {
      expect(types.find((t) => t.type === type)).toEqual(expect.objectContaining({ cameo, goldstein: score }));
    });

    it('every action type has a CAMEO code, a Goldstein score in [-10, 10] and a details schema', () => {
      for (const type of ACTION_TYPES) {
        const t = types.find((x) => x.type === type);
        expect(t.cameo).toMatch(/^\d{2,4}$/);
        expect(t.goldstein).toBeGreaterThanOrEqual(-10);
        expect(t.goldstein).toBeLessThanOrEqual(10);
        expect(t.details).toEqual(expect.any(Object));
      }
      const imposed = JSON.stringify(types.find((t) => t.type === 'SanctionsImposed').details);
      expect(imposed).toMatch(/measures/);
      // Every $ref names a definition the schema carries.
      for (const { type, details } of types.filter((t) => t.details)) {
        const refs = [...JSON.stringify(details).matchAll(/"#\/definitions\/(\w+)"/g)].map((m) => m[1]);
        expect({ type, missing: refs.filter((r) => !details.definitions?.[r]) }).toEqual({ type, missing: [] });
      }
      expect(JSON.parse(imposed).definitions.Measure.properties).toEqual(
        expect.objectContaining({ id: expect.any(Object), entities: expect.any(Object) }),
      );
      const reinstated = types.find((t) => t.type === 'SanctionsReinstated').details;
      expect(reinstated).toMatchObject({ required: ['sanctionsId'], properties: { sanctionsId: expect.any(Object) } });
      expect(JSON.parse(imposed).properties).toEqual(
        expect.objectContaining({
          program: expect.any(Object),
          legalBasis: expect.any(Object),
          expiresAt: expect.any(Object),
        }),
      );
      expect(JSON.stringify(types.find((t) => t.type === 'TalksTerminated').details)).toMatch(/track/);
    });
  });

  describe('service endpoints', () => {
    it('/health answers 200', async () => {
      expectStatus(await app.h.call('GET', '/health'), 200);
    });

    it('/docs serves the OpenAPI document, which lists /v1/events', async () => {
      expectStatus(await app.h.call('GET', '/docs'), 200);
      const candidates = ['/docs-json', '/docs/json', '/docs/openapi.json'];
      const found = [];
      for (const path of candidates) {
        const res = await app.h.call('GET', path);
        if (res.status === 200 && res.body?.openapi) found.push(res.body);
      }
      expect(found.length).toBeGreaterThan(0);
      const paths = Object.keys(found[0].paths);
      expect(paths).toEqual(expect.arrayContaining(['/v1/events', '/v1/events/batch', '/v1/relations/{a}/{b}']));
      // The state's schema follows the areas: every area the answer has, the schema documents.
      const state = found[0].paths['/v1/relations/{a}/{b}'].get.responses['200'].content['application/json'].schema;
      const answer = expectStatus(await app.h.call('GET', '/v1/relations/JP/RU'), 200).body;
      expect(Object.keys(state.properties).sort()).toEqual(Object.keys(answer).sort());
      // Every type's details, the fields of sanctions packages, and every $ref naming a schema the document has.
      const doc = found[0];
      const body = doc.components.schemas.RecordActionDto.properties.details;
      expect(body.oneOf).toContainEqual({ $ref: '#/components/schemas/SanctionsRenewedDetails' });
      expect(Object.keys(doc.components.schemas.Measure.properties)).toEqual(
        expect.arrayContaining(['id', 'kind', 'entities']),
      );
      expect(Object.keys(state.properties.sanctions.items.properties)).toEqual(
        expect.arrayContaining(['status', 'expiresAt', 'renewals', 'program', 'legalBasis', 'liftedMeasures']),
      );
      const refs = [...JSON.stringify(doc).matchAll(/"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]);
      expect(refs.filter((r) => !doc.components.schemas[r])).toEqual([]);
      expect(JSON.stringify(doc)).not.toMatch(/#\/definitions\//);
      expect(doc.paths['/v1/sanctions'].get.responses['200'].content['application/json'].schema.properties).toEqual(
        expect.objectContaining({ packages: expect.any(Object), next: expect.any(Object) }),
      );
    });
  });
});
