import { Page } from 'playwright-core';
import { countOf, textOf, until } from './browser';
import { describeOnce, episode, useExamplesInBrowser } from './examples-app';

// Real episodes from examples/*.json as the page tells them: who downgraded to what level, the expelled ambassador,
// the office opened, the informal measure known to its month and what it answered, the WTO case brought for a
// member, and a bloc's measures in a member's view from its accession on. The examples are the test's data:
// their event ids are fixed, so each expectation names the action it is about.

const idOf = (file: string, type: string) => episode(file).find((e) => e.type === type)!.eventId;
const LT_CN = 'lithuania-china-2021-2022.json';
const CUSTOMS_BLOCK = idOf(LT_CN, 'SanctionsImposed');
const OFFICE_OPENED = idOf(LT_CN, 'MissionOpened');

describeOnce('real episodes on the web page, in headless Chromium', () => {
  const app = useExamplesInBrowser();
  const open = async (query: string, ready: (page: Page) => Promise<void>) => {
    const page = await app.browser.open(`${app.h.url}/?${query}`);
    await ready(page);
    return page;
  };
  const relationsShown = (page: Page) =>
    until('the relations line', () => countOf(page, '[data-relations]'), 1).then(() => undefined);

  it("Lithuania–China: China's downgrade to chargé d'affaires level, by China, and not before it", async () => {
    const page = await open('a=CN&b=LT&asOf=2022-06-01', relationsShown);
    const line = page.locator('[data-relations]');
    expect(await line.getAttribute('data-relations')).toBe('downgraded');
    expect(await line.getAttribute('data-level')).toBe('charge-d-affaires');
    expect(await line.getAttribute('data-by')).toBe('CN');
    expect(await textOf(page, '[data-relations]')).toMatch(/chargé d’affaires level · by People's Republic of China/);
    await page.goto(`${app.h.url}/?a=CN&b=LT&asOf=2021-11-20`);
    await until('the day before', () => page.locator('[data-relations]').getAttribute('data-relations'), 'unrecorded');
    await page.close();
  });

  it('Lithuania–China: the customs block, informal and denied, known to its month, answering the office opened', async () => {
    const page = await open('a=CN&b=LT&asOf=2022-06-01', relationsShown);
    const block = page.locator(`.timeline li[data-event-id="${CUSTOMS_BLOCK}"]`).first();
    await block.waitFor();
    expect(await block.locator('[data-formality]').getAttribute('data-formality')).toBe('denied');
    expect(await block.locator('[data-precision]').getAttribute('data-precision')).toBe('month');
    expect(await block.textContent()).toContain('Dec 2021');
    expect(await block.locator('[data-responds-to]').getAttribute('data-responds-to')).toBe(OFFICE_OPENED);
    // In the state: the package in force since its month, China's on Lithuania.
    expect(await textOf(page, '[data-sanctions="CN>LT"]')).toMatch(/1 package.*since Dec 2021/s);
    await page.close();
  });

  it("Lithuania–China: the WTO case the EU brought for Lithuania, in the pair's view via the EU", async () => {
    const page = await open('a=CN&b=LT&asOf=2022-06-01', relationsShown);
    const dispute = '[data-dispute="WTO|DS610"]';
    await until('one dispute', () => countOf(page, '[data-dispute]'), 1);
    expect(await textOf(page, dispute)).toMatch(
      /WTO DS610, brought by European Union for Lithuania.*via membership of European Union/,
    );
    await page.close();
  });

  it('Lithuania–Taiwan: the Taiwanese Representative Office opened in Vilnius, and no relations recorded', async () => {
    const page = await open('a=LT&b=TW&asOf=2022-06-01', relationsShown);
    expect(await page.locator('[data-relations]').getAttribute('data-relations')).toBe('unrecorded');
    expect(await textOf(page, '[data-relations]')).toMatch(/not recorded/);
    expect(await textOf(page, '[data-mission="TW>LT|representative-office|Vilnius"]')).toMatch(
      /representative office in Vilnius\s*open\s*since 18 Nov 2021/,
    );
    await page.goto(`${app.h.url}/?a=LT&b=TW&asOf=2021-11-17`);
    await relationsShown(page);
    expect(await countOf(page, '[data-cooperation="reciprocal-representative-offices"]')).toBe(1);
    expect(await countOf(page, '[data-mission]')).toBe(0);
    await page.close();
  });

  it("Saudi Arabia–Canada 2018: Canada's ambassador expelled, Saudi Arabia's recalled", async () => {
    const page = await open('a=CA&b=SA&asOf=2018-09-01', relationsShown);
    expect(await textOf(page, '[data-ambassador="CA>SA"]')).toMatch(/Canada’s ambassador in Saudi Arabia\s*expelled/);
    expect(await textOf(page, '[data-ambassador="SA>CA"]')).toMatch(/recalled/);
    expect(await page.locator('[data-relations]').getAttribute('data-by')).toBe('SA');
    await page.close();
  });

  it("Poland–Russia: the EU's agreement with Russia from Poland's accession on 1 May 2004, not before; its measures later", async () => {
    const cooperation = '[data-cooperation="eu-russia-partnership-and-cooperation-agreement"]';
    const before = await open('a=PL&b=RU&asOf=2004-04-30', relationsShown);
    expect(await countOf(before, cooperation)).toBe(0);
    await before.close();
    const after = await open('a=PL&b=RU&asOf=2004-05-01', relationsShown);
    await until('the agreement via the EU', () => countOf(after, cooperation), 1);
    expect(await textOf(after, cooperation)).toMatch(
      /since 1 Dec 1997 · by European Union · via membership of European Union/,
    );
    await after.close();
    const measures = await open('a=PL&b=RU&asOf=2015-01-01', relationsShown);
    const eu = measures.locator('[data-sanctions="EU>RU"]');
    await eu.waitFor();
    expect(await eu.getAttribute('data-via')).toBe('EU');
    expect(await eu.textContent()).toMatch(/via membership of European Union/);
    expect(await measures.locator('[data-sanctions="RU>EU"]').getAttribute('data-via')).toBe('EU');
    await measures.close();
  });

  it('logged no console errors and threw no exceptions on any page', () => {
    expect(app.browser.problems).toEqual([]);
  });
});
