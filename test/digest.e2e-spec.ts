import { action, expectError, expectStatus, record, useApp } from './support/ledger';

describe('digest: what the ledger learned since a time (changes?since=)', () => {
  const app = useApp();

  it('answers for a pair and for a party: the events recorded since, and what they changed', async () => {
    const h = app.h;
    await record(h, action({ type: 'TalksOpened', actor: 'JP', target: 'RU', occurredAt: '2018-11-14' }));
    const protest = await record(
      h,
      action({ type: 'ProtestLodged', actor: 'JP', target: 'RU', occurredAt: '2019-01-01' }),
    );
    const last = await record(
      h,
      action({ type: 'ProtestLodged', actor: 'CN', target: 'LT', occurredAt: '2021-08-10' }),
    );
    const since = last.recordedAt;
    await new Promise((r) => setTimeout(r, 5));

    const ended = await record(h, action({ actor: 'RU', target: 'JP', occurredAt: '2022-03-21' }));
    expectStatus(await h.call('POST', `/v1/events/${protest.eventId}/retraction`, { reason: 'not a protest' }), 201);
    await record(h, action({ type: 'ProtestLodged', actor: 'GB', target: 'RU', occurredAt: '2022-03-22' }));

    const pair = expectStatus(await h.call('GET', `/v1/relations/RU/JP/changes?since=${since}`), 200).body;
    expect(pair).toMatchObject({ pair: ['JP', 'RU'], since });
    expect(pair.recorded.map((e: { type: string }) => e.type)).toEqual(['TalksTerminated', 'ActionRetracted']);
    expect(pair.recorded[0].eventId).toBe(ended.eventId);
    expect(pair.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          area: 'talks',
          key: 'peace-treaty',
          to: expect.objectContaining({ status: 'terminated' }),
        }),
        expect.objectContaining({ area: 'incidents', key: 'ProtestLodged', from: 1, to: null }),
      ]),
    );
    // As known at a time before the digest's window ends, the later records are not learned yet.
    const earlier = expectStatus(
      await h.call('GET', `/v1/relations/RU/JP/changes?since=${since}&knownAt=${since}`),
      200,
    );
    expect(earlier.body).toMatchObject({ changes: [], recorded: [] });

    const country = expectStatus(await h.call('GET', `/v1/countries/RU/changes?since=${since}`), 200).body;
    expect(
      country.counterparts.map((c: { counterpart: string; recorded: unknown[] }) => [c.counterpart, c.recorded.length]),
    ).toEqual([
      ['GB', 1],
      ['JP', 2],
    ]);
    const quiet = expectStatus(await h.call('GET', `/v1/countries/LT/changes?since=${since}`), 200).body;
    expect(quiet.counterparts).toEqual([]);
  });

  it('refuses mixed or missing times, naming them', async () => {
    const h = app.h;
    expectError(await h.call('GET', '/v1/relations/JP/RU/changes?since=2022-01-01&from=2022-01-01'), 400, 'since');
    expectError(await h.call('GET', '/v1/relations/JP/RU/changes?to=2022-01-01'), 400, 'from');
    expectError(await h.call('GET', '/v1/relations/JP/RU/changes?since=yesterday'), 400, 'since');
    expectError(
      await h.call('GET', '/v1/relations/JP/RU/changes?from=2022-01-01&to=2022-02-01&asOf=2022-01-01'),
      400,
      'asOf',
    );
    expectError(await h.call('GET', '/v1/countries/RU/changes'), 400, 'since');
    expectError(await h.call('GET', '/v1/countries/XX/changes?since=2022-01-01'), 400, 'XX');
  });
});
