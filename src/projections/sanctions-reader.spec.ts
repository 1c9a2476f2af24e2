import Database from 'better-sqlite3';
import { history } from '../../test/support/history';
import { NOT_IN_FORCE, PACKAGE_STATUSES, SanctionsPackage } from '../domain/areas/sanctions';
import { RecordedEvent } from '../domain/events';
import { stateAt } from '../domain/state/state-at';
import { viewState } from '../domain/state/view';
import { parseInstant } from '../domain/time';
import { openReadStore } from './read-store';
import { RelationReader } from './relation-reader';
import { RelationsProjection } from './relations.projection';
import { SanctionsReader } from './sanctions-reader';

const day = (d: string) => parseInstant('asOf', d, 'end-of-day');
const byId = (ps: SanctionsPackage[]) => [...ps].sort((a, b) => a.id.localeCompare(b.id));

/** The read model after each event in turn (live), and filled whole (a rebuild). */
function readers(events: RecordedEvent[]) {
  const live: Database.Database = openReadStore(':memory:');
  const projection = new RelationsProjection(live);
  for (const e of events) live.transaction(() => projection.apply([e]))();
  const filled: Database.Database = openReadStore(':memory:', true);
  const fill = new RelationsProjection(filled, { filling: true });
  filled.transaction(() => {
    fill.apply(events);
    for (const step of fill.finishingSteps()) step();
  })();
  return [live, filled].map((db) => new SanctionsReader(db, new RelationReader(db)));
}

/** Every package of every status on each date, from the read model, is the pure fold's, pair by pair. */
function expectAgreement(events: RecordedEvent[], dates: string[]) {
  const streams = [...new Set(events.map((e) => e.stream))];
  for (const reader of readers(events)) {
    for (const d of dates) {
      const expected = streams.flatMap(
        (s) =>
          viewState(
            stateAt(
              events.filter((e) => e.stream === s),
              day(d),
            ),
            { include: NOT_IN_FORCE },
          ).sanctions,
      );
      const f = { asOf: day(d), knownAt: Infinity, statuses: PACKAGE_STATUSES };
      expect([d, byId(reader.packages(f, 0, 1000).found.map((x) => x.package))]).toEqual([d, byId(expected)]);
    }
  }
}

describe('the sanctions read model refolds what a change is about (given events / then packages)', () => {
  it('a lift by kinds refolds every package of its actor on its target, and none other', () => {
    const h = history();
    h.action('SanctionsImposed', 'JP', 'RU', '2022-01-01', { measures: [{ kind: 'export_ban' }, { kind: 'other' }] });
    h.action('SanctionsImposed', 'JP', 'RU', '2022-02-01', { measures: [{ kind: 'export_ban' }] });
    h.action('SanctionsImposed', 'RU', 'JP', '2022-02-01', { measures: [{ kind: 'export_ban' }] });
    h.action('SanctionsLifted', 'JP', 'RU', '2022-03-01', { kinds: ['export_ban'] });
    expectAgreement(h.events, ['2022-02-15', '2022-03-01', '2023-01-01']);
  });

  it('a correction that moves a lifecycle action to another package refolds both', () => {
    const h = history();
    const a = h.action('SanctionsImposed', 'EU', 'RU', '2014-07-31', { measures: [{ kind: 'financial' }] });
    const b = h.action('SanctionsImposed', 'EU', 'RU', '2014-09-08', { measures: [{ kind: 'financial' }] });
    const lift = h.action('SanctionsLifted', 'EU', 'RU', '2016-01-01', { sanctionsId: a });
    h.correct(lift, { details: { sanctionsId: b } });
    expectAgreement(h.events, ['2015-01-01', '2016-01-01', '2017-01-01']);
  });

  it('a retraction of an imposition, an amendment moved back in time, a renewal after the lapse', () => {
    const h = history();
    const gone = h.action('SanctionsImposed', 'US', 'IR', '2012-01-01', { measures: [{ kind: 'financial' }] });
    const pkg = h.action('SanctionsImposed', 'US', 'IR', '2012-06-01', {
      expiresAt: '2013-06-01',
      measures: [{ kind: 'financial', entities: ['Bank Melli'] }],
    });
    const amendment = h.action('SanctionsAmended', 'US', 'IR', '2013-01-01', {
      sanctionsId: pkg,
      add: [{ id: 'm2', kind: 'export_ban' }],
    });
    h.action('SanctionsRenewed', 'US', 'IR', '2013-09-01', { sanctionsId: pkg, expiresAt: '2014-06-01' });
    h.retract(gone);
    h.correct(amendment, { occurredAt: '2012-07-01' });
    expectAgreement(h.events, ['2012-06-30', '2012-07-01', '2013-07-01', '2013-09-01', '2014-06-02']);
  });
});
