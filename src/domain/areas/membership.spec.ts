import { history } from '../../../test/support/history';
import { withInherited } from '../state/inherit';
import { stateAt } from '../state/state-at';
import { viewState } from '../state/view';
import { parseInstant } from '../time';
import { membershipIn } from './membership';

const day = (d: string) => parseInstant('asOf', d, 'end-of-day');

describe('membership (given events / then state)', () => {
  describe("given the UK's accession to the EU in 1973, its exit in 2020, and a correction of the exit's date", () => {
    const h = history();
    const joined = h.action('MembershipJoined', 'GB', 'EU', '1973-01-01', {});
    const left = h.action('MembershipLeft', 'GB', 'EU', '2020-02-01', {});
    const knownBefore = h.events[h.events.length - 1].recordedAt;
    h.correct(left, { occurredAt: '2020-01-31' });
    const membership = (asOf: string, knownAt = Infinity) => stateAt(h.events, day(asOf), knownAt).membership;

    it('then before the accession the UK is not a member, and nothing is listed', () => {
      expect(membershipIn(membership('1972-12-31'), 'GB', 'EU')).toBeUndefined();
      expect(viewState(stateAt(h.events, day('1972-12-31'))).membership).toEqual([]);
    });

    it('then between accession and exit it is a member since 1973-01-01', () => {
      expect(membershipIn(membership('2019-06-01'), 'GB', 'EU')).toEqual({
        member: 'GB',
        organisation: 'EU',
        status: 'member',
        since: '1973-01-01',
        eventId: joined,
      });
    });

    it('then after the exit the entry reads left, and the member is no longer one', () => {
      expect(viewState(stateAt(h.events, day('2020-01-31'))).membership).toEqual([
        { member: 'GB', organisation: 'EU', status: 'left', since: '2020-01-31', eventId: left },
      ]);
      expect(membershipIn(membership('2020-01-31'), 'GB', 'EU')).toBeUndefined();
    });

    it('then as known before the correction the UK was still a member on 2020-01-31', () => {
      expect(membershipIn(membership('2020-01-31', knownBefore), 'GB', 'EU')?.since).toBe('1973-01-01');
    });

    it('then membership weighs in the standing score while it lasts, and not after', () => {
      expect(viewState(stateAt(h.events, day('2019-06-01'))).index.standing).toBe(2);
      expect(viewState(stateAt(h.events, day('2020-06-01'))).index.standing).toBe(0);
    });
  });

  describe("given the EU's travel ban on Belarus, and Poland's own relations with Belarus", () => {
    const eu = history();
    const ban = eu.action('SanctionsImposed', 'EU', 'BY', '2004-09-24', { measures: [{ kind: 'travel_ban' }] });
    const own = history();
    own.action('AmbassadorRecalled', 'PL', 'BY', '2008-04-30', {});
    const asOf = day('2009-01-01');

    it("then inheriting adds the EU's package to the pair's view, marked via EU, and leaves the index the pair's own", () => {
      const view = viewState(stateAt(own.events, asOf));
      const inherited = withInherited(view, 'EU', viewState(stateAt(eu.events, asOf)));
      expect(inherited.sanctions).toEqual([expect.objectContaining({ id: ban, imposedBy: 'EU', via: 'EU' })]);
      expect(inherited.ambassadors).toEqual(view.ambassadors);
      expect(inherited.index).toEqual(view.index);
      expect(inherited.membership).toEqual([]);
    });
  });
});
