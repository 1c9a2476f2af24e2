import Database from 'better-sqlite3';
import { history } from '../../test/support/history';
import { NOT_IN_FORCE, PACKAGE_STATUSES, SanctionsPackage } from '../domain/areas/sanctions';
import { RecordedEvent } from '../domain/events';
import { pairOf, pairOfStream } from '../domain/pair';
import { diffStates } from '../domain/state/diff';
import { nextTimedChange } from '../domain/state/evolve';
import { effectiveActions, knowledgeAt } from '../domain/state/knowledge';
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

describe('the packages that change by time alone between two instants (given events / then timedChanges)', () => {
  const h = history();
  const expiring = (actor: string, target: string, on: string, expiresAt: string) =>
    h.action('SanctionsImposed', actor, target, on, { expiresAt, measures: [{ kind: 'financial' }] });
  const a = expiring('EU', 'RU', '2014-07-31', '2015-07-31');
  h.action('SanctionsRenewed', 'EU', 'RU', '2015-06-22', { sanctionsId: a, expiresAt: '2016-01-31' });
  const b = expiring('EU', 'RU', '2014-09-12', '2016-01-31');
  // Lapsed, amended while lapsed (still lapsed: no second lapse), renewed, lapsed again.
  const c = expiring('US', 'IR', '2015-01-01', '2015-12-31');
  h.action('SanctionsAmended', 'US', 'IR', '2016-03-01', { sanctionsId: c, add: [{ kind: 'export_ban' }] });
  h.action('SanctionsRenewed', 'US', 'IR', '2016-06-01', { sanctionsId: c, expiresAt: '2016-12-31' });
  // Renewed in time, but recorded after the expiry: as known now, it lapses only at the renewed expiry.
  const d = expiring('JP', 'RU', '2015-01-01', '2016-01-31');
  // Suspended when its expiry passes: it lapses all the same.
  const e = expiring('CA', 'RU', '2015-01-01', '2016-01-31');
  h.action('SanctionsSuspended', 'CA', 'RU', '2015-12-01', { sanctionsId: e });
  h.action('SanctionsRenewed', 'JP', 'RU', '2016-01-20', { sanctionsId: d, expiresAt: '2017-01-31' });
  // A suspension that ends by itself, and one reinstated by an action (no change by time alone).
  const f = h.action('SanctionsImposed', 'GB', 'IR', '2015-01-01', { measures: [{ kind: 'financial' }] });
  h.action('SanctionsSuspended', 'GB', 'IR', '2016-01-16', { sanctionsId: f, until: '2016-07-15' });
  const g = h.action('SanctionsImposed', 'FR', 'IR', '2015-01-01', { measures: [{ kind: 'financial' }] });
  h.action('SanctionsSuspended', 'FR', 'IR', '2016-01-16', { sanctionsId: g });
  h.action('SanctionsReinstated', 'FR', 'IR', '2016-03-01', { sanctionsId: g });
  // Suspended until after its expiry: it lapses, then its suspension ends while lapsed.
  const k = expiring('AU', 'RU', '2015-01-01', '2016-03-31');
  h.action('SanctionsSuspended', 'AU', 'RU', '2016-02-15', { sanctionsId: k, until: '2016-04-30' });

  const changes = (from: string, to: string) =>
    readers(h.events).map((r) =>
      r.timedChanges(day(from), day(to)).map((x) => [new Date(x.at).toISOString(), x.package.id, x.package.status]),
    );

  it('then each is named once, from the day after its expiry or suspension, in the order they happen', () => {
    const expected = [
      ['2016-01-01T00:00:00.000Z', c, 'lapsed'],
      ['2016-02-01T00:00:00.000Z', a, 'lapsed'],
      ['2016-02-01T00:00:00.000Z', b, 'lapsed'],
      ['2016-02-01T00:00:00.000Z', e, 'lapsed'],
      ['2016-04-01T00:00:00.000Z', k, 'lapsed'],
      ['2016-05-01T00:00:00.000Z', k, 'lapsed'],
      ['2016-07-16T00:00:00.000Z', f, 'active'],
      ['2017-01-01T00:00:00.000Z', c, 'lapsed'],
      ['2017-02-01T00:00:00.000Z', d, 'lapsed'],
    ];
    for (const found of changes('2015-12-31', '2017-12-31')) expect(found).toEqual(expected);
  });

  it('then the bounds are exclusive before and inclusive after', () => {
    for (const found of changes('2016-01-31', '2016-02-01')) expect(found.map(([, id]) => id)).toEqual([a, b, e]);
    for (const found of changes('2016-07-16', '2016-12-31')) expect(found).toEqual([]);
  });

  it("then they are the instants at which each pair's pure fold changes by time alone", () => {
    // Between two actions of a pair, its state changes by time alone at each nextTimedChange; an action may
    // bring another (a renewal, a suspension), so the walk starts again from each action's instant.
    const [from, to] = [day('2015-12-31'), day('2017-12-31')];
    const walked = [...new Set(h.events.map((x) => x.stream))].flatMap((stream) => {
      const events = h.events.filter((x) => x.stream === stream);
      const acted = effectiveActions(knowledgeAt(events)).map((x) => x.at);
      const starts = [from, ...acted.filter((at) => at > from && at <= to)].sort((x, y) => x - y);
      return starts.flatMap((start, i) => {
        const instants: string[] = [];
        const end = starts[i + 1] ?? to;
        for (let at = nextTimedChange(stateAt(events, start)); at !== null && at <= end;) {
          // `due` may be early (a renewal since): what counts is a change, as a watch is told one.
          const changed = diffStates(stateAt(events, at - 1), stateAt(events, at)).length > 0;
          if (changed) instants.push(`${pairOfStream(stream)!.join('-')}@${at}`);
          at = nextTimedChange(stateAt(events, at));
        }
        return instants;
      });
    });
    for (const reader of readers(h.events)) {
      const found = reader
        .timedChanges(from, to)
        .map((x) => `${pairOf(x.package.imposedBy, x.package.target).join('-')}@${x.at}`);
      expect(new Set(found)).toEqual(new Set(walked));
    }
  });
});
