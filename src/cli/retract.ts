import { EventView } from '../ledger/event-view';
import { Api } from './api';
import { derivedId } from './import/rows';

export interface RetractReport {
  /** The actions imported from the source, retracted or not. */
  actions: number;
  retracted: number;
  alreadyRetracted: number;
}

/**
 * Retracts every action imported from a source (`GET /v1/events?source=`), one retraction each. Each
 * retraction's id is derived from the action's, and an action retracted already is left as it is: running it
 * again records nothing new, and a run stopped half-way finishes where it stopped.
 */
export async function retractSource(api: Api, source: string, reason: string): Promise<RetractReport> {
  const report: RetractReport = { actions: 0, retracted: 0, alreadyRetracted: 0 };
  for (let after: number | null = 0; after !== null;) {
    const query = new URLSearchParams({ source, after: String(after), limit: '1000' });
    const page: { events: (EventView & { retractedBy?: string })[]; next: number | null } = await api.ok(
      'GET',
      `/v1/events?${query.toString()}`,
    );
    for (const action of page.events) {
      report.actions++;
      if (action.retractedBy) {
        report.alreadyRetracted++;
        continue;
      }
      const body = { reason, eventId: derivedId('retract', action.eventId) };
      const path = `/v1/events/${action.eventId}/retraction`;
      const a = await api.call('POST', path, body);
      if (a.status >= 300) throw new Error(`POST ${path}: ${a.status} ${a.body.message ?? ''}`.trim());
      report[a.status === 201 ? 'retracted' : 'alreadyRetracted']++;
    }
    after = page.next;
  }
  return report;
}
