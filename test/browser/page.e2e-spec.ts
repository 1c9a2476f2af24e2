import { join } from 'node:path';
import { AREA_NAMES } from '../../src/domain/areas/areas';
import { expectStatus, sleep } from '../support/ledger';
import { countOf, textOf, until } from './browser';
import { describeOnce, episode, useExamplesInBrowser } from './examples-app';

// The web page at GET /, in headless Chromium, against the real app loaded with examples/*.json.

const DOCS = join(__dirname, '..', '..', 'docs');
const seed = episode('russia-japan-2022.json');
const idOf = (type: string, occurredAt: string) =>
  seed.find((e) => e.type === type && e.occurredAt === occurredAt)!.eventId;
const TALKS_TERMINATED = idOf('TalksTerminated', '2022-03-21');
const PROTEST = idOf('ProtestLodged', '2022-03-22');

/** Where a screenshot goes: the README's pictures in docs/ are rewritten only by `npm run docs:screenshot`. */
const screenshotTo = (file: string) => (process.env.UPDATE_SCREENSHOT ? { path: join(DOCS, file) } : {});

const TALKS = '[data-talks="peace-treaty"] .status';
const VISA = '[data-visa="visa-free-south-kurils"] .status';

describeOnce('the web page, in headless Chromium', () => {
  const app = useExamplesInBrowser();

  it('is served at / next to the API, with a content security policy', async () => {
    const page = await app.h.call('GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await app.h.call('GET', '/docs')).status).toBe(200);
    expect((await app.h.call('GET', '/v1/parties')).body.parties).toContainEqual({
      code: 'JP',
      name: 'Japan',
      kind: 'country',
    });
    const missing = await app.h.call('GET', '/v1/no-such-thing');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual(expect.objectContaining({ statusCode: 404, error: 'Not Found' }));
  });

  it('shows the seed pair: a chart with one mark per action, and a mark shows its action and sources', async () => {
    const page = await app.browser.open(`${app.h.url}/?a=JP&b=RU&asOf=2022-03-20`);
    await until('marks on the chart', () => countOf(page, '.chart .mark'), seed.length);
    const drawn = await page.locator('.plot canvas').evaluate((c: any) => {
      const data: Uint8ClampedArray = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      // Pixels of the cumulative line's colour (#243b6b) and of the standing score's (#8e44ad).
      const count = (r: number, g: number, b: number) => {
        let n = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i] === r && data[i + 1] === g && data[i + 2] === b) n++;
        return n;
      };
      return { cumulative: count(0x24, 0x3b, 0x6b), standing: count(0x8e, 0x44, 0xad) };
    });
    expect(drawn.cumulative).toBeGreaterThan(100);
    expect(drawn.standing).toBeGreaterThan(100);
    const plot = (await page.locator('.plot .u-over').boundingBox())!;
    for (const mark of await page.locator('.chart .mark').all()) {
      const box = (await mark.boundingBox())!;
      expect(box.x + box.width / 2).toBeGreaterThanOrEqual(plot.x - 1);
      expect(box.x + box.width / 2).toBeLessThanOrEqual(plot.x + plot.width + 1);
    }

    await page.locator(`.mark[data-event-id="${TALKS_TERMINATED}"]`).hover();
    const card = page.locator('.mark-card');
    await card.waitFor({ state: 'visible' });
    expect(await card.locator('h3').textContent()).toBe('Talks terminated');
    expect(await card.locator('.when').textContent()).toContain('21 Mar 2022');
    const sources = await card.locator('.sources a').evaluateAll((as: any[]) => as.map((a) => a.getAttribute('href')));
    expect(sources).toEqual(seed.find((e) => e.eventId === TALKS_TERMINATED)!.sources!.map((s) => s.url));
    await page.close();
  });

  it('moves the slider across 2022-03-21: the talks and visa rows change, and the URL follows', async () => {
    const page = await app.browser.open(`${app.h.url}/?a=JP&b=RU&asOf=2022-03-20`);
    await until('talks on 20 March', () => textOf(page, TALKS), 'active');
    const state = (await app.h.call('GET', '/v1/relations/JP/RU?asOf=2022-03-20')).body;
    expect(await page.locator('[data-standing]').getAttribute('data-standing')).toBe(String(state.index.standing));
    expect(await countOf(page, VISA)).toBe(0);
    expect(await countOf(page, '[data-visa-none]')).toBe(1);

    await page.locator('#asof-range').focus();
    await page.keyboard.press('ArrowRight');
    await until('talks on 21 March', () => textOf(page, TALKS), 'terminated');
    await until('the visa-free regime on 21 March', () => textOf(page, VISA), 'revoked');
    expect(await textOf(page, '.date-shown')).toBe('21 Mar 2022');
    expect(new URL(page.url()).searchParams.get('asOf')).toBe('2022-03-21');

    await page.keyboard.press('ArrowLeft');
    await until('talks back on 20 March', () => textOf(page, TALKS), 'active');
    await until('no visa row on 20 March', () => countOf(page, VISA), 0);

    // The README's picture: 21 March 2022, the card of the talks' termination open.
    await page.keyboard.press('ArrowRight');
    await until('talks on 21 March', () => textOf(page, TALKS), 'terminated');
    await page.locator(`.mark[data-event-id="${TALKS_TERMINATED}"]`).click();
    await page.locator('.mark-card').waitFor({ state: 'visible' });
    await page.mouse.move(0, 0);
    await page.setViewportSize({ width: 1280, height: 1360 });
    const picture = await page.screenshot(screenshotTo('web-page.png'));
    expect(picture.length).toBeGreaterThan(10_000);
    await page.close();
  });

  it('shows a block for every area of the state the API answers', async () => {
    const page = await app.browser.open(`${app.h.url}/?a=JP&b=RU&asOf=2022-03-21`);
    await until('talks on 21 March', () => textOf(page, TALKS), 'terminated');
    for (const area of AREA_NAMES) expect([area, await countOf(page, `[data-area="${area}"]`)]).toEqual([area, 1]);
    await page.close();
  });

  it('shows a sanctions package as it lives: status, expiry, renewals, amendments, a lapse; the timeline names each step', async () => {
    const page = await app.browser.open(`${app.h.url}/?a=EU&b=RU&asOf=2022-03-15`);
    // The sectoral package, beside the EU's measures of March 2014 on the same side (no expiry recorded: in force).
    const sectoral = episode('eu-russia-sectoral-sanctions-2014-2026.json')[0];
    const pkg = `[data-sanctions="EU>RU"] [data-package="${sectoral.eventId}"]`;
    await until('the EU package on 15 March 2022', () => textOf(page, `${pkg} .status`), 'active');
    const life = await textOf(page, `${pkg} .life`);
    expect(life).toContain('in force until 31 Jul 2022');
    expect(life).toContain('renewed 14 times, last on 13 Jan 2022');
    expect(await textOf(page, `${pkg} [data-measure="m11"]`)).toContain('Named: Bank Otkritie');
    // The timeline names the lifecycle actions and what each does.
    const types = await page.locator('.timeline .type').allTextContents();
    expect(types).toEqual(expect.arrayContaining(['Sanctions imposed', 'Sanctions renewed', 'Sanctions amended']));
    expect(await page.locator('.timeline .who').allTextContents()).toContainEqual(
      expect.stringContaining('Renews the package until 31 Jul 2016'),
    );
    await page.close();

    const after = await app.browser.open(`${app.h.url}/?a=EU&b=RU&asOf=2026-08-01`);
    await until('the package lapsed', () => textOf(after, `${pkg} .status`), 'lapsed');
    expect(await textOf(after, `${pkg} .life`)).toContain('lapsed after 31 Jul 2026');
    expect(await textOf(after, '[data-sanctions="EU>RU"] h4')).toContain('1 package in force');
    await after.close();
  });

  it('toggles "as known at": the picture before a later correction and retraction', async () => {
    expectStatus(
      await app.h.call('POST', `/v1/events/${TALKS_TERMINATED}/correction`, {
        occurredAt: '2022-03-25',
        reason: 'browser test: dated 25 March',
      }),
      201,
    );
    await sleep(5); // two moments of the record, a few milliseconds apart
    expectStatus(
      await app.h.call('POST', `/v1/events/${PROTEST}/retraction`, { reason: 'browser test: reported in error' }),
      201,
    );

    const page = await app.browser.open(`${app.h.url}/?a=JP&b=RU&asOf=2022-03-21`);
    await until('talks as known now (corrected to 25 March)', () => textOf(page, TALKS), 'active');
    await until('marks of the actions that count now', () => countOf(page, '.chart .mark'), seed.length - 1);
    expect(await textOf(page, `[data-event-id="${TALKS_TERMINATED}"] .corrected-flag`)).toContain('dated 25 March');
    expect(await textOf(page, `[data-event-id="${PROTEST}"] .retracted-flag`)).toContain('reported in error');
    expect(await page.locator(`li[data-event-id="${PROTEST}"]`).getAttribute('class')).toContain('retracted');

    await page.locator('#known-toggle').check();
    await until('a knownAt in the URL', async () => !!new URL(page.url()).searchParams.get('knownAt'), true);
    await page.locator('#known-at').selectOption({ index: 0 }); // the record as first loaded
    const first = await page.locator('#known-at').inputValue();
    await until('talks as first recorded', () => textOf(page, TALKS), 'terminated');
    await until('every action marked, as first recorded', () => countOf(page, '.chart .mark'), seed.length);
    expect(await countOf(page, '.timeline .corrected-flag, .timeline .retracted-flag')).toBe(0);
    expect(new URL(page.url()).searchParams.get('knownAt')).toBe(first);

    await page.locator('#known-toggle').uncheck();
    await until('talks as known now again', () => textOf(page, TALKS), 'active');
    expect(new URL(page.url()).searchParams.get('knownAt')).toBeNull();
    await page.close();
  });

  it('follows a shared link to exactly the view that was shared', async () => {
    const page = await app.browser.open(`${app.h.url}/?a=RU&b=JP&asOf=2022-03-21`);
    await until('talks', () => textOf(page, TALKS), 'active');
    await page.locator('#known-toggle').check();
    await page.locator('#known-at').selectOption({ index: 0 });
    await until('talks as first recorded', () => textOf(page, TALKS), 'terminated');
    await page.locator('#copy-link').click();
    const link = await page.locator('.share-url').inputValue();
    const q = new URL(link).searchParams;
    expect([q.get('a'), q.get('b'), q.get('asOf')]).toEqual(['RU', 'JP', '2022-03-21']);
    expect(q.get('knownAt')).toBeTruthy();

    const shared = await app.browser.open(link);
    await until('talks in the shared view', () => textOf(shared, TALKS), 'terminated');
    expect(await shared.locator('#known-toggle').isChecked()).toBe(true);
    expect(await shared.locator('#known-at').inputValue()).toBe(q.get('knownAt'));
    expect(await textOf(shared, '.date-shown')).toBe('21 Mar 2022');
    expect(await shared.locator('#party-a').inputValue()).toBe('Russian Federation (RU)');
    await Promise.all([page.close(), shared.close()]);
  });

  it('picks parties by name, and shows one party’s overview: sanctions each way, counterparts by status', async () => {
    const page = await app.browser.open(`${app.h.url}/`);
    await page.locator('#party-a').fill('russia');
    await page.locator('#party-b').fill('');
    await page.locator('#picker button[type=submit]').click();
    await until('the overview URL', async () => new URL(page.url()).searchParams.get('a'), 'RU');
    await page.locator('#asof-date').fill('2022-06-01');
    await until(
      'sanctions on Russia by Japan',
      () => countOf(page, '[data-block="sanctions-on"] [data-counterpart="JP"]'),
      1,
    );
    expect(await countOf(page, '[data-block="sanctions-by"] [data-counterpart="JP"]')).toBe(1);
    // Most of Russia's counterparts in the examples have no relations recorded: not recorded, not normal.
    expect(await countOf(page, '[data-status="unrecorded"] a.chip')).toBeGreaterThan(10);
    expect(await textOf(page, '[data-status="unrecorded"] .badge')).toBe('not recorded');

    await page.locator('#party-b').fill('Japan');
    await page.locator('#picker button[type=submit]').click();
    await until('the pair view', () => textOf(page, '.pair-view h1'), 'Russian Federation and Japan');
    expect(new URL(page.url()).searchParams.get('asOf')).toBe('2022-06-01');
    await page.close();
  });

  it('says in words when the service answers an error, or a link names an unknown party', async () => {
    const bad = await app.browser.open(`${app.h.url}/?a=JP&b=RU&knownAt=yesterday`, { expectErrors: true });
    await until('the error banner', () => bad.locator('#error').isVisible(), true);
    expect(await bad.locator('#error').textContent()).toMatch(/400.*knownAt/);

    const unknown = await app.browser.open(`${app.h.url}/?a=XX&b=RU`, { expectErrors: true });
    await until('the error banner', () => unknown.locator('#error').isVisible(), true);
    expect(await unknown.locator('#error').textContent()).toContain('unknown country or organisation code: XX');

    const down = await app.browser.open('about:blank', { expectErrors: true });
    await down.route('**/v1/relations/**', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({
          statusCode: 503,
          error: 'Service Unavailable',
          message: 'the event store is unavailable',
        }),
      }),
    );
    await down.goto(`${app.h.url}/?a=JP&b=RU`);
    await until('the error banner', () => down.locator('#error').isVisible(), true);
    expect(await down.locator('#error').textContent()).toContain(
      '503 (Service Unavailable): the event store is unavailable',
    );
    await Promise.all([bad.close(), unknown.close(), down.close()]);
  });

  it('renders text from the ledger as text, never as markup', async () => {
    const summary = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
    expectStatus(
      await app.h.call('POST', '/v1/events', {
        type: 'ProtestLodged',
        actor: 'NZ',
        target: 'AU',
        occurredAt: '2020-01-01',
        details: { subject: '<script>window.__pwned=2</script>' },
        summary,
        sources: [{ url: 'https://example.org/report?q=%3Cx%3E', publisher: '<i>Publisher</i>' }],
      }),
      201,
    );
    const page = await app.browser.open(`${app.h.url}/?a=AU&b=NZ&asOf=2020-01-02`);
    await until('the timeline', () => countOf(page, '.timeline .item'), 1);
    expect(await textOf(page, '.timeline .summary')).toBe(summary);
    expect(await textOf(page, '.timeline .sources a')).toBe('<i>Publisher</i>');
    expect(await countOf(page, '.timeline img, .timeline b, .timeline i, .timeline script')).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    await page.close();
  });

  it('is usable on a phone-sized screen', async () => {
    const page = await app.browser.open(`${app.h.url}/?a=JP&b=RU&asOf=2022-03-21`, { width: 390, height: 844 });
    await until('marks on the chart', async () => (await countOf(page, '.chart .mark')) > 0, true);
    await until('talks', () => textOf(page, TALKS), 'active');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    const chart = (await page.locator('.plot canvas').boundingBox())!;
    expect(chart.width).toBeLessThanOrEqual(390);
    await page.locator('#asof-range').focus();
    await page.keyboard.press('ArrowRight');
    await until('the date moved', () => textOf(page, '.date-shown'), '22 Mar 2022');
    await page.locator('#asof-range').blur();
    await page.locator('.pair-view .controls').evaluate((el: any) => el.scrollIntoView());
    expect((await page.screenshot(screenshotTo('web-page-phone.png'))).length).toBeGreaterThan(10_000);
    await page.close();
  });

  it('logged no console errors and threw no exceptions on any page', () => {
    expect(app.browser.problems).toEqual([]);
  });
});
