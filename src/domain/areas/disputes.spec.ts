import { history } from '../../../test/support/history';
import { stateAt } from '../state/state-at';
import { viewState } from '../state/view';
import { parseInstant } from '../time';

const day = (d: string) => parseInstant('asOf', d, 'end-of-day');

describe('disputes (given events / then state)', () => {
  describe("given the EU's WTO case against China for Lithuania, a second case ruled, and a third without a number", () => {
    const h = history();
    const ds610 = h.action('DisputeFiled', 'EU', 'CN', '2022-01-27', {
      forum: 'WTO',
      caseId: 'DS610',
      onBehalfOf: 'LT',
    });
    h.action('DisputeFiled', 'EU', 'CN', '2022-02-18', { forum: 'WTO', caseId: 'DS611' });
    const ruled = h.action('DisputeRuled', 'EU', 'CN', '2025-02-28', {
      forum: 'WTO',
      caseId: 'DS611',
      outcome: 'in part in favour of the complainant',
    });
    const unnumbered = h.action('DisputeFiled', 'CN', 'EU', '2023-03-01', { forum: 'arbitration' });
    const settled = h.action('DisputeSettled', 'CN', 'EU', '2023-09-01', { forum: 'arbitration', caseId: unnumbered });
    const withdrawn = h.action('DisputeWithdrawn', 'EU', 'CN', '2025-06-01', { forum: 'WTO', caseId: 'DS610' });
    const disputes = (asOf: string) => viewState(stateAt(h.events, day(asOf))).disputes;

    it('then a filed case is active, with its complainant and the party it is brought for', () => {
      expect(disputes('2022-01-31')).toEqual([
        {
          forum: 'WTO',
          caseId: 'DS610',
          status: 'active',
          complainant: 'EU',
          onBehalfOf: 'LT',
          since: '2022-01-27',
          eventId: ds610,
        },
      ]);
    });

    it('then a case without a number is known by its filing, and its settlement ends it', () => {
      expect(disputes('2023-06-01')).toContainEqual(
        expect.objectContaining({ forum: 'arbitration', caseId: unnumbered, status: 'active', complainant: 'CN' }),
      );
      expect(disputes('2023-09-01')).toContainEqual(
        expect.objectContaining({ caseId: unnumbered, status: 'settled', complainant: 'CN', eventId: settled }),
      );
    });

    it('then a ruling keeps the filing and gives the outcome; a withdrawal keeps who the case was for', () => {
      const after = disputes('2025-12-31');
      expect(after).toContainEqual({
        forum: 'WTO',
        caseId: 'DS611',
        status: 'ruled',
        complainant: 'EU',
        outcome: 'in part in favour of the complainant',
        since: '2025-02-28',
        eventId: ruled,
      });
      expect(after).toContainEqual(
        expect.objectContaining({ caseId: 'DS610', status: 'withdrawn', onBehalfOf: 'LT', eventId: withdrawn }),
      );
    });

    it('then a pending case weighs -1 in the standing score, and an ended one nothing', () => {
      expect(viewState(stateAt(h.events, day('2022-03-01'))).index.standing).toBe(-2);
      expect(viewState(stateAt(h.events, day('2025-12-31'))).index.standing).toBe(0);
    });
  });
});
