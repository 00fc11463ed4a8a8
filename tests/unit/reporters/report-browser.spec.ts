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
import { buildReport } from '../../../reporters/model';
import type { Exchange } from '../../../src/http/types';
import { checkFailure, collected, FIXTURE_CATALOG, fixtureSpec, HOSTILE_TITLE, hostileReport, reportInput, runFixtureProject, tempDir } from './helpers';

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
    await page.locator('details.problem').first().locator('summary').first().click();
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
    await page.locator('details.problem').first().locator('summary').first().click();
    await failure.locator('summary').first().click();
    await expect(failure.locator('summary').first()).toContainText(HOSTILE_TITLE);
    await expect(failure.locator('pre.expected')).toHaveText('"<b>"');
    await expect(failure.locator('pre.received')).toHaveText('"</pre>"');
    expect(JSON.parse((await page.locator('#report-data').textContent()) ?? 'null')).toEqual(JSON.parse(JSON.stringify(report)));
    expect(problems).toEqual([]);
  });
});

/** A production run where one missing property broke two tests: one problem, exchanges with a named secret and hidden health data. */
async function groupedReport() {
  const spec = await fixtureSpec();
  const exchange = (id: string): Exchange => ({
    id,
    label: 'mint a token',
    request: { method: 'POST', url: 'https://api.reporter.test/v1/tokens?user=<string>', headers: { 'x-api-key': '[REDACTED]', 'content-type': 'application/json' }, body: '{"note":"it\'s mine"}', secrets: { 'header:x-api-key': 'SAHHA_API_KEY' } },
    response: { status: 201, headers: { 'content-type': 'application/json' }, body: '{"score":"<number>","birthDate":"<date>"}' },
    startedAt: '2025-06-01T10:00:01.000Z',
    durationMs: 9,
    attempts: [{ attempt: 1, startedAt: '2025-06-01T10:00:01.000Z', durationMs: 9, status: 201 }],
  });
  const missingToken = checkFailure('GEN-SCHEMA', {
    title: 'Body does not match the documented schema',
    message: 'Received: body must have property "token"\nDocumented: 201 application/json',
    pointer: '#/paths/~1tokens/post/responses/201/content/application~1json/schema',
    diagnostics: [{ code: 'required', pointer: '', schemaPointer: '#/paths/~1tokens/post/responses/201/content/application~1json/schema/required', message: 'body must have property "token"' }],
  });
  const tests = [
    collected('sahha', 'GEN-SCHEMA createToken (POST /tokens) answers as documented', 'failed', { checkFailures: [missingToken], exchanges: [exchange('a')] }),
    collected('sahha', 'SAH-TOK-1 client credentials give an account token', 'failed', { checkFailures: [missingToken], exchanges: [exchange('b')] }),
    collected('sonar', 'SON-TOK-1 an API key gives a user token', 'passed'),
    collected('sonar', 'SON-TOK-5 a mobile token is single-use', 'skipped', { skipReason: 'mock only' }),
  ];
  const catalog = FIXTURE_CATALOG.map((e) => (e.id === 'SAH-TOK-1' ? { ...e, behaviour: 'client credentials -> `accountToken`, refreshed with `refreshToken`' } : e));
  const input = reportInput(spec, tests, { catalog, healthData: 'hidden' });
  input.providers = input.providers.map((p) => ({ ...p, target: 'production' }));
  return buildReport(input);
}

test('the grouped view: one problem opens to its tests; the failure shows expected and received side by side, the body diff, the curl and rerun lines, and health-data placeholders', async ({}, testInfo) => {
  const file = path.join(tempDir('report-grouped'), 'index.html');
  const report = await groupedReport();
  expect(report.problems).toHaveLength(1);
  fs.writeFileSync(file, renderHtml(report));
  await openReport(file, async (page, problems) => {
    const model = JSON.parse((await page.locator('#report-data').textContent()) ?? 'null') as ConformanceReport;
    const [problem] = model.problems;
    await expect(page.locator('#verdict')).toHaveText('drift');
    await expect(page.locator('.reasons li').first()).toHaveText(model.verdictReasons[0]!);
    expect(model.verdictReasons[0]).toBe('1 distinct problem (2 failing tests).');

    // Per-provider bar: one segment per non-zero count, as wide as the model says.
    for (const row of model.summary.rows) {
      const segments = page.locator(`.bar-row[data-provider="${row.provider}"] .seg`);
      const shown = Object.fromEntries(await segments.evaluateAll((els) => els.map((e) => [e.getAttribute('data-kind'), Number(e.getAttribute('data-count'))])));
      const expected = Object.fromEntries((['passed', 'failed', 'skipped', 'known'] as const).filter((k) => row.total[k] > 0).map((k) => [k, row.total[k]]));
      expect(shown).toEqual(expected);
    }

    // The grouped view: the problem closed, its tests under it.
    const group = page.locator('details.problem');
    await expect(group).toHaveCount(1);
    await expect(group.locator('.problem-title code')).toHaveText(['token']);
    await expect(group.locator('details.failure').first()).toBeHidden();
    await group.locator('summary').first().click();
    await expect(group.locator('details.failure')).toHaveCount(problem!.tests.length);
    expect(await group.locator("details.failure > summary").allTextContents()).toEqual(problem!.tests.map((t) => expect.stringContaining(t)));

    const failure = group.locator('details.failure').first();
    await failure.locator('summary').first().click();
    const box = async (selector: string) => (await failure.locator(selector).first().boundingBox())!;
    const [expected, received] = [await box('pre.expected'), await box('pre.received')];
    expect(Math.abs(expected.y - received.y), 'expected and received side by side').toBeLessThan(2);
    expect(received.x).toBeGreaterThan(expected.x + expected.width - 1);
    await expect(failure.locator('pre.diff .d-minus')).toHaveText(model.failures[0]!.diff!.lines.filter((l) => l.sign === '-').map((l) => `- ${l.text}`));
    await expect(failure.locator('code.rerun')).toHaveText(model.failures[0]!.rerun!);

    const exchange = failure.locator('details.exchange').first();
    await exchange.locator('summary').click();
    await expect(exchange.locator('pre.curl')).toHaveText(model.failures[0]!.curl[0]!);
    expect(model.failures[0]!.curl[0]).toContain(`-H 'x-api-key: '"$SAHHA_API_KEY"`);
    expect(model.failures[0]!.curl[0]).not.toContain('[REDACTED]');
    await expect(page.locator('#health-data')).toHaveAttribute('data-health-data', 'hidden');
    await expect(exchange.locator('pre').nth(2)).toContainText('"score":"<number>"');
    await testInfo.attach('report-grouped-problem.png', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });

    // Markdown in catalog behaviour texts renders as code.
    await expect(page.locator('#ids tr', { hasText: 'SAH-TOK-1' }).locator('td.behaviour code')).toHaveText(['accountToken', 'refreshToken']);
    await testInfo.attach('report-catalog-ids.png', { body: await page.locator('#ids').screenshot(), contentType: 'image/png' });
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
