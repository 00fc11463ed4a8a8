/**
 * The report page in a real browser: the fixture project's index.html is opened from disk in Chromium; it renders
 * with no console error and no network request, a failure expands, and the provider and status filters hide the rest.
 */
import { chromium, expect, test, type Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM_ARGS, chromiumCandidates, chromiumMissingMessage, findChromium, SYSTEM_CHROMIUM } from '../../../reporters/browser';
import { renderHtml } from '../../../reporters/html';
import type { ConformanceReport } from '../../../reporters/model';
import { HOSTILE_TITLE, hostileReport, runFixtureProject, tempDir } from './helpers';

let indexHtml: string;
test.beforeAll(async () => {
  const run = await runFixtureProject(tempDir('report-browser'));
  indexHtml = path.join(run.reportDir, 'index.html');
});

/** The data-provider / data-status of the rows matching `selector` that are visible. */
async function visibleRows(page: Page, selector: string): Promise<{ provider: string; status: string }[]> {
  const out: { provider: string; status: string }[] = [];
  for (const row of await page.locator(selector).all()) {
    if (await row.isVisible()) out.push({ provider: (await row.getAttribute('data-provider')) ?? '', status: (await row.getAttribute('data-status')) ?? '' });
  }
  return out;
}

/**
 * Opens a report file in Chromium (failing with how to install one when there is none) and hands the page over with
 * the list of problems seen: console errors, page errors and any request that is not to a local file.
 */
async function openReport(file: string, use: (page: Page, problems: string[]) => Promise<void>): Promise<void> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(chromiumMissingMessage(chromiumCandidates()));
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => !r.url().startsWith('file:') && problems.push(`network request: ${r.url()}`));
    await page.goto(pathToFileURL(file).href);
    await use(page, problems);
  } finally {
    await browser.close();
  }
}

test('the report opens from disk, renders the model, expands a failure and filters by provider and by status', async ({}, testInfo) => {
  await openReport(indexHtml, async (page, problems) => {

    const model = JSON.parse((await page.locator('#report-data').textContent()) ?? 'null') as ConformanceReport;
    await expect(page.locator('#verdict')).toHaveText(model.verdict);
    expect(await visibleRows(page, '#summary tbody tr')).toEqual(model.summary.rows.map((r) => ({ provider: r.provider, status: '' })));
    expect(await visibleRows(page, '#ids tbody tr')).toHaveLength(model.ids.length);

    const failure = page.locator('details.failure').first();
    await expect(failure.locator('pre.expected')).toBeHidden();
    await failure.locator('summary').first().click();
    await expect(failure).toHaveAttribute('open', '');
    await expect(failure.locator('pre.expected')).toHaveText(model.failures[0]!.expected!);
    await expect(failure.locator('pre.received')).toHaveText(model.failures[0]!.received!);
    await testInfo.attach('report-failure-expanded.png', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });

    await page.selectOption('#filter-provider', 'sonar');
    const sonarIds = await visibleRows(page, '#ids tbody tr');
    expect(sonarIds).toHaveLength(model.ids.filter((i) => i.provider === 'sonar').length);
    expect(new Set(sonarIds.map((r) => r.provider))).toEqual(new Set(['sonar']));
    expect(await visibleRows(page, '#summary tbody tr')).toEqual([{ provider: 'sonar', status: '' }]);
    await expect(failure).toBeHidden();

    await page.selectOption('#filter-provider', '');
    await page.selectOption('#filter-status', 'skipped');
    const skipped = await visibleRows(page, '#ids tbody tr');
    expect(skipped).toEqual(model.ids.filter((i) => i.status === 'skipped').map((i) => ({ provider: i.provider, status: 'skipped' })));
    await expect(failure).toBeHidden();

    await page.selectOption('#filter-status', 'failed');
    await expect(failure).toBeVisible();
    expect(await visibleRows(page, '#ids tbody tr')).toEqual(model.ids.filter((i) => i.status === 'failed').map((i) => ({ provider: i.provider, status: 'failed' })));
    await testInfo.attach('report-filtered-failed.png', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });

    expect(problems).toEqual([]);
  });
});

test('strings from tests and responses render as text, never as markup or script', async () => {
  const file = path.join(tempDir('report-hostile'), 'index.html');
  const report = await hostileReport();
  fs.writeFileSync(file, renderHtml(report));
  await openReport(file, async (page, problems) => {
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(2);
    const failure = page.locator('details.failure').first();
    await failure.locator('summary').first().click();
    await expect(failure.locator('summary').first()).toContainText(HOSTILE_TITLE);
    await expect(failure.locator('pre.expected')).toHaveText('"<b>"');
    await expect(failure.locator('pre.received')).toHaveText('"</pre>"');
    expect(JSON.parse((await page.locator('#report-data').textContent()) ?? 'null')).toEqual(JSON.parse(JSON.stringify(report)));
    expect(problems).toEqual([]);
  });
});

test('Chromium is looked for in CHROMIUM_PATH, then the system, then Playwright; the miss message says how to install one', () => {
  const bundled = () => '/fake/playwright-browsers/chromium';
  const env = { CHROMIUM_PATH: '/fake/custom/chromium' };
  expect(chromiumCandidates(env, bundled)).toEqual(['/fake/custom/chromium', SYSTEM_CHROMIUM, '/fake/playwright-browsers/chromium']);
  expect(findChromium(env, () => true, bundled)).toBe('/fake/custom/chromium');
  expect(findChromium(env, (p) => p !== '/fake/custom/chromium', bundled)).toBe(SYSTEM_CHROMIUM);
  expect(findChromium({}, (p) => p === '/fake/playwright-browsers/chromium', bundled)).toBe('/fake/playwright-browsers/chromium');
  expect(findChromium({}, () => false, bundled)).toBeUndefined();
  const message = chromiumMissingMessage(chromiumCandidates({}, bundled));
  expect(message).toContain('apt-get install -y chromium');
  expect(message).toContain('npx playwright install chromium');
});
