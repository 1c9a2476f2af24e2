/**
 * Another action, named by a link: enough to show and find it (its pair's timeline). Plain types, no imports: the
 * web page takes this one definition too (`import type`).
 */
export interface Link {
  eventId: string;
  type?: string;
  actor?: string;
  target?: string;
  occurredAt?: string;
  retracted?: boolean;
}
