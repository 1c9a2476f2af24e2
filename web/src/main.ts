import 'uplot/dist/uPlot.min.css';
import './style.css';
import { api, ApiError } from './api';
import { Page, ViewContext } from './context';
import { CountryView } from './country-view';
import { h } from './dom';
import { HomeView } from './home-view';
import { PairView } from './pair-view';
import { Parties } from './parties';
import { Picker } from './picker';
import { readView, View, viewUrl } from './url';

const main = document.querySelector<HTMLElement>('#view')!;
const banner = document.querySelector<HTMLElement>('#error')!;
const errors = new Map<string, string>();
let view: View = {};
let page: { key: string; page: Page } | undefined;

/** Errors stay on screen, in words, until the request that failed succeeds. */
function status(key: string, error?: unknown) {
  if (error === undefined) errors.delete(key);
  else errors.set(key, describe(error));
  banner.hidden = errors.size === 0;
  banner.replaceChildren(
    ...[...new Set(errors.values())].map((m) => h('p', {}, m)),
    h('button', { type: 'button', class: 'link', onclick: () => location.reload() }, 'Try again'),
  );
}

function describe(e: unknown): string {
  if (typeof e === 'string') return e;
  if (e instanceof ApiError) {
    return e.status === 0
      ? `No answer from the service: ${e.message}.`
      : `The service answered ${e.status} (${e.error}): ${e.message}`;
  }
  return `Something went wrong on this page: ${e instanceof Error ? e.message : String(e)}`;
}

function navigate(next: View, mode: 'push' | 'replace', parties: Parties, picker: Picker) {
  const url = viewUrl(next);
  if (url !== location.pathname + location.search)
    history[mode === 'push' ? 'pushState' : 'replaceState'](null, '', url);
  render(next, parties, picker);
}

function render(next: View, parties: Parties, picker: Picker) {
  view = next;
  picker.show(view.a, view.b);
  const unknown = [view.a, view.b].filter((c): c is string => !!c && !parties.has(c));
  status(
    'view',
    unknown.length ? `The link names an unknown country or organisation code: ${unknown.join(', ')}.` : undefined,
  );
  const [a, b] = unknown.length ? [] : [view.a, view.b];
  const key = a && b ? `pair:${a}:${b}` : a ? `country:${a}` : 'home';
  if (page?.key !== key) {
    page?.page.destroy();
    for (const k of errors.keys()) if (k !== 'view') status(k);
    const ctx: ViewContext = {
      parties,
      go: (patch) => navigate({ ...view, ...patch }, 'replace', parties, picker),
      status,
    };
    const created = a && b ? new PairView(a, b, ctx) : a ? new CountryView(a, ctx) : new HomeView(parties);
    page = { key, page: created };
    main.replaceChildren(created.el);
  }
  page.page.update(view);
  const names = [a, b].filter((c): c is string => !!c).map(parties.name);
  document.title = names.length ? `${names.join(' and ')} · Chancery` : 'Chancery — diplomatic relations over time';
}

async function start() {
  let parties: Parties;
  try {
    parties = new Parties((await api.parties()).parties);
  } catch (e) {
    return status('parties', e);
  }
  const form = document.querySelector<HTMLFormElement>('#picker')!;
  const picker: Picker = new Picker(form, parties, (a, b) =>
    navigate({ a, b, asOf: view.asOf }, 'push', parties, picker),
  );
  window.addEventListener('popstate', () => render(readView(), parties, picker));
  // Links inside the page change the view without reloading it.
  document.addEventListener('click', (e) => {
    const link = (e.target as Element).closest?.('a[data-nav]');
    if (!link || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(readView(new URL((link as HTMLAnchorElement).href).search), 'push', parties, picker);
    window.scrollTo({ top: 0 });
  });
  render(readView(), parties, picker);
}

void start();
