import { Page } from './context';
import { h } from './dom';
import { Parties } from './parties';
import { viewUrl } from './url';

/** The episodes of the bundled example dataset (npm run seed). */
const EXAMPLES: [string, string, string][] = [
  ['JP', 'RU', '2022-03-21'],
  ['QA', 'SA', '2019-01-01'],
  ['IR', 'SA', '2020-01-01'],
  ['CA', 'SA', '2019-01-01'],
  ['GB', 'RU', '2018-04-01'],
];

/** Where the page starts: what it does and a few pairs to open. */
export class HomeView implements Page {
  readonly el: HTMLElement;

  constructor(parties: Parties) {
    const n = parties.name;
    this.el = h(
      'section',
      { class: 'card home' },
      h('h1', {}, 'Relations between states, on any date'),
      h(
        'p',
        {},
        'Pick two countries or organisations to see how their relations evolved: an index of the recorded ',
        'actions over time, the state of relations on any date (as known now, or as the ledger knew it then), ',
        'and every action with its sources. Pick one for an overview of its sanctions and counterparts.',
      ),
      h('h2', {}, 'Examples'),
      h(
        'ul',
        { class: 'examples' },
        EXAMPLES.map(([a, b, asOf]) =>
          h('li', {}, h('a', { href: viewUrl({ a, b, asOf }), 'data-nav': true }, `${n(a)} and ${n(b)}`)),
        ),
        h('li', {}, h('a', { href: viewUrl({ a: 'RU' }), 'data-nav': true }, `${n('RU')}: overview`)),
      ),
      h('p', { class: 'muted small' }, 'The examples need the bundled dataset: npm run seed.'),
    );
  }

  update() {}
  destroy() {}
}
