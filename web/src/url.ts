// The view lives in the query string, so that any view can be shared as a link:
// /?a=JP&b=RU&asOf=2022-03-21&knownAt=2024-05-01T10:00:00.000Z

export interface View {
  a?: string;
  b?: string;
  /** Valid time: a date. Empty: today. */
  asOf?: string;
  /** Transaction time: an ISO instant. Empty: what the ledger knows now. */
  knownAt?: string;
}

const KEYS = ['a', 'b', 'asOf', 'knownAt'] as const;

export function readView(search = location.search): View {
  const q = new URLSearchParams(search);
  const view: View = {};
  for (const k of KEYS) {
    const v = q.get(k)?.trim();
    if (v) view[k] = k === 'a' || k === 'b' ? v.toUpperCase() : v;
  }
  return view;
}

/** The page's URL for a view: ':' is left readable in times. */
export function viewUrl(view: View, origin = ''): string {
  const parts = KEYS.filter((k) => view[k]).map((k) => `${k}=${encodeURIComponent(view[k]!).replace(/%3A/g, ':')}`);
  return `${origin}/${parts.length ? `?${parts.join('&')}` : ''}`;
}
