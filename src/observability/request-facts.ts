import type { IncomingMessage } from 'node:http';

/** What the log line and the metrics of a request say besides what Node's request holds. */
export interface RequestFacts {
  /** The route's pattern (`/v1/relations/:a/:b`), not the URL: what a dashboard groups by. */
  route?: string;
  /** Who was authenticated: a role and a hash prefix of the token (`writer:3f2a9c1d`), never the token. */
  principal?: string;
}

const facts = new WeakMap<IncomingMessage, RequestFacts>();

/** Notes facts of a request as the pipeline learns them (the router its route, the guard its principal). */
export function note(req: IncomingMessage, more: RequestFacts): void {
  facts.set(req, { ...facts.get(req), ...more });
}

export const factsOf = (req: IncomingMessage): RequestFacts => facts.get(req) ?? {};
