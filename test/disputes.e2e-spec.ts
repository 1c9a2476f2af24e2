import { action, expectError, expectStatus, logHead, record, useApp } from './support/ledger';

// Disputes before a forum, from filing to ruling, withdrawal or settlement. On both stores.
describe('disputes', () => {
  const app = useApp();
  const get = async (path: string) => expectStatus(await app.h.call('GET', path), 200).body;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const post = async (name: string, body: Parameters<typeof action>[0]) =>
      (ids[name] = (await record(app.h, action(body))).eventId);
    await post('filed', {
      type: 'DisputeFiled',
      actor: 'EU',
      target: 'CN',
      occurredAt: '2022-01-27',
      details: { forum: 'WTO', caseId: 'DS610', onBehalfOf: 'LT' },
    });
    await post('unnumbered', {
      type: 'DisputeFiled',
      actor: 'CN',
      target: 'EU',
      occurredAt: '2022-03-01',
      details: { forum: 'arbitration' },
    });
    await post('ruled', {
      type: 'DisputeRuled',
      actor: 'EU',
      target: 'CN',
      occurredAt: '2024-01-01',
      details: { forum: 'WTO', caseId: 'DS610', outcome: 'in favour of the complainant' },
    });
    await post('settled', {
      type: 'DisputeSettled',
      actor: 'CN',
      target: 'EU',
      occurredAt: '2023-01-01',
      details: { forum: 'arbitration', caseId: ids.unnumbered },
    });
  });

  it('lists a case as filed, with whom it is brought for, then as ruled with its outcome', async () => {
    expect((await get('/v1/relations/CN/EU?asOf=2022-02-01')).disputes).toEqual([
      {
        forum: 'WTO',
        caseId: 'DS610',
        status: 'active',
        complainant: 'EU',
        onBehalfOf: 'LT',
        since: '2022-01-27',
        eventId: ids.filed,
      },
    ]);
    expect((await get('/v1/relations/CN/EU?asOf=2024-06-01')).disputes).toEqual([
      expect.objectContaining({ caseId: 'DS610', status: 'ruled', outcome: 'in favour of the complainant' }),
      expect.objectContaining({ caseId: ids.unnumbered, status: 'settled', complainant: 'CN', eventId: ids.settled }),
    ]);
  });

  it('shows the filing in the timeline with its details, and in /changes', async () => {
    const { actions } = await get('/v1/relations/EU/CN/timeline?from=2022-01-27&to=2022-01-27');
    expect(actions).toEqual([
      expect.objectContaining({ type: 'DisputeFiled', details: { forum: 'WTO', caseId: 'DS610', onBehalfOf: 'LT' } }),
    ]);
    const { changes } = await get('/v1/relations/EU/CN/changes?from=2023-12-01&to=2024-01-31');
    expect(changes).toEqual([
      expect.objectContaining({ area: 'disputes', to: expect.objectContaining({ status: 'ruled' }) }),
    ]);
  });

  describe('bad input: a clear 400, nothing recorded', () => {
    it.each([
      ['DisputeFiled', {}, 'details.forum'],
      ['DisputeFiled', { forum: 'WTO', onBehalfOf: 'Lithuania' }, 'details.onBehalfOf: must be a party code'],
      ['DisputeRuled', { forum: 'WTO', caseId: 'DS610' }, 'details.outcome'],
      ['DisputeSettled', { forum: 'WTO' }, 'details.caseId'],
      ['DisputeWithdrawn', { forum: 'WTO', caseId: 'DS610', reason: 'x' }, 'details.reason: unknown field'],
    ])('%s %j', async (type, details, mention) => {
      const head = await logHead(app.h);
      const body = action({ type, actor: 'EU', target: 'CN', details });
      expectError(await app.h.call('POST', '/v1/events', body), 400, mention);
      expect(await logHead(app.h)).toEqual(head);
    });
  });
});
