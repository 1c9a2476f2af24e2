// A tiny element builder. Strings become text nodes, never markup: ledger text (summaries,
// sources, reasons) can hold anything, and none of it may be parsed as HTML.

type Child = Node | string | number | null | undefined | false | Child[];
type Attr = string | number | boolean | null | undefined;
type Attrs = Record<string, Attr | ((e: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (value === true) el.setAttribute(key, '');
    else if (value !== false && value !== null && value !== undefined) el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el: Node, children: Child[]) {
  for (const c of children) {
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else if (c !== null && c !== undefined && c !== false) el.appendChild(document.createTextNode(String(c)));
  }
}

/** Replaces an element's content. */
export function fill(el: Element, ...children: Child[]) {
  el.replaceChildren();
  append(el, children);
}

/** A link only for http(s) URLs: anything else (javascript:, data:) is shown as text. */
export function safeLink(url: string, text: string, attrs: Attrs = {}): HTMLElement {
  let ok = false;
  try {
    ok = ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    ok = false;
  }
  if (!ok) return h('span', { class: 'bad-url' }, text);
  return h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', ...attrs }, text);
}
